import { describe, expect, it } from "vitest";
import { createWebRequestLimiter } from "./web-limits";

describe("the residents' form limits", () => {
  it("lets an address post its share, then says how long to wait; other addresses go on", async () => {
    const limiter = createWebRequestLimiter({ perAddress: 2, perContact: 5, windowSeconds: 600 });
    expect(await limiter.takeAddress("a")).toBeNull();
    expect(await limiter.takeAddress("a")).toBeNull();
    const wait = await limiter.takeAddress("a");
    expect(wait).toBeGreaterThan(590_000);
    expect(wait).toBeLessThanOrEqual(600_000);
    expect(await limiter.takeAddress("b")).toBeNull();
  });

  it("counts contacts apart from addresses", async () => {
    const limiter = createWebRequestLimiter({ perAddress: 1, perContact: 1, windowSeconds: 60 });
    expect(await limiter.takeAddress("same")).toBeNull();
    expect(await limiter.takeContact("same")).toBeNull();
    expect(await limiter.takeContact("same")).not.toBeNull();
  });
});
