import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { runFanOut, type FanOutResult } from "./testing/fan-out";
import { TELEGRAM_PER_SECOND } from "./worker";

// A real fan-out at a smaller scale than the benchmark's: two worker instances (each its own
// connections, job queue client and pacer; only PostgreSQL shared) tell 200 subscribers of one
// town and 5 of another through a Bot API stand-in that answers 429 past Telegram's limits.
// Speed is the benchmark's business (npm run bench); this proves what must hold at any speed.

let t: TestDb;
let result: FanOutResult | null = null;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  // Two instances need a database two processes can open: PGlite is one process's.
  if (!("connectionString" in t.jobQueue)) return;
  result = await runFanOut({ connectionString: t.jobQueue.connectionString, instances: 2, subscribers: 200, otherSubscribers: 5, otherChangeAfterMs: 2_000, timeoutMs: 90_000 });
}, 180_000);
afterAll(async () => {
  await t?.drop();
});

describe.runIf(process.env.DATABASE_URL)("a fan-out by two instances through Telegram's limits", () => {
  it("tells every subscriber of both towns exactly once", () => {
    expect(result!.busy).toMatchObject({ subscribers: 200, told: 200, lost: 0, duplicates: 0 });
    expect(result!.other).toMatchObject({ subscribers: 5, told: 5, lost: 0, duplicates: 0 });
  });

  it("keeps both instances together within the bot's rate", () => {
    expect(result!.busiestSecond).toBeLessThanOrEqual(TELEGRAM_PER_SECOND);
    // Each instance on its own pacing would send twice the rate and meet a 429 at every turn.
    expect(result!.tooManyRequests).toBeLessThanOrEqual(3);
    for (const sent of result!.byInstance) expect(sent).toBeGreaterThan(0);
  });
});
