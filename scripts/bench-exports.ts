// Export benchmark: 100,000 incidents must export without being loaded into memory.
// Creates a fresh database (a new one on the local PostgreSQL named by DATABASE_URL, dropped at the
// end; in-memory PGlite without it), seeds the scenario's places and BENCH_INCIDENTS incidents with
// generate_series, then streams each export through the same page iterator and stream the route
// handlers use, reading it as a client would. Reports rows/s and how far the heap and RSS rose above
// where they started; exits 1 if the heap grew by more than BENCH_MAX_HEAP_MB (default 50).
// BENCH_SCALE=national loads the national set instead (db/seed-national.ts, seed 1: 3,000 routes and
// 100,000 status events), where the route history export is the one that grows.
// The machine is shared, so wall-clock time measures the other work on it as much as the export:
// each export also reports the CPU time it used, in this process and in the PostgreSQL backends of
// its database (read from /proc: the bench only runs against a local server).
// A measurement, not a CI test: `npm run bench:exports`.
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import { exportIncidentPages, exportRouteStatusCsvPages } from "@/db/queries/exports";
import { rowsOf, type Db } from "@/db/client";
import { seedScenario } from "@/db/seed";
import { seedNationalScenario } from "@/db/seed-national";
import { createTestDb } from "@/db/testing/test-db";
import { hxlCsvBody, hxlCsvLinesBody } from "@/lib/hxl/csv";
import { incidentColumns, incidentFeature } from "@/lib/hxl/incidents";
import { routeStatusColumns } from "@/lib/hxl/routes";
import type { ExportScope } from "@/lib/hxl/scope";
import { geoJsonBody, pagedStream } from "@/lib/hxl/stream";
import { subscriberKeys } from "@/lib/sealing";
import type { SessionUser } from "@/lib/session-user";
import { runScript } from "./run-script";

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const NATIONAL = process.env.BENCH_SCALE === "national";
const MAX_HEAP_MB = Number(process.env.BENCH_MAX_HEAP_MB ?? 50);
const MB = 1024 * 1024;
const admin: SessionUser = { id: crypto.randomUUID(), email: "bench@example.org", name: "bench", role: "admin", organisation: "bench" };

const gc = (globalThis as { gc?: () => void }).gc;

type Counter = { rows: number; querySeconds: number };

type Result = {
  name: string;
  rows: number;
  querySeconds: number;
  bytes: number;
  seconds: number;
  nodeCpuSeconds: number;
  /** null on PGlite (its work is this process's) or where /proc cannot be read. */
  postgresCpuSeconds: number | null;
  heapGrowthMb: number;
  rssGrowthMb: number;
};

/** CPU seconds (user + system) the PostgreSQL backends serving this database have used so far; null where unknown. */
async function postgresCpu(db: Db, onPostgres: boolean): Promise<number | null> {
  if (!onPostgres) return null;
  try {
    const pids = rowsOf<{ pid: number }>(await db.execute(sql`select pid from pg_stat_activity where datname = current_database()`));
    return pids.reduce((sum, { pid }) => {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
      return sum + (Number(fields[11]) + Number(fields[12])) / 100;
    }, 0);
  } catch {
    return null;
  }
}

/** Counts the rows the iterator yields, so the figure is rows, not lines (summaries may hold line breaks). */
async function* counting<T>(pages: AsyncIterator<T[]>, counter: Counter): AsyncGenerator<T[]> {
  try {
    for (;;) {
      const asked = performance.now();
      const next = await pages.next();
      counter.querySeconds += (performance.now() - asked) / 1000;
      if (next.done) return;
      counter.rows += next.value.length;
      yield next.value;
    }
  } finally {
    await pages.return?.(undefined);
  }
}

async function measure(db: Db, onPostgres: boolean, name: string, stream: (counter: Counter) => ReadableStream<Uint8Array>): Promise<Result> {
  gc?.();
  const pgBefore = await postgresCpu(db, onPostgres);
  const cpuBefore = process.cpuUsage();
  const start = process.memoryUsage();
  let peakHeap = start.heapUsed;
  let peakRss = start.rss;
  const counter: Counter = { rows: 0, querySeconds: 0 };
  let bytes = 0;
  let chunks = 0;
  const began = performance.now();
  const reader = stream(counter).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    // The chunk is dropped here, as a network socket would after sending it.
    if (++chunks % 10 === 0) {
      // What the export holds on to, not garbage the collector has not reached yet.
      gc?.();
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }
  }
  const seconds = (performance.now() - began) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const pgAfter = await postgresCpu(db, onPostgres);
  gc?.();
  const end = process.memoryUsage();
  peakHeap = Math.max(peakHeap, end.heapUsed);
  peakRss = Math.max(peakRss, end.rss);
  return {
    name,
    rows: counter.rows,
    querySeconds: counter.querySeconds,
    bytes,
    seconds,
    nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
    postgresCpuSeconds: pgBefore === null || pgAfter === null ? null : pgAfter - pgBefore,
    heapGrowthMb: (peakHeap - start.heapUsed) / MB, rssGrowthMb: (peakRss - start.rss) / MB };
}

runScript(async () => {
  const t = await createTestDb();
  try {
    const what = NATIONAL ? "the national set" : `${INCIDENTS.toLocaleString("en")} incidents`;
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (${os.cpus().length} cores)`);
    console.log(`bench:exports on ${t.label} (${t.description}), ${what}, heap limit +${MAX_HEAP_MB} MB${gc ? "" : " (run with --expose-gc for steadier figures)"}`);
    const seeding = performance.now();
    if (NATIONAL) {
      await seedNationalScenario(t.db, { scale: "national", seed: 1, keys: subscriberKeys(crypto.randomBytes(32)) });
    } else {
      await seedScenario(t.db);
      // Ties of three incidents at one instant (keyset boundaries fall inside them), a tenth internal,
      // every 17th retracted, half with an exact point, unknown casualties, formula-looking summaries.
      await t.db.execute(sql`
        with town_ids as (select array_agg(id order by slug) as ids from towns),
             categories as (select enum_range(null::incident_category) as c)
        insert into incidents (category, occurred_at, reported_at, town_id, lat, lon, geo_precision, killed, injured, missing,
                               public_summary, internal_description, verification, visibility)
        select categories.c[1 + g % 13],
               now() - (g / 3) * interval '1 minute',
               now() - (g / 3) * interval '1 minute' + interval '2 hours',
               town_ids.ids[1 + g % array_length(town_ids.ids, 1)],
               case when g % 2 = 0 then 48.0 + (g % 1000) / 1000.0 end,
               case when g % 2 = 0 then 37.0 + (g % 997) / 1000.0 end,
               (array['place','near','region'])[1 + g % 3]::geo_precision,
               case when g % 5 = 0 then null else g % 4 end,
               case when g % 3 = 0 then null else g % 7 end,
               null,
               case when g % 101 = 0 then '=HYPERLINK("http://example.org")' else 'Shelling reported near the road out of town, incident ' || g || '; "several" houses damaged.' end,
               'Internal notes for incident ' || g || ': witness details withheld.',
               (array['unverified','corroborated','verified','disputed','false'])[case when g % 17 = 0 then 5 else 1 + g % 4 end]::verification_state,
               (case when g % 10 = 0 then 'internal' else 'public' end)::visibility
        from generate_series(1, ${INCIDENTS}) as g, town_ids, categories`);
      await t.db.execute(sql`
        insert into sources (kind, outlet, url)
        select (array['wire_agency','local_media','official_channel','eyewitness'])[1 + g % 4]::source_kind,
               'Outlet ' || g, 'https://example.org/source/' || g
        from generate_series(1, 50) as g`);
      await t.db.execute(sql`
        with s as (select array_agg(id order by outlet) as ids from sources)
        insert into incident_sources (incident_id, source_id)
        select i.id, s.ids[1 + abs(hashtext(i.id::text)) % array_length(s.ids, 1)] from incidents i, s
        on conflict do nothing`);
    }
    await t.db.execute(sql`analyze`);
    console.log(`seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const onPostgres = t.label === "postgres";
    const m = (name: string, stream: (counter: Counter) => ReadableStream<Uint8Array>) => measure(t.db, onPostgres, name, stream);
    const incidentsCsv = (scope: ExportScope) => (c: Counter) =>
      pagedStream(counting(exportIncidentPages(t.db, admin, { scope }), c), hxlCsvBody(incidentColumns(scope)));
    const results = [
      await m("incidents.csv (partner)", incidentsCsv("partner")),
      await m("incidents.csv (internal)", incidentsCsv("internal")),
      await m("incidents.geojson (partner)", (c) =>
        pagedStream(counting(exportIncidentPages(t.db, admin, { scope: "partner" }), c), geoJsonBody(incidentFeature)),
      ),
      // As the route handler streams it: lines written by PostgreSQL.
      await m("routes.csv (partner)", (c) =>
        pagedStream(counting(exportRouteStatusCsvPages(t.db, admin, { scope: "partner" }), c), hxlCsvLinesBody(routeStatusColumns("partner"))),
      ),
      await m("routes.csv (internal)", (c) =>
        pagedStream(counting(exportRouteStatusCsvPages(t.db, admin, { scope: "internal" }), c), hxlCsvLinesBody(routeStatusColumns("internal"))),
      ),
    ];
    console.table(
      results.map((r) => ({
        export: r.name,
        rows: r.rows,
        "MB out": +(r.bytes / MB).toFixed(1),
        seconds: +r.seconds.toFixed(2),
        "in queries s": +r.querySeconds.toFixed(2),
        "rows/s": Math.round(r.rows / r.seconds),
        "node CPU s": +r.nodeCpuSeconds.toFixed(2),
        "PostgreSQL CPU s": r.postgresCpuSeconds === null ? "" : +r.postgresCpuSeconds.toFixed(2),
        "live heap growth MB": +r.heapGrowthMb.toFixed(1),
        "peak RSS growth MB": +r.rssGrowthMb.toFixed(1),
      })),
    );
    const over = results.filter((r) => r.heapGrowthMb > MAX_HEAP_MB);
    if (over.length > 0) {
      throw new Error(`heap grew by more than ${MAX_HEAP_MB} MB in: ${over.map((r) => r.name).join(", ")}`);
    }
    console.log(`memory stayed flat: the heap never grew more than ${MAX_HEAP_MB} MB while writing ${(results[0]!.bytes / MB).toFixed(0)} MB of CSV`);
  } finally {
    await t.drop();
  }
});
