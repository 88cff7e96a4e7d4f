import { describe, expect, it } from "vitest";
import { nextWallClockTime, placeDayStart, zonedWallClockToUtc } from "./local-time";
import { formatAge, formatPlaceDateTime, formatPlaceTime, placeOffset } from "./time";

describe("Kyiv wall-clock time to UTC", () => {
  it("uses +02:00 in winter and +03:00 in summer", () => {
    expect(zonedWallClockToUtc({ year: 2022, month: 3, day: 24, hour: 10, minute: 0 }).toISOString()).toBe(
      "2022-03-24T08:00:00.000Z",
    );
    expect(zonedWallClockToUtc({ year: 2022, month: 3, day: 31, hour: 10, minute: 0 }).toISOString()).toBe(
      "2022-03-31T07:00:00.000Z",
    );
  });

  it("converts times on the day clocks went forward (27 March 2022, 03:00 became 04:00)", () => {
    expect(zonedWallClockToUtc({ year: 2022, month: 3, day: 27, hour: 2, minute: 30 }).toISOString()).toBe(
      "2022-03-27T00:30:00.000Z",
    );
    expect(zonedWallClockToUtc({ year: 2022, month: 3, day: 27, hour: 10, minute: 0 }).toISOString()).toBe(
      "2022-03-27T07:00:00.000Z",
    );
  });

  it("converts times on the day clocks went back (30 October 2022)", () => {
    expect(zonedWallClockToUtc({ year: 2022, month: 10, day: 30, hour: 10, minute: 0 }).toISOString()).toBe(
      "2022-10-30T08:00:00.000Z",
    );
  });

  it("refuses impossible dates instead of rolling them over", () => {
    expect(() => zonedWallClockToUtc({ year: 2026, month: 13, day: 1, hour: 10, minute: 0 })).toThrow(RangeError);
    expect(() => zonedWallClockToUtc({ year: 2026, month: 2, day: 29, hour: 10, minute: 0 })).toThrow(RangeError);
    expect(() => zonedWallClockToUtc({ year: 2026, month: 1, day: 1, hour: 24, minute: 0 })).toThrow(RangeError);
    expect(zonedWallClockToUtc({ year: 2024, month: 2, day: 29, hour: 10, minute: 0 }).toISOString()).toBe("2024-02-29T08:00:00.000Z");
  });

  it("finds the next 10:00 local time, today or tomorrow", () => {
    // 07:00 Kyiv (winter): 10:00 is later today.
    expect(nextWallClockTime(new Date("2026-11-21T05:00:00Z"), 10, 0).toISOString()).toBe("2026-11-21T08:00:00.000Z");
    // 17:00 Kyiv: the next 10:00 is tomorrow.
    expect(nextWallClockTime(new Date("2026-11-21T15:00:00Z"), 10, 0).toISOString()).toBe("2026-11-22T08:00:00.000Z");
    // Exactly 10:00 counts as now.
    expect(nextWallClockTime(new Date("2026-11-21T08:00:00Z"), 10, 0).toISOString()).toBe("2026-11-21T08:00:00.000Z");
    // Across the spring change: Saturday 26 March 2022 evening (+02:00) to Sunday 10:00 (+03:00).
    expect(nextWallClockTime(new Date("2022-03-26T18:00:00Z"), 10, 0).toISOString()).toBe("2022-03-27T07:00:00.000Z");
  });
});

describe("showing times in Kyiv", () => {
  it("shows the local clock and that date's offset", () => {
    expect(formatPlaceTime(new Date("2026-11-21T12:05:00Z"), "en")).toBe("14:05");
    expect(formatPlaceTime(new Date("2026-07-01T12:05:00Z"), "uk")).toBe("15:05");
    expect(placeOffset(new Date("2026-11-21T12:00:00Z"))).toBe("+02:00");
    expect(placeOffset(new Date("2026-07-01T12:00:00Z"))).toBe("+03:00");
    expect(formatPlaceDateTime(new Date("2026-11-21T12:05:00Z"), "en")).toBe("21 Nov 2026, 14:05 (UTC+02:00)");
  });

  it("says how long ago in the reader's language", () => {
    expect(formatAge(5, "en")).toBe("5 minutes ago");
    expect(formatAge(125, "en")).toBe("2 hours ago");
    expect(formatAge(3 * 24 * 60, "en")).toBe("3 days ago");
    expect(formatAge(5, "uk")).toBe("5 хвилин тому");
    expect(formatAge(5, "ru")).toBe("5 минут назад");
  });
});

describe("placeDayStart", () => {
  it("starts a Kyiv day at local midnight, and the spring-forward day lasts 23 hours", () => {
    expect(placeDayStart("2022-03-27")!.toISOString()).toBe("2022-03-26T22:00:00.000Z");
    expect(placeDayStart("2022-03-27", 1)!.toISOString()).toBe("2022-03-27T21:00:00.000Z");
  });

  it("rolls over month ends and refuses dates that do not exist", () => {
    expect(placeDayStart("2022-04-30", 1)!.toISOString()).toBe("2022-04-30T21:00:00.000Z");
    expect(placeDayStart("2022-02-30")).toBeNull();
    expect(placeDayStart("18.04.2022")).toBeNull();
  });
});
