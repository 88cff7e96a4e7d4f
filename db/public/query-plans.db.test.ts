import crypto from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriberKeys } from "@/lib/sealing";
import type { Db } from "../client";
import * as schema from "../schema";
import { seedNationalScenario } from "../seed-national";
import { createTestDb, type TestDb } from "../testing/test-db";
import { gzipSync } from "node:zlib";
import { LOCALES } from "@/i18n/routing";
import { liteHomeData, liteOblastData, liteTownData } from "@/server/lite/data";
import { renderLiteHome, renderLiteOblast, renderLiteTown } from "@/server/lite/render";
import { listPublicIncidentPage } from "./incidents";
import { getPublicOblastView } from "./oblasts";
import { getPublicRouteView, getPublicTownView } from "./route-views";
import { pagePublicRoutes } from "./routes";
import { listPublicStatusEvents } from "./status-events";
import { listSearchableTowns, pagePublicTowns } from "./towns";
import { townFilter } from "@/lib/town-search";
import { exportRouteStatusCsvPages, exportRouteStatusPages } from "../queries/exports";
import { listIncidentsForCoordinators, listIncidentsForReview } from "../queries/incidents";
import { listRouteChoices, pageRoutesForCoordinators } from "../queries/routes";

// The plans PostgreSQL chooses for the public reads that answer one resident or one API page, on
// the national scale set (500 towns, 3,000 routes, 100,000 status events) after ANALYZE: the rows of
// a page, a town, an oblast or a route are found through an index, never by reading every route
// or every status event. PostgreSQL only: PGlite runs the same planner, but this is about the
// server a deployment runs; at a tenth of the size a scan of 400 routes is rightly cheaper than
// any index, and loading the whole set in WASM takes many minutes.
//
// The status events (100,000 rows, growing by the day) are never read whole for one answer, nor
// the incidents (20,000) for a page of them (their total counts most of the table, and may). The routes table is a few thousand narrow rows: the routes page walks it
// through its slug index, but totals, counts per oblast, an oblast's counts and the towns page's
// "has a route" test may scan it once where PostgreSQL judges that cheaper than many index probes
// (it does at 3,000 rows: about 0.2 ms of work); a test forbidding that would fight the planner.

const onPostgres = Boolean(process.env.DATABASE_URL?.trim());
const now = new Date();

type Plan = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; "Index Cond"?: string; Plans?: Plan[] };

let t: TestDb;
let client: Sql;
let logged: Db;
let captured: { query: string; params: unknown[] }[] = [];
const probe = { route: "", town: "", oblast: "" };

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  await seedNationalScenario(t.db, { scale: "national", seed: 11, keys: subscriberKeys(crypto.randomBytes(32)) });
  client = (t.db as unknown as { $client: Sql }).$client;
  await client.unsafe("analyze");
  const [row] = await client.unsafe(
    "select r.slug as route, t.slug as town, o.slug as oblast from routes r join towns t on t.id = r.origin_town_id join oblasts o on o.id = t.oblast_id order by r.slug limit 1",
  );
  Object.assign(probe, row);
  // The same connection, with every statement recorded so it can be explained.
  logged = drizzle(client, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Db;
}, 600_000);
afterAll(async () => {
  await t?.drop();
});

function nodes(plan: Plan): Plan[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** Every plan node of every statement `read` ran. */
async function plansOf(read: (db: Db) => Promise<unknown>): Promise<{ query: string; nodes: Plan[] }[]> {
  captured = [];
  await read(logged);
  const out = [];
  for (const { query, params } of captured) {
    const [row] = await client.unsafe(`explain (format json) ${query}`, params as never[]);
    const plan = (row as unknown as { "QUERY PLAN": { Plan: Plan }[] })["QUERY PLAN"][0]!.Plan;
    out.push({ query, nodes: nodes(plan) });
  }
  return out;
}

const seqScans = (plan: { nodes: Plan[] }, table: string) => plan.nodes.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === table);

describe.skipIf(!onPostgres)("query plans of the public reads at national scale (PostgreSQL)", () => {
  it("API pages: routes and towns by keyset through the byte-order slug indexes, incidents by their index", async () => {
    const first = await plansOf((db) => pagePublicRoutes(db, { now, limit: 100 }));
    const after = await plansOf((db) => pagePublicRoutes(db, { now, limit: 100, after: ["m"] }));
    const towns = await plansOf((db) => pagePublicTowns(db, { limit: 100, after: ["k"] }));
    for (const plans of [first, after, towns]) {
      const page = plans.find((p) => / limit /i.test(p.query))!;
      expect(page, "the page's statement").toBeDefined();
      const indexes = page.nodes.map((n) => n["Index Name"]).filter(Boolean);
      expect(indexes.some((i) => /_slug_bytes_idx$/.test(i!)), JSON.stringify(indexes)).toBe(true);
    }
    for (const plans of [first, after]) {
      const page = plans.find((p) => / limit /i.test(p.query))!;
      expect(seqScans(page, "routes"), page.query).toEqual([]);
    }
    for (const plan of [...first, ...after, ...towns, ...(await plansOf((db) => listPublicIncidentPage(db, { limit: 100 })))]) {
      expect(seqScans(plan, "route_status_events"), plan.query).toEqual([]);
      // The total (X-Total-Count) of 14,000 published incidents counts more than half the table: a scan is right there.
      if (!/^select count\(\*\)/.test(plan.query)) expect(seqScans(plan, "incidents"), plan.query).toEqual([]);
    }
  });

  it("a town's, an oblast's and a route's page never read every status event or incident", async () => {
    const reads = [
      (db: Db) => getPublicTownView(db, { slug: probe.town, now }),
      (db: Db) => getPublicRouteView(db, { slug: probe.route, now }),
      (db: Db) => listPublicStatusEvents(db, { slug: probe.route, limit: 20 }),
      (db: Db) => getPublicOblastView(db, { slug: probe.oblast, now }),
    ];
    for (const read of reads) {
      for (const plan of await plansOf(read)) {
        expect(seqScans(plan, "route_status_events"), plan.query).toEqual([]);
        expect(seqScans(plan, "incidents"), plan.query).toEqual([]);
      }
    }
  });
});

describe.skipIf(!onPostgres)("query plan of the route history export at national scale (PostgreSQL)", () => {
  it("a later page starts at the cursor's route in the slug index instead of walking every earlier route's events again", async () => {
    const admin = { id: crypto.randomUUID(), email: "plans@example.org", name: "plans", role: "admin", organisation: "plans" } as const;
    const plans = await plansOf(async (db) => {
      const pages = exportRouteStatusPages(db, admin, { scope: "internal", pageSize: 100 });
      await pages.next();
      await pages.next();
      await pages.return(undefined);
    });
    expect(plans).toHaveLength(2);
    const later = plans[1]!;
    const routeScans = later.nodes.filter((n) => n["Relation Name"] === "routes");
    expect(routeScans.some((n) => /\bslug >=/.test(n["Index Cond"] ?? "")), JSON.stringify(routeScans)).toBe(true);
    expect(seqScans(later, "route_status_events"), later.query).toEqual([]);
  });

  it("the CSV's pages of 5,000 pick their events route by route through the route's index, never reading or sorting every event", async () => {
    const admin = { id: crypto.randomUUID(), email: "plans@example.org", name: "plans", role: "admin", organisation: "plans" } as const;
    const plans = await plansOf(async (db) => {
      const pages = exportRouteStatusCsvPages(db, admin, { scope: "internal" });
      // The first page, and one from the middle of the history (the 11th of 20).
      for (let i = 0; i < 11; i++) await pages.next();
      await pages.return(undefined);
    });
    expect(plans).toHaveLength(11);
    for (const plan of [plans[0]!, plans[10]!]) {
      expect(seqScans(plan, "route_status_events"), plan.query).toEqual([]);
      const indexes = plan.nodes.map((n) => n["Index Name"]).filter(Boolean);
      expect(indexes, plan.query).toContain("route_status_events_route_time_idx");
      // Nothing sorts the remaining history: the only sorts are of one route's events or of the page.
      expect(plan.nodes.filter((n) => n["Node Type"] === "Sort" && (n as { "Plan Rows"?: number })["Plan Rows"]! > 5000), plan.query).toEqual([]);
    }
  });
});

describe.skipIf(!onPostgres)("query plans of the staff lists at national scale (PostgreSQL)", () => {
  // An admin: the review queue is theirs, and the other lists are every coordinator's.
  const staff = { id: crypto.randomUUID(), email: "plans@example.org", name: "plans", role: "admin", organisation: "plans" } as const;

  it("the routes page, a form's route choices and the incident lists never read every status event", async () => {
    const reads = [
      (db: Db) => pageRoutesForCoordinators(db, staff, {}, now),
      (db: Db) => pageRoutesForCoordinators(db, staff, { origins: [probe.town], stale: true }, now),
      (db: Db) => listRouteChoices(db, staff, { town: probe.town }),
      (db: Db) => listIncidentsForCoordinators(db, staff, {}, 1),
      (db: Db) => listIncidentsForCoordinators(db, staff, { town: probe.town }, 1),
      (db: Db) => listIncidentsForReview(db, staff, {}, 1),
    ];
    for (const read of reads) {
      for (const plan of await plansOf(read)) expect(seqScans(plan, "route_status_events"), plan.query).toEqual([]);
    }
  });

  it("one town's incidents are found through the incidents' town index, not by reading all 20,000", async () => {
    const plans = await plansOf((db) => listIncidentsForCoordinators(db, staff, { town: probe.town }, 1));
    for (const plan of plans) expect(seqScans(plan, "incidents"), plan.query).toEqual([]);
  });
});

// The same national set, loaded once for both: the lite pages' budgets at the size they are for.
// The full pages' HTML (budget 30 KB gzip) is measured over HTTP by `npm run bench:national`.
describe.skipIf(!onPostgres)("lite pages at national scale (PostgreSQL)", () => {
  const LITE_BUDGET = 14 * 1024;

  it("the home, with and without a search, every oblast's page and the busiest town's page are each within 14 KB gzip and none lists every town", async () => {
    const [{ towns: townsWithRoutes, busiest }] = (await client.unsafe(
      "select count(distinct origin_town_id)::int as towns, (select t.slug from routes r join towns t on t.id = r.origin_town_id group by t.slug order by count(*) desc, t.slug limit 1) as busiest from routes",
    )) as unknown as [{ towns: number; busiest: string }];
    const oblastSlugs = (await client.unsafe("select slug from oblasts order by slug")).map((r) => String(r.slug));
    expect(townsWithRoutes).toBeGreaterThanOrEqual(400);
    const pages: { name: string; body: string }[] = [];
    for (const locale of LOCALES) {
      for (const query of ["", "ivan", "Новоселівка"]) {
        const { staleAt: _staleAt, ...data } = await liteHomeData(t.db, { now, query });
        pages.push({ name: `/${locale}/lite?q=${query}`, body: renderLiteHome({ locale, ...data }) });
      }
      for (const slug of oblastSlugs) {
        const data = await liteOblastData(t.db, { slug, now });
        pages.push({ name: `/${locale}/lite/oblasts/${slug}`, body: renderLiteOblast({ locale, ...data! }) });
      }
      const town = await liteTownData(t.db, { slug: busiest, now });
      pages.push({ name: `/${locale}/lite/towns/${busiest}`, body: renderLiteTown({ locale, ...town! }) });
    }
    const sizes = pages.map(({ name, body }) => ({ name, gzip: gzipSync(Buffer.from(body, "utf8")).length, towns: new Set(body.match(/\/lite\/towns\/[a-z0-9-]+/g) ?? []).size }));
    for (const { name, gzip, towns } of sizes) {
      expect(gzip, `${name} is ${gzip} bytes gzip`).toBeLessThanOrEqual(LITE_BUDGET);
      expect(towns, `${name} links ${towns} towns`).toBeLessThan(townsWithRoutes / 4);
    }
    const largest = sizes.reduce((a, b) => (b.gzip > a.gzip ? b : a));
    console.info(`lite pages at national scale: ${sizes.length} pages, largest ${largest.name} at ${largest.gzip} bytes gzip`);
  });
});

describe.skipIf(!onPostgres)("staff town filter at national scale (PostgreSQL)", () => {
  it("offers at most 8 towns for the name most towns share, and finds a unique name at once", async () => {
    const [{ name, towns: sharing }] = (await client.unsafe(
      "select name_en as name, count(*)::int as towns from towns group by name_en order by count(*) desc, name_en limit 1",
    )) as unknown as [{ name: string; towns: number }];
    const all = await listSearchableTowns(t.db);
    expect(all.length).toBeGreaterThanOrEqual(500);
    const shared = townFilter(all, undefined, name, 8);
    expect(shared.town).toBeNull();
    expect(shared.choices.length).toBe(Math.min(sharing, 8));
    const [{ slug, unique }] = (await client.unsafe(
      "select min(slug) as slug, name_uk as unique from towns group by name_uk having count(*) = 1 order by length(name_uk) desc, name_uk limit 1",
    )) as unknown as [{ slug: string; unique: string }];
    expect(townFilter(all, undefined, unique, 8).town?.slug).toBe(slug);
  });
});
