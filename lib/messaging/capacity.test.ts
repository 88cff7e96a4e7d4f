import { describe, expect, it } from "vitest";
import { LATE_TOLERANCE_MS, secondsToDrain, sendSpacingMs, TELEGRAM_PER_SECOND, townsOverCapacity } from "./capacity";

const rates = { telegram: 27, sms: 10 };

describe("messaging capacity", () => {
  it("drains at the slowest gateway's pace, each gateway sending at once", () => {
    expect(secondsToDrain({ telegram: 0, sms: 0 }, rates)).toBe(0);
    expect(secondsToDrain({ telegram: 2700, sms: 100 }, rates)).toBe(100);
    expect(secondsToDrain({ telegram: 270, sms: 1000 }, rates)).toBe(100);
  });

  it("names the towns one change there cannot reach within a minute", () => {
    const subscriptions = [
      { townSlug: "hirske", channel: "telegram" as const, subscribers: 2000 },
      { townSlug: "hirske", channel: "sms" as const, subscribers: 600 },
      { townSlug: "lysychansk", channel: "telegram" as const, subscribers: 1620 },
      { townSlug: "lysychansk", channel: "sms" as const, subscribers: 601 },
    ];
    expect(townsOverCapacity(subscriptions, rates).map((s) => [s.townSlug, s.channel, Math.round(s.seconds)])).toEqual([
      ["hirske", "telegram", 74],
      ["lysychansk", "sms", 60],
    ]);
  });

  it("spaces sends so that, each up to the late tolerance late, no one-second window holds more than the rate", () => {
    for (const perSecond of [TELEGRAM_PER_SECOND, 1, 7, 10, 100, 1000]) {
      const spacing = sendSpacingMs(perSecond);
      // Instants spaced `spacing` apart falling in [x - tolerance, x + 1 s): at most this many.
      expect(Math.ceil((1000 + LATE_TOLERANCE_MS) / spacing)).toBeLessThanOrEqual(perSecond);
    }
    // And not far below it: Telegram's 30 a second is kept at 28 or more.
    expect(1000 / sendSpacingMs(TELEGRAM_PER_SECOND)).toBeGreaterThanOrEqual(28);
  });
});
