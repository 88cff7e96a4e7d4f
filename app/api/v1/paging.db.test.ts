import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedNationalScenario } from "@/db/seed-national";
import { copyRoute, countPublishedIncidents, countRoutes, touchRoute } from "@/db/testing/scale-fixtures";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { NEXT_CHANGE_HEADER } from "@/lib/next-change";
import { encodeCursor } from "@/lib/cursor-page";
import { subscriberKeys } from "@/lib/sealing";
import { PUBLIC_ROUTE_STATUSES } from "@/db/public/api-schemas";

// Paging of the list answers on the small scale scenario (40 towns, 90 routes, 120 incidents):
// walking the next links gives every matching row exactly once, in one order, with the total on
// every page; filters narrow before paging; nothing is ever cut without a next link.

const state = vi.hoisted(() => ({ db: null as Db | null }));
vi.mock("@/db", () => ({ getDb: async () => state.db! }));

const routesApi = await import("./routes/route");
const routesGeo = await import("./routes.geojson/route");
const townsApi = await import("./towns/route");
const incidentsGeo = await import("./incidents.geojson/route");

const BASE = "http://localhost:3000";
type Handler = { GET: (request: Request) => Promise<Response> };
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await seedNationalScenario(t.db, { scale: "small", seed: 3, keys: subscriberKeys(crypto.randomBytes(32)) });
  state.db = t.db;
});
afterAll(async () => {
  await t?.drop();
});

/** Follows the next links from `path`; returns each page's items (by `key`) and headers. */
async function walk(handler: Handler, path: string, items: (body: unknown) => unknown[], key: (item: unknown) => string) {
  const pages: { keys: string[]; total: string | null; link: string | null }[] = [];
  let next: string | null = path;
  while (next) {
    const answer = await handler.GET(new Request(`${BASE}${next}`));
    expect(answer.status, next).toBe(200);
    const link = answer.headers.get("link");
    pages.push({ keys: items(await answer.json()).map(key), total: answer.headers.get("x-total-count"), link });
    next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
    expect(pages.length).toBeLessThan(200);
  }
  return pages;
}

const routeItems = (body: unknown) => (body as { routes: unknown[] }).routes;
const routeSlug = (r: unknown) => (r as { slug: string }).slug;
const featureItems = (body: unknown) => (body as { features: unknown[] }).features;
const featureId = (f: unknown) => (f as { id: string }).id;

describe("paging of the public API", () => {
  it("the routes: every route once, by slug, with the total on every page and no next link on the last", async () => {
    const count = await countRoutes(t.db);
    const pages = await walk(routesApi, "/api/v1/routes?limit=25", routeItems, routeSlug);
    const slugs = pages.flatMap((p) => p.keys);
    expect(pages.map((p) => p.keys.length)).toEqual([25, 25, 25, count - 75]);
    expect(new Set(slugs).size).toBe(count);
    expect(slugs).toEqual([...slugs].sort());
    for (const page of pages) expect(page.total).toBe(String(count));
    expect(pages.at(-1)!.link).toBeNull();
    // The default page holds them all here (100): one page, no link. The GeoJSON pages the same way.
    const all = await walk(routesApi, "/api/v1/routes", routeItems, routeSlug);
    expect(all).toHaveLength(1);
    expect(all[0]!.keys).toEqual(slugs);
    const geo = await walk(routesGeo, "/api/v1/routes.geojson?limit=40", featureItems, featureId);
    expect(geo.flatMap((p) => p.keys)).toHaveLength(count);
  });

  it("a cursor is a position, not an offset: a route added before it does not shift the next page", async () => {
    const first = await routesApi.GET(new Request(`${BASE}/api/v1/routes?limit=10`));
    const firstSlugs = routeItems(await first.json()).map(routeSlug);
    const next = /^<([^>]+)>/.exec(first.headers.get("link")!)![1]!;
    const before = routeItems(await (await routesApi.GET(new Request(`${BASE}${next}`))).json()).map(routeSlug);
    // A copy of the first route under a slug that sorts before every other.
    const remove = await copyRoute(t.db, firstSlugs[0]!, "aaa-first");
    try {
      const after = routeItems(await (await routesApi.GET(new Request(`${BASE}${next}`))).json()).map(routeSlug);
      expect(after).toEqual(before);
    } finally {
      await remove();
    }
  });

  it("bounds: a page of one, and a last page that is exactly full has no next link", async () => {
    const count = await countRoutes(t.db);
    const exact = await walk(routesApi, `/api/v1/routes?limit=${count}`, routeItems, routeSlug);
    expect(exact).toHaveLength(1);
    expect(exact[0]!.keys).toHaveLength(count);
    const ones = await walk(routesApi, "/api/v1/routes?oblast=luhansk&limit=1", routeItems, routeSlug);
    expect(ones.every((p) => p.keys.length === 1)).toBe(true);
    expect(ones.at(-1)!.link).toBeNull();
    const [one] = routeItems(await (await routesApi.GET(new Request(`${BASE}/api/v1/routes?oblast=luhansk&limit=1`))).json()) as { origin: { slug: string } }[];
    const town = one!.origin.slug;
    const fromTown = await walk(routesApi, `/api/v1/routes?town=${town}&limit=2`, routeItems, routeSlug);
    expect(fromTown.flatMap((p) => p.keys).length).toBe(Number(fromTown[0]!.total));
  });

  it("a cursor survives deletes: a route removed before it does not repeat or skip a row", async () => {
    const first = await routesApi.GET(new Request(`${BASE}/api/v1/routes?limit=10`));
    const next = /^<([^>]+)>/.exec(first.headers.get("link")!)![1]!;
    const before = routeItems(await (await routesApi.GET(new Request(`${BASE}${next}`))).json()).map(routeSlug);
    const remove = await copyRoute(t.db, before[0]!, "aaa-gone");
    const restoredFirst = await routesApi.GET(new Request(`${BASE}/api/v1/routes?limit=10`));
    expect(routeItems(await restoredFirst.json()).map(routeSlug)[0]).toBe("aaa-gone");
    await remove();
    expect(routeItems(await (await routesApi.GET(new Request(`${BASE}${next}`))).json()).map(routeSlug)).toEqual(before);
  });

  it("filters by oblast, status and changed-since before paging, and the total counts what matches", async () => {
    const all = routeItems(await (await routesApi.GET(new Request(`${BASE}/api/v1/routes?limit=1000`))).json()) as { slug: string; status: string; origin: { slug: string } }[];
    const towns = (await (await townsApi.GET(new Request(`${BASE}/api/v1/towns?limit=1000`))).json()) as { towns: { slug: string; oblast: { slug: string } }[] };
    const oblastOf = new Map(towns.towns.map((x) => [x.slug, x.oblast.slug]));
    const inLuhansk = all.filter((r) => oblastOf.get(r.origin.slug) === "luhansk");
    expect(inLuhansk.length).toBeGreaterThan(0);
    const pages = await walk(routesApi, "/api/v1/routes?oblast=luhansk&limit=3", routeItems, routeSlug);
    expect(pages.flatMap((p) => p.keys)).toEqual(inLuhansk.map((r) => r.slug).sort());
    expect(pages[0]!.total).toBe(String(inLuhansk.length));

    // The status filter runs in SQL, the status shown is computed by lib/freshness.ts: both agree on every route.
    for (const status of PUBLIC_ROUTE_STATUSES) {
      const answer = await routesApi.GET(new Request(`${BASE}/api/v1/routes?status=${status}&limit=1000`));
      expect(routeItems(await answer.json()).map(routeSlug), status).toEqual(all.filter((r) => r.status === status).map((r) => r.slug).sort());
    }
    expect(new Set(all.map((r) => r.status)).size).toBeGreaterThan(2);
    const closedAnswer = await routesApi.GET(new Request(`${BASE}/api/v1/routes?status=closed&limit=1000`));
    // The next-change rule holds for a page: of every route, not only those on it.
    const unfiltered = await routesApi.GET(new Request(`${BASE}/api/v1/routes?limit=1`));
    expect(closedAnswer.headers.get(NEXT_CHANGE_HEADER)).toBe(unfiltered.headers.get(NEXT_CHANGE_HEADER));

    // Changed since: a route written now is in; one last written before is not.
    const since = new Date();
    await touchRoute(t.db, all[5]!.slug, new Date(since.getTime() + 1000));
    const changed = routeItems(await (await routesApi.GET(new Request(`${BASE}/api/v1/routes?changedSince=${since.toISOString()}`))).json()).map(routeSlug);
    expect(changed).toContain(all[5]!.slug);
    expect(changed.length).toBeLessThan(all.length);
  });

  it("the towns and the incidents page the same way, incidents newest first, never cut short without a link", async () => {
    const towns = await walk(townsApi, "/api/v1/towns?limit=7", (b) => (b as { towns: unknown[] }).towns, (x) => (x as { slug: string }).slug);
    const townSlugs = towns.flatMap((p) => p.keys);
    expect(new Set(townSlugs).size).toBe(townSlugs.length);
    expect(String(townSlugs.length)).toBe(towns[0]!.total);

    const expected = await countPublishedIncidents(t.db);
    const pages = await walk(incidentsGeo, "/api/v1/incidents.geojson?limit=20", featureItems, featureId);
    const ids = pages.flatMap((p) => p.keys);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    expect(pages[0]!.total).toBe(String(expected));
    // Newest first across pages.
    const all = featureItems(await (await incidentsGeo.GET(new Request(`${BASE}/api/v1/incidents.geojson?limit=10000`))).json()) as { id: string; properties: { occurredAt: string } }[];
    expect(all.map((f) => f.id)).toEqual(ids);
    const at = all.map((f) => Date.parse(f.properties.occurredAt));
    expect(at).toEqual([...at].sort((a, b) => b - a));
    const oblast = await walk(incidentsGeo, "/api/v1/incidents.geojson?oblast=donetsk&limit=5", featureItems, featureId);
    expect(Number(oblast[0]!.total)).toBe(oblast.flatMap((p) => p.keys).length);
    expect(Number(oblast[0]!.total)).toBeLessThan(expected);
  });

  it("refuses a bad limit or a cursor it did not give with problem+json, naming the parameter", async () => {
    const cursorOf = (list: string, ...key: string[]) => encodeCursor(list, key);
    for (const [handler, path, name] of [
      [routesApi, "/api/v1/routes?limit=0", "limit"],
      [routesApi, "/api/v1/routes?limit=1001", "limit"],
      [townsApi, "/api/v1/towns?limit=ten", "limit"],
      [routesApi, "/api/v1/routes?cursor=not-ours", "cursor"],
      [incidentsGeo, `/api/v1/incidents.geojson?cursor=${Buffer.from(JSON.stringify([1, "2026-01-01T00:00:00Z", "x"])).toString("base64url")}`, "cursor"],
      [routesApi, "/api/v1/routes?changedSince=yesterday", "changedSince"],
      // Instants PostgreSQL cannot take, and forms the API never writes: 400, never a failed query's 503.
      [incidentsGeo, "/api/v1/incidents.geojson?changedSince=0000-01-01T00:00:00Z", "changedSince"],
      [incidentsGeo, "/api/v1/incidents.geojson?changedSince=9999-12-31T23:59:59-14:00", "changedSince"],
      [incidentsGeo, `/api/v1/incidents.geojson?cursor=${cursorOf("/api/v1/incidents.geojson", "+275760-09-13T00:00:00.000Z", "00000000-0000-0000-0000-000000000000")}`, "cursor"],
      [incidentsGeo, `/api/v1/incidents.geojson?cursor=${cursorOf("/api/v1/incidents.geojson", "Tue, 01 Jan 2030 00:00:00 GMT", "00000000-0000-0000-0000-000000000000")}`, "cursor"],
      // A cursor another list gave (towns and routes are both sorted by slug).
      [routesApi, `/api/v1/routes?cursor=${cursorOf("/api/v1/towns", "hirske")}`, "cursor"],
      [townsApi, `/api/v1/towns?cursor=${cursorOf("/api/v1/routes", "hirske-bakhmut")}`, "cursor"],
    ] as const) {
      const answer = await (handler as Handler).GET(new Request(`${BASE}${path}`));
      expect(answer.status, path).toBe(400);
      expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const body = (await answer.json()) as { invalidParams: { name: string }[] };
      expect(body.invalidParams.map((p) => p.name), path).toEqual([name]);
    }
  });

  it("gives each page its own tag, and 304 for a page that did not change", async () => {
    const first = await routesApi.GET(new Request(`${BASE}/api/v1/routes?limit=10`));
    const link = /^<([^>]+)>/.exec(first.headers.get("link")!)![1]!;
    const second = await routesApi.GET(new Request(`${BASE}${link}`));
    expect(first.headers.get("etag")).not.toBe(second.headers.get("etag"));
    const again = await routesApi.GET(new Request(`${BASE}${link}`, { headers: { "If-None-Match": second.headers.get("etag")! } }));
    expect(again.status).toBe(304);
    expect(again.headers.get("link")).toBe(second.headers.get("link"));
  });
});
