import { describe, expect, it } from "vitest";
import { secondsToDrain, townsOverCapacity } from "./capacity";

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
});
