import { describe, expect, it } from "vitest";
import { clockBounds } from "./worker";

describe("the database's clock against this process's", () => {
  it("is bounded by the quickest round trip, not by a slow one", () => {
    const clock = clockBounds();
    // The database's clock is 1,000 ms ahead. A slow answer (80 ms) and a quick one (2 ms).
    clock.sample(10_000, 10_080, 11_040);
    clock.sample(20_000, 20_002, 21_001);
    const { low, high } = clock.offset();
    expect(low).toBeLessThanOrEqual(1000);
    expect(high).toBeGreaterThanOrEqual(1000);
    expect(high - low).toBe(2);
  });

  it("forgets round trips older than it keeps, and trusts the newest when the clocks drifted apart", () => {
    const clock = clockBounds(60_000);
    clock.sample(0, 1, 0);
    clock.sample(100_000, 100_010, 100_505);
    expect(clock.offset()).toEqual({ low: 495, high: 505 });
    clock.sample(100_020, 100_021, 100_000);
    expect(clock.offset()).toEqual({ low: -21, high: -20 });
  });
});
