import { describe, expect, it } from "vitest";
import { routeLengthKm } from "./route-length";

describe("routeLengthKm", () => {
  it("is zero for no line", () => {
    expect(routeLengthKm([])).toBe(0);
    expect(routeLengthKm([[38.442, 48.904]])).toBe(0);
  });

  it("measures Lysychansk to Sloviansk as the crow flies (about 61 km)", () => {
    // domain.md points; the great-circle distance is about 61.3 km.
    const km = routeLengthKm([
      [38.442, 48.904],
      [37.606, 48.853],
    ]);
    expect(km).toBeGreaterThan(60.5);
    expect(km).toBeLessThan(62);
  });

  it("adds the legs of a line with a waypoint", () => {
    const a: [number, number] = [38.442, 48.904];
    const b: [number, number] = [38.0, 48.595];
    const c: [number, number] = [37.606, 48.853];
    expect(routeLengthKm([a, b, c])).toBeCloseTo(routeLengthKm([a, b]) + routeLengthKm([b, c]), 6);
    expect(routeLengthKm([a, b, c])).toBeGreaterThan(routeLengthKm([a, c]));
  });

  it("uses kilometres along the surface: one degree of latitude is about 111 km", () => {
    expect(routeLengthKm([
      [30, 50],
      [30, 51],
    ])).toBeCloseTo(111.2, 0);
  });
});
