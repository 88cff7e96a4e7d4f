import { describe, expect, it } from "vitest";
import { routeFreshness } from "./freshness";
import { maxAgeBefore, nextTimeBasedChange, secondsBeforeChange } from "./next-change";

const now = new Date("2026-12-03T12:00:00Z");
const at = (iso: string) => new Date(iso);

describe("nextTimeBasedChange", () => {
  it("is the earliest status freshness window end still ahead", () => {
    const routes = [
      { status: "open" as const, statusConfirmedAt: at("2026-12-03T07:00:00Z"), freshnessWindowHours: 6 }, // stale at 13:00
      { status: "closed" as const, statusConfirmedAt: at("2026-12-03T11:30:00Z"), freshnessWindowHours: 1 }, // stale at 12:30
      { status: "open" as const, statusConfirmedAt: at("2026-12-03T05:00:00Z"), freshnessWindowHours: 6 }, // stale since 11:00
      { status: "unknown" as const, statusConfirmedAt: null, freshnessWindowHours: 6 },
    ];
    expect(nextTimeBasedChange(now, { routes })).toEqual(at("2026-12-03T12:30:00Z"));
  });

  it("counts corridor windows opening and closing, history events and other instants", () => {
    expect(nextTimeBasedChange(now, { windows: [{ windowStart: at("2026-12-03T10:00:00Z"), windowEnd: at("2026-12-03T12:20:00Z") }] })).toEqual(at("2026-12-03T12:20:00Z"));
    expect(nextTimeBasedChange(now, { windows: [{ windowStart: at("2026-12-03T12:05:00Z"), windowEnd: at("2026-12-03T14:00:00Z") }] })).toEqual(at("2026-12-03T12:05:00Z"));
    expect(nextTimeBasedChange(now, { events: [{ confirmedAt: at("2026-12-03T09:00:00Z"), freshnessWindowHours: 4 }] })).toEqual(at("2026-12-03T13:00:00Z"));
    expect(nextTimeBasedChange(now, { instants: [null, at("2026-12-03T12:00:01Z"), at("2026-12-03T11:00:00Z")] })).toEqual(at("2026-12-03T12:00:01Z"));
  });

  it("counts Kyiv midnight when a window is shown: its \"today\" and \"tomorrow\" change then", () => {
    // 12:00Z on 3 December is 14:00 in Kyiv (UTC+02:00); midnight there is 22:00Z.
    const tomorrow = { windowStart: at("2026-12-04T07:00:00Z"), windowEnd: at("2026-12-04T13:00:00Z") };
    expect(nextTimeBasedChange(now, { windows: [tomorrow] })).toEqual(at("2026-12-03T22:00:00Z"));
    // In summer (UTC+03:00) midnight is 21:00Z.
    const summer = at("2026-07-03T12:00:00Z");
    expect(nextTimeBasedChange(summer, { windows: [{ windowStart: at("2026-07-05T07:00:00Z"), windowEnd: at("2026-07-05T13:00:00Z") }] })).toEqual(at("2026-07-03T21:00:00Z"));
  });

  it("is null when nothing shown is due to change (or everything already did)", () => {
    expect(nextTimeBasedChange(now, {})).toBeNull();
    expect(nextTimeBasedChange(now, { instants: [at("2026-12-03T11:59:59.999Z"), at("2026-12-01T00:00:00Z")] })).toBeNull();
  });

  it("at the very end of a freshness window, which still reads fresh, reports that instant", () => {
    // Fresh through confirmation + window (lib/freshness.ts): a render at that millisecond shows
    // the status fresh, so it must not be kept past it.
    const route = { status: "open" as const, statusConfirmedAt: at("2026-12-03T06:00:00Z"), freshnessWindowHours: 6 };
    expect(routeFreshness(route, now).fresh).toBe(true);
    expect(nextTimeBasedChange(now, { routes: [route] })).toEqual(now);
    expect(nextTimeBasedChange(now, { instants: [now] })).toEqual(now);
  });

  it("for every render instant around a freshness edge: the status reads the same until the reported change", () => {
    const route = { status: "open" as const, statusConfirmedAt: at("2026-12-03T06:00:00.400Z"), freshnessWindowHours: 6 };
    const edge = route.statusConfirmedAt.getTime() + 6 * 3_600_000;
    const instants = [edge - 1, edge, edge + 1];
    for (let t = edge - 3_000; t <= edge + 3_000; t += 7) instants.push(t);
    for (const t of instants) {
      const shown = routeFreshness(route, new Date(t)).fresh;
      const change = nextTimeBasedChange(new Date(t), { routes: [route] });
      if (!shown) continue;
      // Shown fresh: a change is reported, and the status is still fresh up to it, stale just after.
      expect(change, `rendered ${t - edge} ms from the edge`).not.toBeNull();
      expect(routeFreshness(route, change!).fresh).toBe(true);
      expect(routeFreshness(route, new Date(change!.getTime() + 1)).fresh).toBe(false);
    }
  });
});


describe("maxAgeBefore", () => {
  it("is the cap, or the whole seconds left before the change, never negative", () => {
    const t = now.getTime();
    expect(maxAgeBefore(t, null, 30)).toBe(30);
    expect(maxAgeBefore(t, t + 60_000, 30)).toBe(30);
    // One second short of the change: caches keep a copy through the whole second it ends in.
    expect(maxAgeBefore(t, t + 4_999, 30)).toBe(3);
    expect(maxAgeBefore(t, t + 5_000, 30)).toBe(4);
    expect(maxAgeBefore(t, t + 1_999, 30)).toBe(0);
    expect(maxAgeBefore(t, t + 999, 30)).toBe(0);
    expect(maxAgeBefore(t, t - 5_000, 30)).toBe(0);
    expect(secondsBeforeChange(t, null)).toBe(Infinity);
  });
});
