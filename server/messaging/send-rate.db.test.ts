import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/db/client";
import { parsePostgresUrl } from "@/db/config";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { SendRateWaitError } from "./delivery-errors";
import type { OutboundSender } from "./types";
import { databasePacer, memoryPacer, throttledSender, type SendPacer } from "./worker";

// The gateways' rate is one for all instances: each instance here has its own connections (on
// PostgreSQL) and its own sender, as two server processes would, and only the database is shared.

let t: TestDb;
let second: DbHandle | null = null;

beforeAll(async () => {
  t = await createTestDb();
  if ("connectionString" in t.jobQueue) second = await openDb(parsePostgresUrl(t.jobQueue.connectionString));
});
afterAll(async () => {
  await second?.close();
  await t?.drop();
});

/** The most sends that fall in any one-second window [x, x + 1 s). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("the shared send rate", () => {
  it("keeps two instances sending at once within the rate in every one-second window", async () => {
    const perSecond = 20;
    const sentAt: number[] = [];
    const gateway: OutboundSender = { channel: "telegram", send: async () => void sentAt.push(Date.now()) };
    const rate = { gateway: "telegram-shared-test", perSecond };
    // Two instances exist only on PostgreSQL; PGlite (one process) paces in memory.
    const pacers: SendPacer[] = second ? [databasePacer(t.db), databasePacer(second.db)] : [memoryPacer(), memoryPacer()].slice(0, 1);
    const instances = [throttledSender(pacers[0]!, gateway, rate), throttledSender(pacers[1] ?? pacers[0]!, gateway, rate)];
    const started = Date.now();
    // 60 messages, 30 handed to each instance at the same moment, as two workers' batches.
    const results = await Promise.allSettled(instances.flatMap((sender) => Array.from({ length: 30 }, (_, i) => sender.send(String(i), "text"))));
    const took = Date.now() - started;

    // On a loaded machine a send woken too late is deferred (a new job), never squeezed in.
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(SendRateWaitError);
    expect(sentAt.length).toBeGreaterThanOrEqual(45);
    expect(busiestSecond(sentAt)).toBeLessThanOrEqual(perSecond);
    // And near the rate, not at the old one a second (60 s for these 60). How near is the fan-out
    // bench's to say: a bound of 3 s here failed on a CI machine loaded by other work.
    expect(took).toBeLessThan(30_000);
  });

  it("defers, without sending, a message whose turn is further away than a worker waits", async () => {
    let calls = 0;
    const gateway: OutboundSender = { channel: "sms", send: async () => void calls++ };
    // 1 a second: the sixth and later sends' turns are more than 5 s away.
    const sender = throttledSender(second ? databasePacer(t.db) : memoryPacer(), gateway, { gateway: "sms-slow-test", perSecond: 1 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => sender.send(String(i), "text")));
    const deferred = results.filter((r) => r.status === "rejected");
    expect(deferred.length).toBeGreaterThan(0);
    for (const r of deferred) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(SendRateWaitError);
    expect(calls).toBe(8 - deferred.length);
  });
});
