import { describe, expect, it } from "vitest";
import { ROUTE_STATUSES, type RouteStatus } from "./enum-values";
import {
  capResponsesInForce,
  capStatusResponse,
  CAP_CORRIDOR_RESPONSE,
  combinedState,
  reportWindow,
  routeReport,
  stateConflict,
  STATUS_ICON,
  type CombinedState,
  type RouteInstruction,
  type ShownStatus,
  type WindowPhase,
} from "./route-report";
import { dayTime, reportInstructionText, reportStateText, windowSpan } from "./route-report-text";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = new Date("2022-04-08T09:00:00Z"); // 12:00 Kyiv time (UTC+03:00)
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

const WINDOWS: Record<WindowPhase, { windowStart: Date; windowEnd: Date }[]> = {
  none: [],
  upcoming: [{ windowStart: at(21 * HOUR), windowEnd: at(27 * HOUR) }], // tomorrow 09:00–15:00
  active: [{ windowStart: at(-2 * HOUR), windowEnd: at(3 * HOUR) }], // today 10:00–15:00
};

/** A route whose shown status is `shown`: fresh for a stored status, stale (or never confirmed) otherwise. */
function facts(shown: ShownStatus, phase: WindowPhase, stored: RouteStatus = shown === "unconfirmed" ? "open" : shown) {
  return {
    status: stored,
    statusConfirmedAt: shown === "unconfirmed" ? at(-7 * HOUR) : shown === "unknown" ? null : at(-3 * HOUR),
    freshnessWindowHours: 6,
    statusReasonCodes: ["shelling_or_air_strikes" as const],
    flaggedForReview: false,
    windows: WINDOWS[phase],
  };
}

const SHOWN: ShownStatus[] = [...ROUTE_STATUSES, "unconfirmed"];
const PHASES: WindowPhase[] = ["none", "upcoming", "active"];

// The whole table, pair by pair: what the resident is told for each shown status and window phase.
const EXPECTED: Record<ShownStatus, Record<WindowPhase, [CombinedState, RouteInstruction]>> = {
  open: { none: ["plain", "go"], upcoming: ["corridorUpcoming", "prepare"], active: ["corridorOpen", "go"] },
  caution: { none: ["plain", "goWithCare"], upcoming: ["corridorUpcoming", "prepare"], active: ["corridorOpen", "goWithCare"] },
  closed: { none: ["plain", "doNotUse"], upcoming: ["closedDespiteCorridor", "doNotUse"], active: ["closedDespiteCorridor", "doNotUse"] },
  unknown: { none: ["plain", "check"], upcoming: ["corridorNotConfirmed", "waitForConfirmation"], active: ["corridorNotConfirmed", "waitForConfirmation"] },
  unconfirmed: { none: ["plain", "check"], upcoming: ["corridorNotConfirmed", "waitForConfirmation"], active: ["corridorNotConfirmed", "waitForConfirmation"] },
};

describe("routeReport: every status with every window phase", () => {
  for (const shown of SHOWN) {
    for (const phase of PHASES) {
      it(`${shown} with ${phase} window`, () => {
        const report = routeReport(facts(shown, phase), now);
        expect(report.status).toBe(shown);
        expect(report.icon).toBe(STATUS_ICON[shown]);
        expect(report.window?.phase ?? "none").toBe(phase);
        expect([report.state, report.instruction]).toEqual(EXPECTED[shown][phase]);
        expect(combinedState(shown, phase)).toBe(report.state);
        // Never "closed" and "open" at once, in any language.
        for (const locale of ["en", "uk", "ru"]) {
          const text = [reportStateText(report, now, locale), reportStateText(report, now, locale, { short: true })].join(" ");
          if (shown === "closed") expect(text).not.toMatch(/\bopen|відкри|открыт/i);
          if (phase === "none") expect(reportStateText(report, now, locale)).toBeNull();
          expect(reportInstructionText(report, now, locale)).not.toBe("");
        }
      });
    }
  }

  it("words the combined states as a resident reads them", () => {
    expect(reportStateText(routeReport(facts("closed", "upcoming"), now), now, "en")).toBe("Corridor agreed tomorrow 09:00–15:00, but the route is closed.");
    expect(reportStateText(routeReport(facts("unknown", "active"), now), now, "en")).toBe("Corridor agreed today 10:00–15:00, route not yet confirmed safe.");
    expect(reportStateText(routeReport(facts("open", "active"), now), now, "en")).toBe("Corridor open until 15:00.");
    expect(reportStateText(routeReport(facts("closed", "active"), now), now, "uk", { short: true })).toBe("коридор сьогодні 10:00-15:00, але маршрут закритий");
  });

  it("shows the reason only while fresh, or with an old warning", () => {
    expect(routeReport(facts("open", "none"), now).showReason).toBe(true);
    expect(routeReport(facts("unconfirmed", "none", "open"), now)).toMatchObject({ showReason: false, reasonCodes: [] });
    expect(routeReport(facts("unconfirmed", "none", "closed"), now)).toMatchObject({ showReason: true, lastReportedWarning: "closed", reasonCodes: ["shelling_or_air_strikes"] });
  });

  it("passes the flag through", () => {
    expect(routeReport({ ...facts("open", "none"), flaggedForReview: true }, now).flagged).toBe(true);
  });
});

describe("CAP: never Evacuate and Avoid for one route at once", () => {
  for (const stored of ROUTE_STATUSES) {
    for (const phase of PHASES) {
      for (const fresh of [true, false]) {
        it(`${stored}, ${fresh ? "fresh" : "stale"}, ${phase} window`, () => {
          const shown: ShownStatus = fresh ? stored : "unconfirmed";
          const f = stored === "unknown" && fresh ? facts("unknown", phase) : facts(shown, phase, stored);
          const inForce = capResponsesInForce(routeReport(f, now), stored);
          expect(inForce.includes("Evacuate") && inForce.includes("Avoid")).toBe(false);
          expect(inForce).not.toContain("AllClear");
          if (phase !== "none") expect(inForce).toContain("Prepare");
        });
      }
    }
  }

  it("maps each status to its response", () => {
    expect(capStatusResponse("open").responseType).toEqual(["Evacuate"]);
    expect(capStatusResponse("caution").responseType).toEqual(["Evacuate", "Monitor"]);
    expect(capStatusResponse("closed").responseType).toEqual(["Avoid"]);
    expect(capStatusResponse("unknown").responseType).toEqual(["Monitor"]);
    expect(CAP_CORRIDOR_RESPONSE.responseType).toEqual(["Prepare"]);
  });
});

describe("reportWindow", () => {
  it("names the window in force over a later one, else the soonest next, with half-open bounds", () => {
    const windows = [
      { windowStart: at(20 * HOUR), windowEnd: at(30 * HOUR) },
      { windowStart: at(-HOUR), windowEnd: at(2 * HOUR) },
      { windowStart: at(5 * HOUR), windowEnd: at(6 * HOUR) },
    ];
    expect(reportWindow(windows, now)).toEqual({ phase: "active", windowStart: at(-HOUR), windowEnd: at(2 * HOUR) });
    expect(reportWindow(windows, at(2 * HOUR))).toEqual({ phase: "upcoming", windowStart: at(5 * HOUR), windowEnd: at(6 * HOUR) });
    expect(reportWindow(windows, at(5 * HOUR))?.phase).toBe("active");
    expect(reportWindow(windows, at(30 * HOUR))).toBeNull();
  });
});

describe("stateConflict", () => {
  const window = { windowStart: at(-HOUR), windowEnd: at(2 * HOUR) };
  it("puts a closed route under a window that started after its status to the coordinator", () => {
    const conflict = stateConflict({ status: "closed", statusConfirmedAt: at(-2 * HOUR), freshnessWindowHours: 6, windows: [window] }, now);
    expect(conflict).toEqual({ kind: "closedDuringWindow", since: window.windowStart, ...window });
  });
  it("is settled by a confirmation after the window started, whatever it says", () => {
    expect(stateConflict({ status: "closed", statusConfirmedAt: at(-30 * MINUTE), freshnessWindowHours: 6, windows: [window] }, now)).toBeNull();
  });
  it("puts an unconfirmed route under a window to the coordinator", () => {
    expect(stateConflict({ status: "open", statusConfirmedAt: null, freshnessWindowHours: 6, windows: [window] }, now)?.kind).toBe("unconfirmedDuringWindow");
  });
  it("puts an open route whose window has ended to the coordinator, until re-confirmed or for 12 hours", () => {
    const ended = { windowStart: at(-5 * HOUR), windowEnd: at(-HOUR) };
    const route = { status: "open" as const, statusConfirmedAt: at(-4 * HOUR), freshnessWindowHours: 6, windows: [ended] };
    expect(stateConflict(route, now)?.kind).toBe("openAfterWindow");
    expect(stateConflict({ ...route, statusConfirmedAt: at(-30 * MINUTE) }, now)).toBeNull();
    expect(stateConflict({ ...route, freshnessWindowHours: 48 }, at(12 * HOUR))).toBeNull();
  });
  it("leaves an open route under its window alone", () => {
    expect(stateConflict({ status: "open", statusConfirmedAt: at(-2 * HOUR), freshnessWindowHours: 6, windows: [window] }, now)).toBeNull();
  });
});

describe("time words", () => {
  it("says today, tomorrow, or the date, in each language", () => {
    expect(dayTime(at(HOUR), now, "en")).toBe("today 13:00");
    expect(dayTime(at(22 * HOUR), now, "uk")).toBe("завтра 10:00");
    expect(dayTime(at(22 * HOUR), now, "ru")).toBe("завтра 10:00");
    expect(dayTime(at(46 * HOUR), now, "en")).toBe("10 Apr 10:00");
    expect(windowSpan(at(10 * HOUR), at(18 * HOUR), now, "en")).toBe("today 22:00–tomorrow 06:00");
  });
  it("finds tomorrow across the night the clocks go forward (Kyiv, 27 March 2022)", () => {
    const late = new Date("2022-03-26T21:30:00Z"); // 23:30 on 26 March, UTC+02:00
    expect(dayTime(new Date("2022-03-27T20:00:00Z"), late, "en")).toBe("tomorrow 23:00");
    expect(dayTime(new Date("2022-03-28T06:00:00Z"), late, "en")).toBe("28 Mar 09:00");
  });
});
