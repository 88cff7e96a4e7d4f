import crypto from "node:crypto";
import type PgBoss from "pg-boss";
import { count, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { updateRouteStatus } from "@/db/queries/route-status";
import { getRouteForCoordinator } from "@/db/queries/routes";
import { createUser } from "@/db/queries/users";
import { messageOutbox, messagePending, messagingState, subscribers } from "@/db/schema/messaging";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { inLanguage } from "@/lib/localized-text";
import type { SessionUser } from "@/lib/session-user";
import { answerResident } from "./conversation";
import { deliver, type Senders } from "./delivery";
import { DELIVERY_QUEUE, type DeliveryJob } from "./queue";
import { relayOutbox } from "./relay";
import { getSubscriberKeys } from "./subscriber-keys";
import { startTestJobQueue } from "./testing/job-queue";
import type { OutboundSender } from "./types";

// A large change is relayed in several transactions, each recording in the outbox row how far it
// went. Through the real triggers, a small batch size stands in for the 500 of production: a
// crash between batches (and one inside a batch) must neither tell anyone twice nor leave anyone
// out, and a new change must not wait behind the rest of a large one.

const PER_TRANSACTION = 5;
const HIRSKE = Array.from({ length: 12 }, (_, i) => String(7000 + i));
const LYSYCHANSK = ["8001", "8002"];

let t: TestDb;
let boss: PgBoss;
let coordinator: SessionUser;
const sent: Array<{ address: string; text: string }> = [];
const recorder: OutboundSender = { channel: "telegram", send: async (address, text) => void sent.push({ address, text }) };
const senders: Senders = { telegram: recorder, sms: null };

beforeAll(async () => {
  process.env.SUBSCRIBER_KEY = crypto.randomBytes(32).toString("base64");
  t = await createTestDb();
  await seedScenario(t.db);
  boss = await startTestJobQueue(t);
  const { id } = await createUser(t.db, null, { email: "relay@example.org", password: "a long enough password", role: "coordinator" });
  coordinator = { id, email: "relay@example.org", name: "", role: "coordinator", organisation: "" };
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await t?.drop();
});
beforeEach(async () => {
  sent.length = 0;
  await t.db.delete(subscribers).where(isNotNull(subscribers.id));
  await t.db.delete(messageOutbox).where(isNotNull(messageOutbox.id));
  await t.db.execute(sql`delete from pgboss.job`);
  await t.db.update(messagingState).set({ paused: false }).where(eq(messagingState.id, 1));
  for (const address of HIRSKE) await answerResident(t.db, { channel: "telegram", address, text: "/subscribe Hirske", languageHint: "en" });
  for (const address of LYSYCHANSK) await answerResident(t.db, { channel: "telegram", address, text: "/subscribe Lysychansk", languageHint: "en" });
});

async function changeRoute(slug: string) {
  const route = (await getRouteForCoordinator(t.db, coordinator, slug))!;
  const status = route.status === "closed" ? "caution" : "closed";
  await updateRouteStatus(t.db, coordinator, { routeId: route.id, baseVersion: route.version, status, reasonCodes: ["checkpoint_closed"], reason: inLanguage("en", ""), source: null });
}

const relayOnce = () => relayOutbox(t.db, boss, new Date(), { recipientsPerTransaction: PER_TRANSACTION });

/** Runs every delivery job due now, in the queue's order; returns the addresses told, in order. */
async function runDue(): Promise<string[]> {
  const before = sent.length;
  for (;;) {
    const [job] = (await boss.fetch<DeliveryJob>(DELIVERY_QUEUE)) ?? [];
    if (!job) return sent.slice(before).map((s) => s.address);
    await deliver(t.db, boss, { target: job.data.target, jobId: job.id, keys: getSubscriberKeys(), senders, now: new Date() });
    await boss.complete(DELIVERY_QUEUE, job.id);
  }
}

const outbox = async () => t.db.select({ relayedCount: messageOutbox.relayedCount, relayedThrough: messageOutbox.relayedThrough }).from(messageOutbox);
const pendingCount = async () => (await t.db.select({ n: count() }).from(messagePending))[0]!.n;
const jobsWaiting = async () =>
  rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = ${DELIVERY_QUEUE} and state in ('created', 'retry')`))[0]!.n;

/** A job queue whose inserts fail: the process dying in the middle of a relay transaction. */
function crashingBoss(): PgBoss {
  return new Proxy(boss, {
    get(target, property, receiver) {
      if (property === "insert") return () => Promise.reject(new Error("the instance died mid-relay"));
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

describe("the relay of a large change, in bounded transactions", () => {
  it("queues at most a batch per transaction and records how far it went", async () => {
    await changeRoute("hirske-bakhmut");
    expect(await relayOnce()).toBe(1);
    expect(await pendingCount()).toBe(PER_TRANSACTION);
    expect(await jobsWaiting()).toBe(PER_TRANSACTION);
    const [row] = await outbox();
    expect(row).toMatchObject({ relayedCount: PER_TRANSACTION, relayedThrough: expect.any(String) });
    // The rest follows, a batch at a time, and the last batch removes the outbox row.
    expect(await relayOnce()).toBe(1);
    expect(await relayOnce()).toBe(1);
    expect(await outbox()).toEqual([]);
    expect(await relayOnce()).toBe(0);
    expect(await pendingCount()).toBe(HIRSKE.length);
    expect(await jobsWaiting()).toBe(HIRSKE.length);
  });

  it("tells everyone exactly once across a crash between batches and one inside a batch", async () => {
    await changeRoute("hirske-bakhmut");
    await relayOnce();
    // The first batch's recipients are told before the relay goes on (as in production, where
    // the delivery loops start on each committed batch); their pending rows are gone.
    const first = await runDue();
    expect(first).toHaveLength(PER_TRANSACTION);
    expect(await pendingCount()).toBe(0);

    // The instance dies in the middle of the second batch: nothing of it stays, the progress
    // recorded by the first is unchanged.
    await expect(relayOutbox(t.db, crashingBoss(), new Date(), { recipientsPerTransaction: PER_TRANSACTION })).rejects.toThrow(/died mid-relay/);
    expect(await outbox()).toEqual([expect.objectContaining({ relayedCount: PER_TRANSACTION })]);
    expect(await pendingCount()).toBe(0);
    expect(await jobsWaiting()).toBe(0);

    // Another instance (or this one, restarted) goes on from the recorded progress, not from the start.
    while ((await relayOnce()) > 0) await runDue();
    const told = sent.map((s) => s.address);
    expect(told).toHaveLength(HIRSKE.length);
    expect([...told].sort()).toEqual([...HIRSKE].sort());
    expect(sent.every((s) => /Hirske/.test(s.text))).toBe(true);
    expect(await pendingCount()).toBe(0);
  });

  it("lets a new change in another town go before the rest of a large one", async () => {
    await changeRoute("hirske-bakhmut");
    await relayOnce();
    expect(await runDue()).toHaveLength(PER_TRANSACTION);

    await changeRoute("lysychansk-bakhmut");
    // The next transaction takes the new change first, then what its budget leaves of the old one.
    expect(await relayOnce()).toBe(2);
    const lysychanskPending = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from ${messagePending} p join ${subscribers} s on s.id = p.subscriber_id where p.payload -> 'townSlugs' ? 'lysychansk'`),
    )[0]!.n;
    expect(lysychanskPending).toBe(LYSYCHANSK.length);
    // And its jobs come out of the queue before the backlog's.
    const order = await runDue();
    expect(order.slice(0, LYSYCHANSK.length).sort()).toEqual(LYSYCHANSK);
    expect(order).toHaveLength(LYSYCHANSK.length + PER_TRANSACTION - LYSYCHANSK.length);

    while ((await relayOnce()) > 0) await runDue();
    expect(sent).toHaveLength(HIRSKE.length + LYSYCHANSK.length);
    expect(new Set(sent.map((s) => s.address)).size).toBe(HIRSKE.length + LYSYCHANSK.length);
  });
});
