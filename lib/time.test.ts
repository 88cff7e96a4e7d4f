import { describe, expect, it } from "vitest";
import { formatAge, formatDuration, formatPlaceDayMonth, isSamePlaceDay } from "./time";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("formatDuration", () => {
  it("says hours and minutes within a day, days and hours beyond it", () => {
    expect(formatDuration(3 * HOUR + 20 * MINUTE, "en")).toBe("3 hours 20 minutes");
    expect(formatDuration(45 * MINUTE, "en")).toBe("45 minutes");
    expect(formatDuration(2 * HOUR, "en")).toBe("2 hours");
    expect(formatDuration(1 * HOUR + 1 * MINUTE, "en")).toBe("1 hour 1 minute");
    expect(formatDuration(2 * 24 * HOUR + 4 * HOUR + 59 * MINUTE, "en")).toBe("2 days 4 hours");
    expect(formatDuration(24 * HOUR, "en")).toBe("1 day");
  });

  it("rounds up to a whole minute, so a window open for seconds more is not '0 minutes'", () => {
    expect(formatDuration(30_000, "en")).toBe("1 minute");
    expect(formatDuration(1, "en")).toBe("1 minute");
    expect(formatDuration(44 * MINUTE + 1, "en")).toBe("45 minutes");
    expect(formatDuration(0, "en")).toBe("1 minute");
  });

  it("uses each language's plural forms", () => {
    expect(formatDuration(3 * HOUR + 20 * MINUTE, "uk")).toBe("3 години 20 хвилин");
    expect(formatDuration(21 * HOUR + 1 * MINUTE, "uk")).toBe("21 година 1 хвилина");
    expect(formatDuration(5 * 24 * HOUR, "uk")).toBe("5 днів");
    expect(formatDuration(3 * HOUR + 20 * MINUTE, "ru")).toBe("3 часа 20 минут");
    expect(formatDuration(22 * HOUR + 45 * MINUTE, "ru")).toBe("22 часа 45 минут");
  });
});

describe("formatAge", () => {
  it("has a short style for compact lines", () => {
    expect(formatAge(12, "en")).toBe("12 minutes ago");
    expect(formatAge(12, "en", "short")).toBe("12 min ago");
    expect(formatAge(12, "uk", "short")).toBe("12 хв тому");
    expect(formatAge(3 * 60, "en", "short")).toBe("3 hr ago");
  });
});

describe("formatPlaceDayMonth and isSamePlaceDay", () => {
  // 22:30 UTC on 27 March 2022 is already 28 March in Kyiv (01:30, UTC+03:00 since that morning).
  const lateUtc = new Date("2022-03-27T22:30:00Z");

  it("gives the day and month in Kyiv, not in UTC", () => {
    expect(formatPlaceDayMonth(lateUtc, "en")).toBe("28 Mar");
    expect(formatPlaceDayMonth(lateUtc, "uk")).toBe("28 бер.");
  });

  it("compares calendar days in Kyiv", () => {
    expect(isSamePlaceDay(lateUtc, new Date("2022-03-28T20:00:00Z"))).toBe(true);
    expect(isSamePlaceDay(lateUtc, new Date("2022-03-27T20:00:00Z"))).toBe(false);
  });
});
