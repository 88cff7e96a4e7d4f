import { describe, expect, it } from "vitest";
import { dateTimeFormat, formatAge, formatDuration, formatPlaceDateTime, formatPlaceDayMonth, formatPlaceTime, isSamePlaceDay, numberFormat, placeOffset, relativeTimeFormat, formatPlaceWhen } from "./time";

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

describe("memoised Intl formatters", () => {
  it("returns one formatter per locale and options, and a different one when either differs", () => {
    const a = dateTimeFormat("en-GB", { timeZone: "Europe/Kyiv", hour: "2-digit" });
    expect(dateTimeFormat("en-GB", { timeZone: "Europe/Kyiv", hour: "2-digit" })).toBe(a);
    expect(dateTimeFormat("uk-UA", { timeZone: "Europe/Kyiv", hour: "2-digit" })).not.toBe(a);
    expect(dateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit" })).not.toBe(a);
    expect(relativeTimeFormat("en", { style: "short" })).toBe(relativeTimeFormat("en", { style: "short" }));
    expect(relativeTimeFormat("en", { style: "short" })).not.toBe(relativeTimeFormat("en", { style: "long" }));
    expect(numberFormat("ru", { style: "unit", unit: "hour" })).not.toBe(numberFormat("ru", { style: "unit", unit: "day" }));
  });

  it("formats exactly as a new formatter would, whatever was formatted before in another zone or locale", () => {
    const summer = new Date("2026-07-01T11:05:00Z"); // Kyiv +03:00
    const winter = new Date("2026-01-01T11:05:00Z"); // Kyiv +02:00
    expect(formatPlaceTime(summer, "uk", "UTC")).toBe("11:05");
    expect(formatPlaceTime(summer, "uk")).toBe("14:05");
    expect(formatPlaceTime(winter, "en")).toBe("13:05");
    expect(placeOffset(summer)).toBe("+03:00");
    expect(placeOffset(winter)).toBe("+02:00");
    expect(placeOffset(winter, "UTC")).toBe("+00:00");
    for (const locale of ["uk", "ru", "en"]) {
      const fresh = new Intl.DateTimeFormat({ uk: "uk-UA", ru: "ru-RU", en: "en-GB" }[locale], {
        timeZone: "Europe/Kyiv",
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(winter);
      expect(formatPlaceDateTime(winter, locale)).toBe(`${fresh} (UTC+02:00)`);
    }
    expect(formatAge(5, "en")).toBe("5 minutes ago");
    expect(formatAge(5, "en", "short")).toBe("5 min ago");
  });
});

describe("formatPlaceWhen", () => {
  const now = new Date("2026-12-07T10:00:00Z"); // 12:00 in Kyiv (UTC+02:00)
  it("says today, tomorrow and yesterday by Kyiv's calendar, in each language", () => {
    expect(formatPlaceWhen(new Date("2026-12-07T07:00:00Z"), now, "en")).toBe("today 09:00");
    expect(formatPlaceWhen(new Date("2026-12-08T07:00:00Z"), now, "uk")).toBe("завтра 09:00");
    expect(formatPlaceWhen(new Date("2026-12-06T21:10:00Z"), now, "ru")).toBe("вчера 23:10");
    // 23:30 UTC on the 7th is 01:30 on the 8th in Kyiv: tomorrow, not today.
    expect(formatPlaceWhen(new Date("2026-12-07T23:30:00Z"), now, "en")).toBe("tomorrow 01:30");
    expect(formatPlaceWhen(new Date("2026-12-10T07:00:00Z"), now, "en")).toBe("10 Dec 2026, 09:00");
  });
  it("gives no offset for a time on the page's offset, and its own for one across a clock change", () => {
    expect(formatPlaceWhen(new Date("2026-12-01T07:00:00Z"), now, "en")).not.toMatch(/UTC/);
    expect(formatPlaceWhen(new Date("2026-07-01T06:00:00Z"), now, "en")).toBe("1 Jul 2026, 09:00 (UTC+03:00)");
  });
});
