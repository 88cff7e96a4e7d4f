import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriberKeys } from "@/lib/sealing";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { rowsOf } from "../client";
import { seedNationalScenario } from "../seed-national";
import { createTestDb, type TestDb } from "../testing/test-db";
import { listRouteChoices, ROUTE_CHOICES_MAX } from "./routes";

// The agreement and incident forms offer one town's routes (and those the record names), never
// every route: on the regional set (400 routes) and a hub town given 150 more, the form stays the
// size of one town's routes, and a town with more than the form offers is said to have more.

let t: TestDb;
const coordinator: SessionUser = { id: crypto.randomUUID(), email: "c@example.org", name: "", role: "coordinator", organisation: "c" };
const HUB_EXTRA = 150;
let hub = "";
let totalRoutes = 0;

const routesOfTown = async (slug: string) =>
  rowsOf<{ id: string }>(
    await t.db.execute(sql`select r.id from routes r join towns o on o.id = r.origin_town_id join towns d on d.id = r.destination_town_id where o.slug = ${slug} or d.slug = ${slug}`),
  ).map((r) => r.id);

beforeAll(async () => {
  t = await createTestDb();
  await seedNationalScenario(t.db, { scale: "regional", seed: 5, keys: subscriberKeys(crypto.randomBytes(32)) });
  const [first] = rowsOf<{ id: string; slug: string; origin: string }>(
    await t.db.execute(sql`select r.id, r.slug, o.slug as origin from routes r join towns o on o.id = r.origin_town_id order by r.slug limit 1`),
  );
  hub = first!.origin;
  // The hub gets HUB_EXTRA more routes out, copies of its first one under new slugs.
  await t.db.execute(sql`
    insert into routes (slug, origin_town_id, destination_town_id, mode, waypoints)
    select r.slug || '-extra-' || g, r.origin_town_id, r.destination_town_id, r.mode, r.waypoints
    from routes r, generate_series(1, ${HUB_EXTRA}) as g where r.id = ${first!.id}`);
  totalRoutes = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from routes`))[0]!.n;
}, 300_000);
afterAll(async () => {
  await t?.drop();
});

describe("the routes a form offers", () => {
  it("are one town's routes, from or to it, never every route", async () => {
    const [quiet] = rowsOf<{ slug: string }>(
      await t.db.execute(sql`select o.slug from routes r join towns o on o.id = r.origin_town_id where o.slug <> ${hub} group by o.slug order by count(*) desc, o.slug limit 1`),
    );
    const expected = await routesOfTown(quiet!.slug);
    const { routes, more } = await listRouteChoices(t.db, coordinator, { town: quiet!.slug });
    expect(totalRoutes).toBeGreaterThan(500);
    expect(expected.length).toBeGreaterThan(0);
    expect(routes.map((r) => r.id).sort()).toEqual([...expected].sort());
    expect(routes.length).toBeLessThan(totalRoutes / 10);
    expect(more).toBe(false);
    // Labels in every language and the line for suggestions, nothing else about the route.
    expect(Object.keys(routes[0]!).sort()).toEqual(["destination", "id", "origin", "slug", "waypoints"]);
  });

  it("offer at most ROUTE_CHOICES_MAX of a busier town's, and say there are more", async () => {
    expect((await routesOfTown(hub)).length).toBeGreaterThan(ROUTE_CHOICES_MAX);
    const { routes, more } = await listRouteChoices(t.db, coordinator, { town: hub });
    expect(routes).toHaveLength(ROUTE_CHOICES_MAX);
    expect(more).toBe(true);
  });

  it("keep the routes the record already names, first, whichever town is chosen", async () => {
    const named = rowsOf<{ id: string }>(
      await t.db.execute(sql`select r.id from routes r join towns o on o.id = r.origin_town_id join towns d on d.id = r.destination_town_id where o.slug <> ${hub} and d.slug <> ${hub} order by r.slug desc limit 2`),
    ).map((r) => r.id);
    const { routes, more } = await listRouteChoices(t.db, coordinator, { town: hub, include: named });
    expect(routes.slice(0, 2).map((r) => r.id).sort()).toEqual([...named].sort());
    expect(routes).toHaveLength(ROUTE_CHOICES_MAX + 2);
    expect(more).toBe(true);
    const alone = await listRouteChoices(t.db, coordinator, { include: named });
    expect(alone.routes.map((r) => r.id).sort()).toEqual([...named].sort());
  });

  it("are none without a town or a named route, and a malformed id names nothing", async () => {
    expect(await listRouteChoices(t.db, coordinator, {})).toEqual({ routes: [], more: false });
    expect(await listRouteChoices(t.db, coordinator, { include: ["not-a-uuid' or true --"] })).toEqual({ routes: [], more: false });
    expect(await listRouteChoices(t.db, coordinator, { town: "no-such-town" })).toEqual({ routes: [], more: false });
  });

  it("are refused to anyone but staff", async () => {
    await expect(listRouteChoices(t.db, null, { town: hub })).rejects.toThrow(AccessError);
  });
});
