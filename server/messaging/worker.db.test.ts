import crypto from "node:crypto";
import type PgBoss from "pg-boss";
import { startTestJobQueue } from "./testing/job-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateRouteStatus } from "@/db/queries/route-status";
import { getRouteForCoordinator } from "@/db/queries/routes";
import { createUser } from "@/db/queries/users";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { inLanguage } from "@/lib/localized-text";
import { answerResident } from "./conversation";
import { RetryLaterError, SendRateWaitError } from "./delivery-errors";
import { getSubscriberKeys } from "./subscriber-keys";
import type { OutboundSender } from "./types";
import { checkSubscriberKey, databasePacer, startMessagingWorker, throttledSender, type MessagingWorker } from "./worker";
import { subscriberKeys } from "@/lib/sealing";

// The worker as a server process runs it: its own timers and pg-boss's polling, nothing driven by hand.

let t: TestDb;
let boss: PgBoss;
let worker: MessagingWorker;
const sent: Array<{ address: string; text: string }> = [];
const recorder: OutboundSender = { channel: "telegram", send: async (address, text) => void sent.push({ address, text }) };

beforeAll(async () => {
  process.env.SUBSCRIBER_KEY = crypto.randomBytes(32).toString("base64");
  t = await createTestDb();
  await seedScenario(t.db);
  boss = await startTestJobQueue(t, { maintenance: true });
  await checkSubscriberKey(t.db, getSubscriberKeys());
  worker = await startMessagingWorker(t.db, boss, { keys: getSubscriberKeys(), senders: { telegram: recorder, sms: null } });
});
afterAll(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false, wait: true });
  await t?.drop();
});

describe("the messaging worker", () => {
  it("tells a subscriber of a route change within seconds, by itself", async () => {
    await answerResident(t.db, { channel: "telegram", address: "31337", text: "/subscribe Лисичанськ", languageHint: "uk" });
    const { id } = await createUser(t.db, null, { email: "c@example.org", password: "a long enough password", role: "coordinator" });
    const actor = { id, email: "c@example.org", name: "", role: "coordinator" as const, organisation: "" };
    const route = (await getRouteForCoordinator(t.db, actor, "lysychansk-bakhmut"))!;
    await updateRouteStatus(t.db, actor, { routeId: route.id, baseVersion: route.version, status: "closed", reasonCodes: ["checkpoint_closed"], reason: inLanguage("en", ""), source: null });
    await expect.poll(() => sent.length, { timeout: 15_000, interval: 200 }).toBe(1);
    expect(sent[0]).toMatchObject({ address: "31337", text: expect.stringMatching(/^Зміни: Лисичанськ/) });
  });

  it("tells a town's many subscribers at the gateway's rate, not one a second", async () => {
    for (let i = 0; i < 40; i++) await answerResident(t.db, { channel: "telegram", address: String(40000 + i), text: "/subscribe Hirske", languageHint: "en" });
    const { id } = await createUser(t.db, null, { email: "c2@example.org", password: "a long enough password", role: "coordinator" });
    const actor = { id, email: "c2@example.org", name: "", role: "coordinator" as const, organisation: "" };
    const route = (await getRouteForCoordinator(t.db, actor, "hirske-bakhmut"))!;
    const before = sent.length;
    await updateRouteStatus(t.db, actor, { routeId: route.id, baseVersion: route.version, status: "closed", reasonCodes: ["checkpoint_closed"], reason: inLanguage("en", ""), source: null });
    const started = Date.now();
    // One a second took 40 s; at 30 a second it is under two, plus the relay and polling.
    await expect.poll(() => sent.length - before, { timeout: 15_000, interval: 100 }).toBe(40);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(new Set(sent.slice(before).map((s) => s.address)).size).toBe(40);
  });

  it("refuses to start with another SUBSCRIBER_KEY than the one addresses were sealed with", async () => {
    await expect(checkSubscriberKey(t.db, subscriberKeys(crypto.randomBytes(32)))).rejects.toThrow(/SUBSCRIBER_KEY/);
    await expect(checkSubscriberKey(t.db, getSubscriberKeys())).resolves.toBeUndefined();
  });
});

describe("throttledSender", () => {
  it("holds every later message, of every instance, once the gateway said to wait", async () => {
    let calls = 0;
    const inner: OutboundSender = {
      channel: "sms",
      async send() {
        calls++;
        if (calls === 1) throw new RetryLaterError(30);
      },
    };
    const rate = { gateway: "sms-hold-test", perSecond: 30 };
    const one = throttledSender(databasePacer(t.db), inner, rate);
    const other = throttledSender(databasePacer(t.db), inner, rate);
    await expect(one.send("1", "a")).rejects.toBeInstanceOf(RetryLaterError);
    // The next message, through another instance's sender, does not reach the gateway while the wait lasts.
    await expect(other.send("2", "b")).rejects.toBeInstanceOf(SendRateWaitError);
    await expect(other.send("2", "b")).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(calls).toBe(1);
  });
});
