import { describe, expect, it } from "vitest";
import { isUuidText } from "./uuid-text";
import { boundedLimit } from "./pagination";

describe("isUuidText", () => {
  it("accepts any version and case PostgreSQL's uuid type reads, nothing else", () => {
    expect(isUuidText("6f1c7a52-3a54-4c1e-9f53-1d5e8c0b2a10")).toBe(true);
    expect(isUuidText("00000000-0000-0000-0000-000000000000")).toBe(true);
    expect(isUuidText("6F1C7A52-3A54-0C1E-9F53-1D5E8C0B2A10")).toBe(true);
    for (const bad of ["", "not-a-uuid", "6f1c7a52-3a54-4c1e-9f53-1d5e8c0b2a1", "6f1c7a52-3a54-4c1e-9f53-1d5e8c0b2a10 ", "%ff"]) expect(isUuidText(bad)).toBe(false);
  });
});

describe("boundedLimit", () => {
  it("is a whole number from 0 to the maximum; anything unusable is the fallback", () => {
    expect(boundedLimit(undefined, 50, 1000)).toBe(50);
    expect(boundedLimit(10, 50, 1000)).toBe(10);
    expect(boundedLimit(0, 50, 1000)).toBe(0);
    expect(boundedLimit(2.9, 50, 1000)).toBe(2);
    expect(boundedLimit(1e9, 50, 1000)).toBe(1000);
    expect(boundedLimit(-1, 50, 1000)).toBe(50);
    expect(boundedLimit(Number.NaN, 50, 1000)).toBe(50);
    expect(boundedLimit(Number.POSITIVE_INFINITY, 50, 1000)).toBe(50);
  });
});
