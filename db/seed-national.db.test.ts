import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriberKeys } from "@/lib/sealing";
import { rowsOf } from "./client";
import { messageOutbox, messagingState, subscribers } from "./schema/messaging";
import { hromadas, towns } from "./schema/places";
import { routes, routeStatusEvents } from "./schema/routes";
import { generateNationalScenario, SCALES } from "./scenario/national";
import { seedNationalScenario } from "./seed-national";
import { createTestDb, type TestDb } from "./testing/test-db";

// The small variant of the national set: the same code path as the national load, at a size a
// test run can afford twice.
const TABLES = [
  "sources", "oblasts", "hromadas", "towns", "routes", "route_status_events", "incidents", "incident_sources",
  "incident_routes", "incident_revisions", "corridor_agreements", "agreement_parties", "agreement_routes",
  "agreement_sources", "corridor_alerts", "area_notices", "subscribers", "subscriptions",
];

/** Every row of the scenario's tables, without what is random by design (the seal's IV) or set by the clock of the insert. */
async function snapshot(t: TestDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const result = await t.db.execute(
      // corridor_alerts are written by a trigger, with ids of its own.
      sql.raw(`select (row_to_json(x)::jsonb - 'address_sealed' - 'created_at' - 'sent_at' - '${table === "corridor_alerts" ? "id" : ""}')::text as j from "${table}" x order by 1`),
    );
    out[table] = rowsOf<{ j: string }>(result).map((r) => r.j);
  }
  return out;
}

const now = new Date("2026-11-21T15:00:00Z");
const keys = subscriberKeys(crypto.randomBytes(32));
let a: TestDb;
let b: TestDb;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDb(), createTestDb()]);
  await seedNationalScenario(a.db, { scale: "small", seed: 7, now, keys });
});
afterAll(async () => {
  await Promise.all([a?.drop(), b?.drop()]);
});

describe("the scale scenario", () => {
  it("refuses to seal with another key than the one the database's subscribers were sealed with, writing nothing", async () => {
    await b.db.update(messagingState).set({ keyCheck: subscriberKeys(crypto.randomBytes(32)).check }).where(eq(messagingState.id, 1));
    await expect(seedNationalScenario(b.db, { scale: "small", seed: 7, now, keys })).rejects.toThrow(/SUBSCRIBER_KEY/);
    expect(await b.db.select().from(towns)).toEqual([]);
    await b.db.update(messagingState).set({ keyCheck: null }).where(eq(messagingState.id, 1));
  });

  it("is the same set of rows for the same seed and clock, and another set for another seed", async () => {
    await seedNationalScenario(b.db, { scale: "small", seed: 7, now, keys });
    const [first, second] = [await snapshot(a), await snapshot(b)];
    expect(first.route_status_events).toHaveLength(SCALES.small.statusEvents);
    expect(second).toEqual(first);
    const names = (seed: number) => generateNationalScenario("small", seed, now).towns.map((t) => t.slug);
    expect(names(8)).not.toEqual(names(7));
  });

  it("holds the sizes of its scale, towns in hromadas with P-codes, and each route's status from its newest event", async () => {
    const allTowns = await a.db.select().from(towns);
    expect(allTowns).toHaveLength(SCALES.small.towns);
    const hromadaPcodes = new Map((await a.db.select().from(hromadas)).map((h) => [h.id, h.pcode]));
    for (const town of allTowns) {
      const hromada = hromadaPcodes.get(town.hromadaId!);
      expect(hromada, town.slug).toMatch(/^UA\d{7}$/);
      expect(town.pcode?.startsWith(hromada!), town.slug).toBe(true);
      for (const name of [town.nameUk, town.nameRu, town.nameEn]) expect(name.trim()).not.toBe("");
    }
    const newest = rowsOf<{ route_id: string; status: string; confirmed_at: string; route_version: number }>(
      await a.db.execute(sql`select distinct on (route_id) route_id, status, confirmed_at, route_version from route_status_events order by route_id, confirmed_at desc`),
    );
    const byId = new Map((await a.db.select().from(routes)).map((r) => [r.id, r]));
    expect(newest).toHaveLength(SCALES.small.routes);
    for (const e of newest) {
      const route = byId.get(e.route_id)!;
      expect(route.status).toBe(e.status);
      expect(route.version).toBe(e.route_version);
      expect(route.statusConfirmedAt!.getTime()).toBe(new Date(e.confirmed_at).getTime());
      expect(route.statusConfirmedAt!.getTime()).toBeLessThan(now.getTime());
    }
  });

  it("seals subscribers with the configured key, as the webhooks do, and queues no message about its history", async () => {
    const rows = await a.db.select().from(subscribers);
    expect(rows).toHaveLength(SCALES.small.subscribers);
    for (const s of rows) {
      const address = keys.open(s.addressSealed);
      expect(s.addressSealed).not.toContain(address);
      expect(s.addressHash).toBe(keys.hash(s.channel, address));
    }
    const [state] = await a.db.select().from(messagingState).where(eq(messagingState.id, 1));
    expect(state?.keyCheck).toBe(keys.check);
    expect(await a.db.select().from(messageOutbox)).toEqual([]);
  });

  it("refuses a database that already has towns, changing nothing", async () => {
    const before = (await a.db.select({ id: routeStatusEvents.id }).from(routeStatusEvents)).length;
    await expect(seedNationalScenario(a.db, { scale: "small", seed: 9, now, keys })).rejects.toThrow(/empty database/);
    expect((await a.db.select({ id: routeStatusEvents.id }).from(routeStatusEvents)).length).toBe(before);
  });
});
