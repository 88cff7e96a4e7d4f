import { describe, expect, it } from "vitest";
import { AGREEMENT_STATES, type AgreementState } from "@/lib/enum-values";
import { AGREEMENT_ACTIONS, agreementPhase, allowedActions, canApply } from "./agreement-window";
import { parseWallClockInput, wallClockExists, zonedWallClockToUtc } from "./local-time";
import { formatPlaceDateTime, toPlaceLocalInput } from "./time";

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A window given in Kyiv local time, as a coordinator types it. */
const kyiv = (value: string) => zonedWallClockToUtc(parseWallClockInput(value)!);

// "Ceasefire near Mariupol from 10:00 local time", logged until 22:00 (winter, +02:00).
const start = new Date("2022-03-03T08:00:00Z");
const end = new Date("2022-03-03T20:00:00Z");
const agreement = (state: AgreementState) => ({ state, windowStart: start, windowEnd: end });
const at = (iso: string) => new Date(iso);

describe("agreementPhase over time (fixed clocks)", () => {
  it("an agreed window is upcoming, then active from its first instant, then expired at its end", () => {
    expect(agreementPhase(agreement("agreed"), at("2022-03-03T04:40:00Z"))).toEqual({ phase: "upcoming", timeLeftMs: 3 * HOUR + 20 * MINUTE, windowOver: false });
    expect(agreementPhase(agreement("agreed"), new Date(start.getTime() - 1))).toMatchObject({ phase: "upcoming", timeLeftMs: 1 });
    expect(agreementPhase(agreement("agreed"), start)).toEqual({ phase: "active", timeLeftMs: 12 * HOUR, windowOver: false });
    expect(agreementPhase(agreement("agreed"), at("2022-03-03T19:15:00Z"))).toEqual({ phase: "active", timeLeftMs: 45 * MINUTE, windowOver: false });
    expect(agreementPhase(agreement("agreed"), new Date(end.getTime() - 1))).toMatchObject({ phase: "active", timeLeftMs: 1 });
    expect(agreementPhase(agreement("agreed"), end)).toEqual({ phase: "expired", timeLeftMs: null, windowOver: true });
    expect(agreementPhase(agreement("agreed"), at("2022-04-01T00:00:00Z"))).toEqual({ phase: "expired", timeLeftMs: null, windowOver: true });
  });

  it("proposed and suspended are shown as such until the window ends, then expired", () => {
    for (const state of ["proposed", "suspended"] as const) {
      expect(agreementPhase(agreement(state), at("2022-03-03T06:00:00Z"))).toEqual({ phase: state, timeLeftMs: null, windowOver: false });
      // Inside the window: a proposal or a suspension is not an open corridor.
      expect(agreementPhase(agreement(state), at("2022-03-03T12:00:00Z"))).toEqual({ phase: state, timeLeftMs: null, windowOver: false });
      expect(agreementPhase(agreement(state), end)).toEqual({ phase: "expired", timeLeftMs: null, windowOver: true });
    }
  });

  it("violated, rejected and cancelled keep their word after the window, which is still reported as over", () => {
    for (const state of ["violated", "rejected", "cancelled"] as const) {
      expect(agreementPhase(agreement(state), at("2022-03-03T12:00:00Z"))).toEqual({ phase: state, timeLeftMs: null, windowOver: false });
      expect(agreementPhase(agreement(state), at("2022-03-05T00:00:00Z"))).toEqual({ phase: state, timeLeftMs: null, windowOver: true });
    }
  });

  it("derives the phase of every stored state at every point of the window", () => {
    // before the window, at its start, inside it, at its end (the window is half-open)
    const clocks = [at("2022-03-01T00:00:00Z"), start, at("2022-03-03T12:00:00Z"), end];
    const phases = Object.fromEntries(AGREEMENT_STATES.map((state) => [state, clocks.map((now) => agreementPhase(agreement(state), now).phase)]));
    expect(phases).toEqual({
      proposed: ["proposed", "proposed", "proposed", "expired"],
      agreed: ["upcoming", "active", "active", "expired"],
      suspended: ["suspended", "suspended", "suspended", "expired"],
      violated: ["violated", "violated", "violated", "violated"],
      rejected: ["rejected", "rejected", "rejected", "rejected"],
      cancelled: ["cancelled", "cancelled", "cancelled", "cancelled"],
    });
  });
});

describe("lifecycle transitions", () => {
  it("follows the table", () => {
    const table = Object.fromEntries(AGREEMENT_STATES.map((s) => [s, AGREEMENT_ACTIONS.filter((a) => canApply(s, a))]));
    expect(table).toEqual({
      proposed: ["agree", "reject", "cancel"],
      agreed: ["suspend", "markViolated", "cancel"],
      suspended: ["agree", "markViolated", "cancel"],
      violated: [],
      rejected: [],
      cancelled: [],
    });
  });

  it("lists the offered actions in the table's order, whatever the clock", () => {
    expect(allowedActions("agreed")).toEqual(["suspend", "markViolated", "cancel"]);
    expect(allowedActions("proposed")).toEqual(["agree", "reject", "cancel"]);
    expect(allowedActions("cancelled")).toEqual([]);
  });
});

describe("windows entered in Kyiv local time across daylight-saving changes", () => {
  it("10:00 local is 07:00Z on 27 March 2022 (+03:00, after the change) and 08:00Z the day before (+02:00)", () => {
    expect(kyiv("2022-03-27T10:00").toISOString()).toBe("2022-03-27T07:00:00.000Z");
    expect(kyiv("2022-03-26T10:00").toISOString()).toBe("2022-03-26T08:00:00.000Z");
    expect(formatPlaceDateTime(kyiv("2022-03-27T10:00"), "en")).toBe("27 Mar 2022, 10:00 (UTC+03:00)");
    expect(formatPlaceDateTime(kyiv("2022-03-26T10:00"), "en")).toBe("26 Mar 2022, 10:00 (UTC+02:00)");
  });

  it("a window of 02:30–04:30 on the spring-forward night lasts one hour, not two", () => {
    const windowStart = kyiv("2022-03-27T02:30");
    const windowEnd = kyiv("2022-03-27T04:30");
    expect(windowStart.toISOString()).toBe("2022-03-27T00:30:00.000Z");
    expect(windowEnd.toISOString()).toBe("2022-03-27T01:30:00.000Z");
    expect(windowEnd.getTime() - windowStart.getTime()).toBe(HOUR);
    expect(formatPlaceDateTime(windowStart, "en")).toBe("27 Mar 2022, 02:30 (UTC+02:00)");
    expect(formatPlaceDateTime(windowEnd, "en")).toBe("27 Mar 2022, 04:30 (UTC+03:00)");
    // 03:59 local (+02:00) was one minute before 04:00 (+03:00): inside the window, closing in 31 minutes.
    const w = { state: "agreed" as const, windowStart, windowEnd };
    expect(agreementPhase(w, at("2022-03-27T00:59:00Z"))).toEqual({ phase: "active", timeLeftMs: 31 * MINUTE, windowOver: false });
  });

  it("a local time the clocks skipped (03:00–03:59 on 27 March 2022) is recognised as not existing", () => {
    expect(wallClockExists(parseWallClockInput("2022-03-27T03:30")!)).toBe(false);
    expect(wallClockExists(parseWallClockInput("2022-03-27T03:00")!)).toBe(false);
    expect(wallClockExists(parseWallClockInput("2022-03-27T02:59")!)).toBe(true);
    expect(wallClockExists(parseWallClockInput("2022-03-27T04:00")!)).toBe(true);
    // Left to TZDate, 03:30 would silently become 04:30 (+03:00): the form refuses it instead.
    expect(kyiv("2022-03-27T03:30").toISOString()).toBe(kyiv("2022-03-27T04:30").toISOString());
  });

  it("on the autumn night (30 October 2022, 04:00 became 03:00) a repeated local time is read as its second occurrence (+02:00)", () => {
    expect(kyiv("2022-10-30T02:30").toISOString()).toBe("2022-10-29T23:30:00.000Z");
    expect(kyiv("2022-10-30T03:30").toISOString()).toBe("2022-10-30T01:30:00.000Z");
    expect(kyiv("2022-10-30T10:00").toISOString()).toBe("2022-10-30T08:00:00.000Z");
    expect(kyiv("2022-10-29T10:00").toISOString()).toBe("2022-10-29T07:00:00.000Z");
    expect(wallClockExists(parseWallClockInput("2022-10-30T03:30")!)).toBe(true);
    // A 02:00–05:00 window that night lasts four hours.
    expect(kyiv("2022-10-30T05:00").getTime() - kyiv("2022-10-30T02:00").getTime()).toBe(4 * HOUR);
    expect(formatPlaceDateTime(kyiv("2022-10-30T02:00"), "en")).toBe("30 Oct 2022, 02:00 (UTC+03:00)");
    expect(formatPlaceDateTime(kyiv("2022-10-30T05:00"), "en")).toBe("30 Oct 2022, 05:00 (UTC+02:00)");
  });

  it("shows a stored window back in the input as the Kyiv wall-clock time it was entered as", () => {
    for (const value of ["2022-03-27T02:30", "2022-03-27T04:30", "2022-10-30T03:30", "2026-11-21T18:00", "2022-03-26T10:00"]) {
      expect(toPlaceLocalInput(kyiv(value))).toBe(value);
    }
  });

  it("refuses what is not a datetime-local value or not a calendar date", () => {
    expect(parseWallClockInput("27.03.2022 10:00")).toBeNull();
    expect(parseWallClockInput("2022-03-27T10:00:00")).toBeNull();
    expect(wallClockExists(parseWallClockInput("2022-02-30T10:00")!)).toBe(false);
  });
});
