import type PgBoss from "pg-boss";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messageOutbox, messagingState } from "@/db/schema/messaging";
import { routes } from "@/db/schema/routes";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { routeFreshness } from "@/lib/freshness";
import { sweepTimeBased } from "./relay";
import { startTestJobQueue } from "./testing/job-queue";

// The freshness edge is stated three times: lib/freshness.ts (what every output shows), the outbox
// trigger (a confirmation after the last one lapsed is news) and the sweep (a status that lapsed
// since the last sweep is news). They must agree to the millisecond at the boundary instant, or a
// resident is told "confirmed" by a message that was queued because it was not.

let t: TestDb;
let boss: PgBoss;
let route: { id: string; status: "open" | "caution" | "closed" | "unknown"; freshnessWindowHours: number };
const confirmedAt = new Date("2030-01-01T06:00:00.000Z");

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  boss = await startTestJobQueue(t);
  const [row] = await t.db.select({ id: routes.id, status: routes.status, freshnessWindowHours: routes.freshnessWindowHours }).from(routes).where(eq(routes.slug, "lysychansk-bakhmut"));
  route = row!;
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await t?.drop();
});
beforeEach(async () => {
  await t.db.update(routes).set({ statusConfirmedAt: confirmedAt }).where(eq(routes.id, route.id));
  await t.db.delete(messageOutbox).where(isNotNull(messageOutbox.id));
});

const staleAt = () => routeFreshness({ ...route, statusConfirmedAt: confirmedAt }, confirmedAt).staleAt!;
const at = (ms: number) => new Date(staleAt().getTime() + ms);
const fresh = (now: Date) => routeFreshness({ ...route, statusConfirmedAt: confirmedAt }, now).fresh;
const queued = async () => (await t.db.select().from(messageOutbox).where(and(eq(messageOutbox.topicKind, "route"), eq(messageOutbox.topicId, route.id)))).length > 0;

describe("the sweep and lib/freshness.ts at the boundary instant", () => {
  // [from, now): the sweep queues a route exactly when it was fresh at the last sweep and is not now.
  const cases: Array<[string, number, number]> = [
    ["ending at the boundary instant", -1, 0],
    ["ending just past it", -1, 1],
    ["starting at it", 0, 1],
    ["starting just past it", 1, 2],
  ];
  for (const [name, fromMs, nowMs] of cases) {
    it(`a sweep ${name}`, async () => {
      await t.db.update(messagingState).set({ sweptUntil: at(fromMs) }).where(eq(messagingState.id, 1));
      await sweepTimeBased(t.db, boss, at(nowMs));
      expect(await queued()).toBe(fresh(at(fromMs)) && !fresh(at(nowMs)));
    });
  }
});

describe("the outbox trigger and lib/freshness.ts at the boundary instant", () => {
  // A confirmation is news when the one before it had lapsed at that instant.
  for (const ms of [-1, 0, 1]) {
    it(`a re-confirmation ${ms} ms from the edge`, async () => {
      await t.db.execute(sql`update ${routes} set status_confirmed_at = ${at(ms).toISOString()}::timestamptz where id = ${route.id}`);
      expect(await queued()).toBe(!fresh(at(ms)));
    });
  }
});
