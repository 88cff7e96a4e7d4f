import { describe, expect, it } from "vitest";
import { routeSummaryLine, summaryWindow } from "./route-summary";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = new Date("2022-04-08T09:00:00Z"); // 12:00 Kyiv time (UTC+03:00)
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

describe("routeSummaryLine", () => {
  it("shows a fresh status as it was set, with the minutes since confirmation", () => {
    const line = routeSummaryLine({ status: "open", statusConfirmedAt: at(-12 * MINUTE), freshnessWindowHours: 6, windows: [] }, now);
    expect(line.freshness.shownStatus).toBe("open");
    expect(line.freshness.ageMinutes).toBe(12);
    expect(line.window).toBeNull();
  });

  it("never shows a stale open as open: it is unconfirmed, as in the details", () => {
    const line = routeSummaryLine({ status: "open", statusConfirmedAt: at(-7 * HOUR), freshnessWindowHours: 6, windows: [] }, now);
    expect(line.freshness.shownStatus).toBe("unconfirmed");
    expect(line.freshness.fresh).toBe(false);
    expect(line.freshness.lastReportedWarning).toBeNull();
  });

  it("keeps a stale warning as the last report beside unconfirmed", () => {
    const line = routeSummaryLine({ status: "closed", statusConfirmedAt: at(-7 * HOUR), freshnessWindowHours: 6, windows: [] }, now);
    expect(line.freshness.shownStatus).toBe("unconfirmed");
    expect(line.freshness.lastReportedWarning).toBe("closed");
  });
});

describe("summaryWindow", () => {
  it("names the window in force by its end, over a later one", () => {
    const windows = [
      { windowStart: at(-HOUR), windowEnd: at(2 * HOUR) },
      { windowStart: at(20 * HOUR), windowEnd: at(30 * HOUR) },
    ];
    expect(summaryWindow(windows, now)).toEqual({ kind: "until", at: at(2 * HOUR) });
  });

  it("names the soonest upcoming window by its start when none is in force", () => {
    const windows = [
      { windowStart: at(26 * HOUR), windowEnd: at(30 * HOUR) },
      { windowStart: at(3 * HOUR), windowEnd: at(5 * HOUR) },
    ];
    expect(summaryWindow(windows, now)).toEqual({ kind: "opens", at: at(3 * HOUR) });
  });

  it("places windows again by the clock: [start, end), one read a moment ago may have ended or opened", () => {
    expect(summaryWindow([{ windowStart: at(-2 * HOUR), windowEnd: now }], now)).toBeNull();
    expect(summaryWindow([{ windowStart: now, windowEnd: at(HOUR) }], now)).toEqual({ kind: "until", at: at(HOUR) });
    expect(summaryWindow([], now)).toBeNull();
  });
});
