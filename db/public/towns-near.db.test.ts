import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { listPublicTownsNearRoute } from "./towns";

// The towns a route's map names around it: the neighbours of the drive out, nearest to the origin
// first, never the whole country.

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: new Date() });
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe("listPublicTownsNearRoute", () => {
  it("gives the route's towns and their neighbours, the origin first, and none far away", async () => {
    const slugs = (await listPublicTownsNearRoute(t.db, { slug: "lysychansk-bakhmut" })).map((town) => town.slug);
    expect(slugs[0]).toBe("lysychansk");
    // Across the Siverskyi Donets and along the way to Bakhmut.
    for (const near of ["bakhmut", "sievierodonetsk", "rubizhne", "hirske", "popasna"]) expect(slugs).toContain(near);
    for (const far of ["dnipro", "kyiv", "mariupol", "kharkiv"]) expect(slugs).not.toContain(far);
    // Nearest first: Sievierodonetsk (~6 km) before Bakhmut (~45 km).
    expect(slugs.indexOf("sievierodonetsk")).toBeLessThan(slugs.indexOf("bakhmut"));
  });

  it("keeps to its limit, and gives nothing for an unknown or missing route", async () => {
    expect(await listPublicTownsNearRoute(t.db, { slug: "lysychansk-bakhmut", limit: 2 })).toHaveLength(2);
    expect(await listPublicTownsNearRoute(t.db, { slug: "no-such-route" })).toEqual([]);
    expect(await listPublicTownsNearRoute(t.db, {})).toEqual([]);
  });
});
