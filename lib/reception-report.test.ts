import { describe, expect, it } from "vitest";
import { receptionReport, type ReceptionFacts } from "./reception-report";
import { receptionReportText } from "./reception-report-text";

const confirmedAt = new Date("2026-11-21T10:00:00Z");
const at = (iso: string) => new Date(iso);
const point = (over: Partial<ReceptionFacts> = {}): ReceptionFacts => ({
  status: "open",
  bedsTotal: 400,
  bedsAccessible: 20,
  bedsFree: 120,
  bedsAccessibleFree: 4,
  services: ["food", "medical"],
  confirmedAt,
  freshnessWindowHours: 3,
  ...over,
});

describe("receptionReport", () => {
  it("shows the free beds, the status and the age while fresh", () => {
    const r = receptionReport(point(), at("2026-11-21T10:40:30Z"));
    expect(r).toMatchObject({ fresh: true, status: "open", icon: "✓", free: { beds: 120, accessibleBeds: 4 }, ageMinutes: 40, lastReportedWarning: null });
    expect(r.services).toEqual(["medical", "food"]);
    expect(r.staleAt?.toISOString()).toBe("2026-11-21T13:00:00.000Z");
    const text = receptionReportText(r, "en");
    expect(text.beds).toBe("120 of 400 beds free, 4 of 20 accessible");
    expect(text.confirmation).toBe("confirmed 40 minutes ago");
    expect(text.status).toBe("✓ Open");
  });

  it("is still fresh exactly at the window's end", () => {
    const r = receptionReport(point(), at("2026-11-21T13:00:00Z"));
    expect(r).toMatchObject({ fresh: true, status: "open", free: { beds: 120 } });
  });

  it("one millisecond past the window, drops the free beds and never reads as open or confirmed", () => {
    const r = receptionReport(point(), at("2026-11-21T13:00:00.001Z"));
    expect(r).toMatchObject({ fresh: false, status: "unconfirmed", free: null, lastReportedWarning: null, capacity: { beds: 400, accessibleBeds: 20 } });
    for (const locale of ["uk", "ru", "en"]) {
      const text = receptionReportText(r, locale);
      expect(text.beds).not.toContain("120");
      expect(text.status.startsWith("⏱")).toBe(true);
    }
    const en = receptionReportText(r, "en");
    expect(en.confirmation).toBe("last confirmed 3 hours ago: check before you go");
    expect(en.beds).toBe("400 beds in all, 20 accessible; free beds not confirmed recently");
    expect(en.status).toBe("⏱ Not confirmed recently");
  });

  it("keeps an old 'full' or 'closed' beside 'unconfirmed', but never an old 'open' or 'nearly full'", () => {
    const later = at("2026-11-22T10:00:00Z");
    expect(receptionReport(point({ status: "full" }), later).lastReportedWarning).toBe("full");
    expect(receptionReport(point({ status: "closed" }), later).lastReportedWarning).toBe("closed");
    expect(receptionReport(point({ status: "nearly_full" }), later).lastReportedWarning).toBeNull();
    expect(receptionReportText(receptionReport(point({ status: "full" }), later), "en").warning).toBe("Last reported: Full");
  });

  it("shows no free beds for a closed point even while fresh", () => {
    expect(receptionReport(point({ status: "closed" }), at("2026-11-21T10:10:00Z"))).toMatchObject({ fresh: true, status: "closed", free: null });
  });

  it("never calls a point that was never confirmed fresh", () => {
    const r = receptionReport(point({ confirmedAt: null }), confirmedAt);
    expect(r).toMatchObject({ fresh: false, status: "unconfirmed", free: null, ageMinutes: null, staleAt: null });
    expect(receptionReportText(r, "uk").confirmation).toBe("ніколи не підтверджено: уточніть перед виїздом");
  });

  it("tolerates a few minutes of clock skew, but not a confirmation far in the future", () => {
    expect(receptionReport(point(), at("2026-11-21T09:57:00Z"))).toMatchObject({ fresh: true, ageMinutes: 0 });
    expect(receptionReport(point(), at("2026-11-21T09:00:00Z"))).toMatchObject({ fresh: false, status: "unconfirmed", free: null });
  });

  it("honours each point's own window", () => {
    expect(receptionReport(point({ freshnessWindowHours: 1 }), at("2026-11-21T11:00:00.001Z")).fresh).toBe(false);
    expect(receptionReport(point({ freshnessWindowHours: 24 }), at("2026-11-22T10:00:00Z")).fresh).toBe(true);
  });

  it("words the counts in Ukrainian and Russian, and leaves out accessible beds when there are none", () => {
    const r = receptionReport(point({ bedsAccessible: 0, bedsAccessibleFree: 0 }), at("2026-11-21T10:40:00Z"));
    expect(receptionReportText(r, "uk").beds).toBe("120 з 400 місць вільно");
    expect(receptionReportText(r, "ru").beds).toBe("120 из 400 мест свободно");
    expect(receptionReportText(r, "ru").confirmation).toContain("40");
  });
});
