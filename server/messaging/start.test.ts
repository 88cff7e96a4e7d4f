import { describe, expect, it } from "vitest";
import { startMessagingUntilRunning } from "./start";

class SettingError extends Error {}
const isConfigError = (error: unknown) => error instanceof SettingError;

/** A wait the test releases by hand, recording each delay asked for. */
function manualWaits() {
  const delays: number[] = [];
  const pending: (() => void)[] = [];
  return {
    delays,
    wait: (ms: number) => {
      delays.push(ms);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
    async release() {
      pending.shift()?.();
      // Let the retry run up to its next wait.
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
}

describe("starting messaging at server start", () => {
  it("keeps trying after a failure that may pass, backing off, until it runs", async () => {
    const waits = manualWaits();
    const log: string[] = [];
    let calls = 0;
    const start = async () => {
      calls++;
      if (calls < 4) throw new Error(calls === 1 ? "deadlock detected" : "connect ECONNREFUSED");
    };
    await startMessagingUntilRunning(start, { isConfigError, wait: waits.wait, log: (line) => log.push(line) });
    // The server's start is not held up by the retries.
    expect(calls).toBe(1);
    expect(log[0]).toContain("not started: deadlock detected; trying again in 5 s");
    await waits.release();
    await waits.release();
    await waits.release();
    expect(calls).toBe(4);
    expect(waits.delays).toEqual([5_000, 10_000, 20_000]);
    expect(log.at(-1)).toBe("[messaging] started after an earlier failure");
  });

  it("never waits longer than a minute between tries", async () => {
    const waits = manualWaits();
    await startMessagingUntilRunning(async () => { throw new Error("down"); }, { isConfigError, wait: waits.wait, log: () => {} });
    for (let i = 0; i < 6; i++) await waits.release();
    expect(waits.delays).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  it("a setting to fix (a wrong SUBSCRIBER_KEY) stops the start instead of being retried", async () => {
    const waits = manualWaits();
    await expect(startMessagingUntilRunning(async () => { throw new SettingError("SUBSCRIBER_KEY is not the key the addresses were sealed with"); }, { isConfigError, wait: waits.wait, log: () => {} })).rejects.toThrow(SettingError);
    expect(waits.delays).toEqual([]);
  });
});
