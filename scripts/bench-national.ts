// National-scale bench of the public reads and the lite pages: a fresh database on the local
// PostgreSQL named by DATABASE_URL (created here, dropped at the end) is loaded with the national
// set (db/scenario/national.ts: 500 towns, 3,000 routes, 100,000 status events, 20,000 incidents),
// analysed, then each read a resident page or an API page makes is timed (median of 5 after a
// warm-up), and the routes export is streamed whole. Prints one table with the machine's load average. A measurement, not a CI test:
// `npm run bench:national`. Page sizes need the built server.
import crypto from "node:crypto";
import os from "node:os";
import postgres from "postgres";
import { openDb } from "@/db/client";
import { parsePostgresUrl } from "@/db/config";
import { listPublicIncidentPage } from "@/db/public/incidents";
import { getPublicOblastView, listPublicOblastSummaries } from "@/db/public/oblasts";
import { pagePublicRouteStatuses } from "@/db/public/route-statuses";
import { getPublicTownView } from "@/db/public/route-views";
import { pagePublicTowns } from "@/db/public/towns";
import { exportRouteStatusPages } from "@/db/queries/exports";
import { seedNationalScenario } from "@/db/seed-national";
import { ConfigError } from "@/lib/config-error";
import { hxlCsvBody } from "@/lib/hxl/csv";
import { routeStatusColumns } from "@/lib/hxl/routes";
import { pagedStream } from "@/lib/hxl/stream";
import { subscriberKeys } from "@/lib/sealing";
import type { SessionUser } from "@/lib/session-user";
import { runScript } from "./run-script";

const RUNS = 5;
const admin: SessionUser = { id: crypto.randomUUID(), email: "bench@example.org", name: "bench", role: "admin", organisation: "bench" };

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

runScript(async () => {
  const base = process.env.DATABASE_URL?.trim();
  if (!base) throw new ConfigError("bench:national needs DATABASE_URL naming a local PostgreSQL server (it creates and drops a database there).");
  const server = parsePostgresUrl(base);
  if (!["localhost", "127.0.0.1", "::1"].includes(server.host)) throw new ConfigError(`refusing to benchmark against ${server.host}: only a local PostgreSQL.`);
  const name = `corridor_national_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  const adminSql = postgres(base, { onnotice: () => {}, max: 1 });
  await adminSql.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDb({ ...parsePostgresUrl(url.toString()), oneRole: true });
  try {
    const loadAtStart = os.loadavg()[0]!.toFixed(1);
    await handle.migrate();
    const seedStart = performance.now();
    await seedNationalScenario(handle.db, { scale: "national", seed: 1, keys: subscriberKeys(crypto.randomBytes(32)) });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    await handle.db.execute("analyze");
    const db = handle.db;
    const now = new Date();
    const firstPage = await pagePublicRouteStatuses(db, { now, limit: 100 });
    const oblasts = await listPublicOblastSummaries(db, { now });
    const biggest = [...oblasts].sort((a, b) => b.townCount - a.townCount)[0]!;
    const oblastView = (await getPublicOblastView(db, { now, slug: biggest.slug }))!;
    const town = [...oblastView.towns].sort((a, b) => b.routeCount - a.routeCount)[0]!;

    const rows: [string, string, string][] = [];
    const time = async (what: string, fn: () => Promise<unknown>, size = "") => rows.push([what, `${(await median(fn)).toFixed(0)} ms`, size]);

    await time("/api/v1/routes: first page of 100 (read)", () => pagePublicRouteStatuses(db, { now, limit: 100 }));
    await time("/api/v1/routes: a later page (read)", () => pagePublicRouteStatuses(db, { now, limit: 100, after: firstPage.next }));
    await time("/api/v1/routes?status=closed (read)", () => pagePublicRouteStatuses(db, { now, limit: 100, status: "closed" }));
    await time(`/api/v1/routes?oblast=${biggest.slug} (read)`, () => pagePublicRouteStatuses(db, { now, limit: 100, oblast: biggest.slug }));
    await time("/api/v1/towns: first page (read)", () => pagePublicTowns(db, { limit: 100 }));
    await time("/api/v1/incidents.geojson: first page (read)", () => listPublicIncidentPage(db, { limit: 100 }));
    await time("home: oblast counts (read)", () => listPublicOblastSummaries(db, { now }));
    await time(`oblast page ${biggest.slug}: ${oblastView.towns.length} towns (read)`, () => getPublicOblastView(db, { now, slug: biggest.slug }));
    await time(`town page ${town.slug}: ${town.routeCount} routes (read)`, () => getPublicTownView(db, { now, slug: town.slug }));

    // The lite pages make the same reads as the full ones (server/lite/data.ts), which import
    // next-intl through the renderer: not loadable under this script's react-server condition.

    const exportStart = performance.now();
    let bytes = 0;
    const reader = pagedStream(exportRouteStatusPages(db, admin, { scope: "partner" }), hxlCsvBody(routeStatusColumns("partner"))).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    rows.push(["routes.csv, partner, every status event (streamed)", `${((performance.now() - exportStart) / 1000).toFixed(1)} s`, `${(bytes / 1024 / 1024).toFixed(1)} MB`]);

    console.log(`National set loaded in ${seedSeconds.toFixed(0)} s. Load average at start ${loadAtStart}, at end ${os.loadavg()[0]!.toFixed(1)} (${os.cpus().length} cores).`);
    console.log("| output | median of 5 | size |\n| --- | --- | --- |");
    for (const [what, ms, size] of rows) console.log(`| ${what} | ${ms} | ${size} |`);
  } finally {
    await handle.close();
    await adminSql.unsafe(`drop database if exists "${name}" with (force)`);
    await adminSql.end();
  }
});
