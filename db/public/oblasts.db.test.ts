import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriberKeys } from "@/lib/sealing";
import { seedNationalScenario } from "../seed-national";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getPublicOblastView, listPublicOblastSummaries } from "./oblasts";
import { listPublicRouteStatuses } from "./route-statuses";
import { listPublicTowns } from "./towns";

// The home page's oblasts and an oblast's towns count routes by the status shown now, in SQL:
// the counts must be what the routes themselves say (lib/freshness.ts, through the API's read).

let t: TestDb;
const now = new Date();

beforeAll(async () => {
  t = await createTestDb();
  await seedNationalScenario(t.db, { scale: "small", seed: 5, keys: subscriberKeys(crypto.randomBytes(32)) });
});
afterAll(async () => {
  await t?.drop();
});

type Counts = Record<string, number>;
const tally = (statuses: string[]): Counts => statuses.reduce<Counts>((c, s) => ({ ...c, [s]: (c[s] ?? 0) + 1 }), {});
const nonZero = (counts: Counts): Counts => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe("oblast and town counts", () => {
  it("each oblast counts its towns with routes out and its routes by shown status, as the routes say", async () => {
    const [summaries, routes, towns] = await Promise.all([listPublicOblastSummaries(t.db, { now }), listPublicRouteStatuses(t.db, { now }), listPublicTowns(t.db)]);
    expect(summaries.length).toBeGreaterThan(1);
    const oblastOfTown = new Map(towns.map((x) => [x.slug, x.oblast.slug]));
    for (const oblast of summaries) {
      const mine = routes.filter((r) => r.oblast === oblast.slug);
      expect(oblast.routeCount, oblast.slug).toBe(mine.length);
      expect(nonZero(oblast.statusCounts), oblast.slug).toEqual(tally(mine.map((r) => r.route.status)));
      expect(oblast.townCount, oblast.slug).toBe(new Set(mine.map((r) => r.route.origin.slug)).size);
      expect(mine.every((r) => oblastOfTown.get(r.route.origin.slug) === oblast.slug)).toBe(true);
    }
    expect(summaries.reduce((n, o) => n + o.routeCount, 0)).toBe(routes.length);
  });

  it("an oblast's page lists exactly its towns with routes out, each with its counts, and when a count next changes", async () => {
    const [summaries, routes] = await Promise.all([listPublicOblastSummaries(t.db, { now }), listPublicRouteStatuses(t.db, { now })]);
    const oblast = summaries[0]!;
    const view = (await getPublicOblastView(t.db, { now, slug: oblast.slug }))!;
    expect(view.oblast.slug).toBe(oblast.slug);
    expect(view.towns).toHaveLength(oblast.townCount);
    for (const town of view.towns) {
      const mine = routes.filter((r) => r.route.origin.slug === town.slug);
      expect(town.routeCount).toBe(mine.length);
      expect(nonZero(town.statusCounts)).toEqual(tally(mine.map((r) => r.route.status)));
    }
    const staleAts = routes
      .filter((r) => r.oblast === oblast.slug && r.route.freshUntil && Date.parse(r.route.freshUntil) > now.getTime())
      .map((r) => Date.parse(r.route.freshUntil!));
    if (staleAts.length > 0) expect(Math.abs(view.nextStaleAt!.getTime() - Math.min(...staleAts))).toBeLessThan(1000);
    else expect(view.nextStaleAt).toBeNull();
    expect(await getPublicOblastView(t.db, { now, slug: "no-such-oblast" })).toBeNull();
  });
});
