import crypto from "node:crypto";
import { eq, or } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriberKeys } from "@/lib/sealing";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { towns } from "../schema/places";
import { routes } from "../schema/routes";
import { SCALES } from "../scenario/national";
import { seedNationalScenario } from "../seed-national";
import { createTestDb, type TestDb } from "../testing/test-db";
import { INCIDENT_ROUTE_FILTER_MAX, listIncidentRouteFilterOptions } from "./incidents";

// The incident queue once offered every route in its filter on every page: thousands of options,
// most of a megabyte of HTML at national scale. Its route filter offers the chosen town's routes.

let t: TestDb;
const admin: SessionUser = { id: crypto.randomUUID(), email: "a@example.org", name: "", role: "admin", organisation: "" };

beforeAll(async () => {
  t = await createTestDb();
  await seedNationalScenario(t.db, { scale: "small", seed: 11, now: new Date("2026-11-21T15:00:00Z"), keys: subscriberKeys(crypto.randomBytes(32)) });
});
afterAll(async () => {
  await t?.drop();
});

/** The routes from or to a town, counted apart from the query under test. */
async function routesOf(slug: string): Promise<string[]> {
  const [town] = await t.db.select({ id: towns.id }).from(towns).where(eq(towns.slug, slug));
  const rows = await t.db.select({ slug: routes.slug }).from(routes).where(or(eq(routes.originTownId, town!.id), eq(routes.destinationTownId, town!.id)));
  return rows.map((r) => r.slug).sort();
}

describe("the incident lists' route filter", () => {
  it("offers no route until a town is chosen, however many routes there are", async () => {
    expect(await t.db.$count(routes)).toBe(SCALES.small.routes);
    expect(await listIncidentRouteFilterOptions(t.db, admin, {})).toEqual([]);
  });

  it("offers exactly the chosen town's routes, a small part of all", async () => {
    const [town] = await t.db.selectDistinct({ slug: towns.slug }).from(towns).innerJoin(routes, eq(routes.originTownId, towns.id)).orderBy(towns.slug).limit(1);
    const expected = await routesOf(town!.slug);
    const offered = await listIncidentRouteFilterOptions(t.db, admin, { town: town!.slug });
    expect(offered.map((r) => r.slug).sort()).toEqual(expected);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.length).toBeLessThan(SCALES.small.routes / 4);
    expect(offered.length).toBeLessThanOrEqual(INCIDENT_ROUTE_FILTER_MAX);
    expect(Object.keys(offered[0]!).sort()).toEqual(["destination", "origin", "slug"]); // no waypoints carried into the page
  });

  it("keeps a route a shared link filters by, even without its town", async () => {
    const [route] = await t.db.select({ slug: routes.slug }).from(routes).limit(1);
    expect((await listIncidentRouteFilterOptions(t.db, admin, { route: route!.slug })).map((r) => r.slug)).toEqual([route!.slug]);
  });

  it("is for coordinators only", async () => {
    await expect(listIncidentRouteFilterOptions(t.db, null, {})).rejects.toBeInstanceOf(AccessError);
  });
});
