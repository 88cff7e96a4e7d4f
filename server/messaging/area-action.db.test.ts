import crypto from "node:crypto";
import type PgBoss from "pg-boss";
import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTownRoutesStatus } from "@/db/queries/area-status";
import { updateRouteStatus } from "@/db/queries/route-status";
import { createRoute, listRoutesForCoordinators } from "@/db/queries/routes";
import { createUser } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { routeStatusEvents } from "@/db/schema/routes";
import { towns } from "@/db/schema/places";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { EMPTY_LOCALIZED_TEXT, inLanguage } from "@/lib/localized-text";
import type { SessionUser } from "@/lib/session-user";
import { answerResident } from "./conversation";
import { deliver, type Senders } from "./delivery";
import { DELIVERY_QUEUE, type DeliveryJob } from "./queue";
import { relayOutbox } from "./relay";
import { getSubscriberKeys } from "./subscriber-keys";
import { startTestJobQueue } from "./testing/job-queue";

// The area action ("close every route out of Lysychansk") on the demo scenario with a second and
// third route out of Lysychansk, through the real outbox triggers, relay and delivery: each route
// gets its own event and audit row, each subscriber one message, and a route changed meanwhile is
// refused by name while the others are saved.

let t: TestDb;
let boss: PgBoss;
let coordinator: SessionUser;
const sent: Array<{ address: string; text: string }> = [];
const recorder = (channel: "telegram" | "sms") => ({ channel, send: async (address: string, text: string) => void sent.push({ address, text }) });
const senders: Senders = { telegram: recorder("telegram"), sms: recorder("sms") };

const townId = async (slug: string) => (await t.db.select({ id: towns.id }).from(towns).where(eq(towns.slug, slug)))[0]!.id;
const routesOutOf = async (slug: string) => listRoutesForCoordinators(t.db, coordinator, { origin: slug });
const seenOf = (rows: Array<{ id: string; version: number }>) => rows.map((r) => ({ routeId: r.id, baseVersion: r.version }));

beforeAll(async () => {
  process.env.SUBSCRIBER_KEY = crypto.randomBytes(32).toString("base64");
  t = await createTestDb();
  await seedScenario(t.db);
  boss = await startTestJobQueue(t);
  const { id } = await createUser(t.db, null, { email: "area@example.org", password: "a long enough password", role: "coordinator" });
  coordinator = { id, email: "area@example.org", name: "", role: "coordinator", organisation: "" };
  const lysychansk = await townId("lysychansk");
  for (const destination of ["kramatorsk", "sloviansk"]) {
    await createRoute(t.db, coordinator, {
      originTownId: lysychansk,
      destinationTownId: await townId(destination),
      waypoints: [
        [38.44, 48.9],
        [37.6, 48.8],
      ],
      mode: "bus",
      assemblyPoint: EMPTY_LOCALIZED_TEXT,
      schedule: EMPTY_LOCALIZED_TEXT,
      organisationId: null,
      freshnessWindowHours: 6,
    });
  }
  // The new routes' own changes, relayed before anyone subscribes: not part of what is counted.
  await relayOutbox(t.db, boss);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await t?.drop();
});

const eventsOf = async (ids: string[]) =>
  (await t.db.select({ n: count() }).from(routeStatusEvents).where(inArray(routeStatusEvents.routeId, ids)))[0]!.n;
const auditsOf = async (ids: string[]) =>
  (await t.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.entityType, "route"), inArray(auditLog.entityId, ids))))[0]!.n;

async function runDue(): Promise<string[]> {
  const outcomes: string[] = [];
  for (;;) {
    const job = (await boss.fetch<DeliveryJob>(DELIVERY_QUEUE))?.[0];
    if (!job) return outcomes;
    outcomes.push(await deliver(t.db, boss, { target: job.data.target, jobId: job.id, keys: getSubscriberKeys(), senders, now: new Date() }));
    await boss.complete(DELIVERY_QUEUE, job.id);
  }
}

describe("one status for every route out of a town", () => {
  it("closes all three Lysychansk routes: an event and an audit row each, one message per subscriber", async () => {
    await answerResident(t.db, { channel: "telegram", address: "7001", text: "/subscribe Lysychansk", languageHint: "en" });
    await answerResident(t.db, { channel: "telegram", address: "7002", text: "/subscribe Лисичанськ", languageHint: "uk" });

    const before = await routesOutOf("lysychansk");
    expect(before).toHaveLength(3);
    const ids = before.map((r) => r.id);
    const [events, audits] = [await eventsOf(ids), await auditsOf(ids)];
    const result = await setTownRoutesStatus(t.db, coordinator, {
      townId: await townId("lysychansk"),
      seen: seenOf(before),
      kind: "update",
      status: "closed",
      reasonCodes: ["shelling_or_air_strikes"],
      reason: inLanguage("en", "Shelling in the town centre"),
    });
    expect(result.refused).toEqual([]);
    expect(result.saved.map((r) => r.slug).sort()).toEqual(before.map((r) => r.slug).sort());

    const after = await routesOutOf("lysychansk");
    expect(after.every((r) => r.status === "closed" && r.statusReasonCodes.join() === "shelling_or_air_strikes")).toBe(true);
    expect(after.every((r) => r.version === before.find((b) => b.id === r.id)!.version + 1)).toBe(true);
    expect(await eventsOf(ids)).toBe(events + 3);
    expect(await auditsOf(ids)).toBe(audits + 3);

    // The triggers queued one change per route; the relay makes one delivery per subscriber.
    expect(await relayOutbox(t.db, boss)).toBe(3);
    expect(await runDue()).toEqual(["sent", "sent"]);
    expect(sent.map((s) => s.address).sort()).toEqual(["7001", "7002"]);
    const english = sent.find((s) => s.address === "7001")!.text;
    for (const destination of ["Bakhmut", "Kramatorsk", "Sloviansk"]) expect(english).toMatch(new RegExp(`Lysychansk → ${destination}: Closed`));
  });

  it("refuses by name a route changed since the form was shown, and saves the others", async () => {
    const shown = await routesOutOf("lysychansk");
    const changed = shown.find((r) => r.slug === "lysychansk-bakhmut")!;
    await updateRouteStatus(t.db, coordinator, { routeId: changed.id, baseVersion: changed.version, status: "caution", reasonCodes: ["shelling_or_air_strikes"], reason: EMPTY_LOCALIZED_TEXT, source: null });
    const events = await eventsOf([changed.id]);

    const result = await setTownRoutesStatus(t.db, coordinator, { townId: await townId("lysychansk"), seen: seenOf(shown), kind: "confirm" });
    expect(result.refused).toEqual([expect.objectContaining({ slug: "lysychansk-bakhmut", why: "changed", destination: expect.objectContaining({ nameEn: "Bakhmut" }) })]);
    expect(result.saved).toHaveLength(2);
    // Left as the other coordinator set it, with no event of ours.
    const after = await routesOutOf("lysychansk");
    expect(after.find((r) => r.id === changed.id)!.status).toBe("caution");
    expect(await eventsOf([changed.id])).toBe(events);
    // The others were re-confirmed with their own status (closed), as new "confirm" events.
    const confirms = await t.db
      .select({ n: count() })
      .from(routeStatusEvents)
      .where(and(inArray(routeStatusEvents.routeId, result.saved.map((r) => r.routeId)), eq(routeStatusEvents.kind, "confirm"), eq(routeStatusEvents.status, "closed")));
    expect(confirms[0]!.n).toBe(2);
  });

  it("refuses a route the form did not show, and a route from another town passed as if it were the town's", async () => {
    const shown = await routesOutOf("lysychansk");
    const [hidden, ...rest] = shown;
    const stranger = (await routesOutOf("hirske"))[0]!;
    const result = await setTownRoutesStatus(t.db, coordinator, {
      townId: await townId("lysychansk"),
      seen: seenOf([...rest, stranger]),
      kind: "update",
      status: "open",
      reasonCodes: [],
      reason: EMPTY_LOCALIZED_TEXT,
    });
    expect(result.refused.map((r) => [r.slug, r.why]).sort()).toEqual([
      [hidden!.slug, "unseen"],
      [stranger.slug, "changed"],
    ].sort());
    expect(result.saved.map((r) => r.slug).sort()).toEqual(rest.map((r) => r.slug).sort());
    expect((await routesOutOf("hirske"))[0]!.version).toBe(stranger.version);
  });

  it("is refused to anyone who is not a coordinator", async () => {
    await expect(setTownRoutesStatus(t.db, null, { townId: await townId("lysychansk"), seen: [], kind: "confirm" })).rejects.toThrow();
  });
});
