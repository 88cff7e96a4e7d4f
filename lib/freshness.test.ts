import { describe, expect, it } from "vitest";
import { routeFreshness } from "./freshness";

const confirmedAt = new Date("2026-11-21T10:00:00Z");
const at = (iso: string) => new Date(iso);
const route = (status: "open" | "caution" | "closed" | "unknown", hours = 6) => ({
  status,
  statusConfirmedAt: confirmedAt,
  freshnessWindowHours: hours,
});

describe("routeFreshness", () => {
  it("is fresh inside the window and shows the stored status with its age", () => {
    const f = routeFreshness(route("open"), at("2026-11-21T10:42:30Z"));
    expect(f).toMatchObject({ fresh: true, shownStatus: "open", ageMinutes: 42, lastReportedWarning: null });
    expect(f.staleAt?.toISOString()).toBe("2026-11-21T16:00:00.000Z");
  });

  it("is still fresh exactly at the window's edge", () => {
    expect(routeFreshness(route("open"), at("2026-11-21T16:00:00Z")).fresh).toBe(true);
  });

  it("is stale one millisecond past the window, and an old 'open' is no longer shown as open", () => {
    const f = routeFreshness(route("open"), at("2026-11-21T16:00:00.001Z"));
    expect(f).toMatchObject({ fresh: false, shownStatus: "unconfirmed", lastReportedWarning: null, ageMinutes: 360 });
  });

  it("keeps an old warning visible beside 'unconfirmed'", () => {
    expect(routeFreshness(route("closed"), at("2026-11-22T10:00:00Z"))).toMatchObject({
      shownStatus: "unconfirmed",
      lastReportedWarning: "closed",
    });
    expect(routeFreshness(route("caution"), at("2026-11-22T10:00:00Z")).lastReportedWarning).toBe("caution");
  });

  it("honours each route's own window", () => {
    expect(routeFreshness(route("open", 1), at("2026-11-21T11:30:00Z")).fresh).toBe(false);
    expect(routeFreshness(route("open", 24), at("2026-11-22T09:59:00Z")).fresh).toBe(true);
  });

  it("treats a never-confirmed route as unknown or unconfirmed, never fresh", () => {
    expect(routeFreshness({ status: "unknown", statusConfirmedAt: null, freshnessWindowHours: 6 }, confirmedAt)).toMatchObject({
      fresh: false,
      shownStatus: "unknown",
      ageMinutes: null,
    });
    expect(
      routeFreshness({ status: "open", statusConfirmedAt: null, freshnessWindowHours: 6 }, confirmedAt).shownStatus,
    ).toBe("unconfirmed");
  });

  it("tolerates a confirmation a few minutes in the future (clock skew), without a negative age", () => {
    expect(routeFreshness(route("open"), at("2026-11-21T09:57:00Z"))).toMatchObject({ fresh: true, ageMinutes: 0 });
  });

  it("never shows a confirmation from further in the future as fresh", () => {
    const f = routeFreshness(route("open"), at("2026-11-21T09:00:00Z"));
    expect(f).toMatchObject({ fresh: false, shownStatus: "unconfirmed" });
    expect(routeFreshness(route("closed"), at("2026-10-21T10:00:00Z")).lastReportedWarning).toBe("closed");
  });
});
