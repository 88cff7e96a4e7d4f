import type { RouteStatus, StatusReasonCode } from "./enum-values";
import { sortedReasonCodes } from "./enum-values";
import { routeFreshness, type Freshness, type RouteStatusFacts } from "./freshness";
import { sortedInstructions, type StatusInstruction } from "./instruction-codes";

// What a resident is told about one route at one instant, decided once. The town and route pages,
// the lite pages, the bot and SMS texts, Atom, CAP and the API all take their status word, icon,
// reason, flag, corridor window and instruction from here, so no two outputs can disagree and no
// one output can say "closed" and "open" at once (docs/decisions/0018-one-report-of-a-route.md).

export type ShownStatus = RouteStatus | "unconfirmed";

/** Status is never shown by colour alone: each carries an icon and its word too. */
export const STATUS_ICON: Record<ShownStatus, string> = { open: "✓", caution: "⚠", closed: "✕", unknown: "?", unconfirmed: "⏱" };

/** Where the route's corridor window stands: the one in force, else the next, else none. */
export type WindowPhase = "none" | "upcoming" | "active";

/**
 * How the status and the corridor window combine into one statement:
 * - plain: no window now or later; the status says it all.
 * - corridorOpen: a window is in force and the route is confirmed open (or open with caution).
 * - corridorUpcoming: a window is agreed for later and the route is confirmed open (or caution).
 * - corridorNotConfirmed: a window is agreed (now or later) but nobody has confirmed the route
 *   safe (its status is unknown, or too old to repeat).
 * - closedDespiteCorridor: a window is agreed (now or later) but the route is closed. The word
 *   "open" never appears: "Closed: corridor agreed 09:00–15:00, but the route is closed".
 */
export const COMBINED_STATES = ["plain", "corridorOpen", "corridorUpcoming", "corridorNotConfirmed", "closedDespiteCorridor"] as const;
export type CombinedState = (typeof COMBINED_STATES)[number];

/** What a resident should do, in one word; worded per language in messages `routeReport`. */
export const ROUTE_INSTRUCTIONS = ["go", "goWithCare", "prepare", "waitForConfirmation", "doNotUse", "check"] as const;
export type RouteInstruction = (typeof ROUTE_INSTRUCTIONS)[number];

/** CAP 1.2 responseType values this app sends. */
export type CapResponseType = "Shelter" | "Evacuate" | "Prepare" | "Execute" | "Avoid" | "Monitor" | "Assess" | "AllClear" | "None";

/** A corridor window's bounds. */
export type WindowBounds = { windowStart: Date; windowEnd: Date };

export type RouteReportFacts = RouteStatusFacts & {
  statusReasonCodes: readonly StatusReasonCode[];
  flaggedForReview: boolean;
  /** Agreed windows covering the route (any order; ended ones are ignored). */
  windows: readonly WindowBounds[];
  /** What the coordinator told residents to do, from the closed list (lib/instruction-codes.ts). */
  statusInstructions?: readonly StatusInstruction[];
};

export type RouteReport = {
  freshness: Freshness;
  /** The status word to show (degraded to "unconfirmed" once past the freshness window). */
  status: ShownStatus;
  icon: string;
  /** An old warning still worth repeating beside "unconfirmed". */
  lastReportedWarning: Freshness["lastReportedWarning"];
  /** The reason shows only while fresh, or with an old warning: an old "open" reason could read as current. */
  showReason: boolean;
  /** The reason codes to show, in the list's order; empty when the reason is hidden. */
  reasonCodes: StatusReasonCode[];
  flagged: boolean;
  window: { phase: Exclude<WindowPhase, "none">; windowStart: Date; windowEnd: Date } | null;
  state: CombinedState;
  /** The instruction derived from the state: what the report says when no coordinator chose one. */
  instruction: RouteInstruction;
  /**
   * The instructions a coordinator chose, in the list's order, shown instead of the derived one.
   * Like the reason, only while the status is fresh: an old "go to the assembly point" is not repeated.
   */
  instructions: StatusInstruction[];
};

const MINUTE = 60_000;

/**
 * The window to name at `now`: the one in force, else the soonest next. Phases computed when the
 * windows were read are not trusted (the clock has moved): they are placed again from their bounds,
 * half-open [start, end) as in lib/agreement-window.ts.
 */
export function reportWindow(windows: readonly WindowBounds[], now: Date): RouteReport["window"] {
  const t = now.getTime();
  const current = windows.find((w) => w.windowStart.getTime() <= t && t < w.windowEnd.getTime());
  if (current) return { phase: "active", windowStart: current.windowStart, windowEnd: current.windowEnd };
  const next = windows
    .filter((w) => w.windowStart.getTime() > t)
    .reduce<WindowBounds | null>((soonest, w) => (!soonest || w.windowStart < soonest.windowStart ? w : soonest), null);
  return next ? { phase: "upcoming", windowStart: next.windowStart, windowEnd: next.windowEnd } : null;
}

/** The combined state of a shown status and a window phase: a total table, unit-tested pair by pair. */
export function combinedState(status: ShownStatus, phase: WindowPhase): CombinedState {
  if (phase === "none") return "plain";
  if (status === "closed") return "closedDespiteCorridor";
  if (status === "open" || status === "caution") return phase === "active" ? "corridorOpen" : "corridorUpcoming";
  return "corridorNotConfirmed";
}

/** What to do for a shown status and window phase. */
export function routeInstruction(status: ShownStatus, phase: WindowPhase): RouteInstruction {
  if (status === "closed") return "doNotUse";
  if (status === "open") return phase === "upcoming" ? "prepare" : "go";
  if (status === "caution") return phase === "upcoming" ? "prepare" : "goWithCare";
  return phase === "none" ? "check" : "waitForConfirmation";
}

/**
 * Whether a text may tell residents to go to the route's assembly point: only when the report
 * tells them to go, or to get ready for an agreed window. "Closed … Gather: School No. 3" would
 * send people out on a route that is closed or not confirmed safe.
 */
export function invitesGathering(instruction: RouteInstruction): boolean {
  return instruction === "go" || instruction === "goWithCare" || instruction === "prepare";
}

/**
 * What one status event tells residents to do, for outputs that stand for the event itself (its
 * CAP alert): the coordinator's chosen instructions, else the one its status alone implies.
 */
export function statusEventInstruction(
  status: RouteStatus,
  chosen: readonly StatusInstruction[],
): { chosen: StatusInstruction[]; derived: RouteInstruction } {
  return { chosen: sortedInstructions(chosen), derived: routeInstruction(status, "none") };
}

/** Everything a resident is told about a route at `now`. */
export function routeReport(route: RouteReportFacts, now: Date): RouteReport {
  const freshness = routeFreshness(route, now);
  const window = reportWindow(route.windows, now);
  const phase: WindowPhase = window?.phase ?? "none";
  const showReason = freshness.fresh || freshness.lastReportedWarning !== null;
  return {
    freshness,
    status: freshness.shownStatus,
    icon: STATUS_ICON[freshness.shownStatus],
    lastReportedWarning: freshness.lastReportedWarning,
    showReason,
    reasonCodes: showReason ? sortedReasonCodes(route.statusReasonCodes) : [],
    flagged: route.flaggedForReview,
    window,
    state: combinedState(freshness.shownStatus, phase),
    instruction: routeInstruction(freshness.shownStatus, phase),
    instructions: freshness.fresh ? sortedInstructions(route.statusInstructions ?? []) : [],
  };
}

// ---------------------------------------------------------------------------------------------
// CAP: what residents should do, per alert.
//
//   status alert   open     → Evacuate            the route is usable: leave by it.
//                  caution  → Evacuate + Monitor  buses run under fire (most Luhansk routes in 2022):
//                                                 "Avoid" would tell people to stay where there are
//                                                 no safe places left; they go, and watch.
//                  closed   → Avoid               do not use this route.
//                  unknown  → Monitor             nothing to act on yet.
//   corridor alert          → Prepare             a window is agreed: get ready. Whether to set out
//                                                 is the route's own status alert's to say, so a
//                                                 closed route under an agreed window carries Avoid
//                                                 and Prepare, never Evacuate and Avoid at once.
//
// AllClear is never sent: a route reopening or a window ending does not mean the danger is over.

type CapResponse = { responseType: CapResponseType[]; urgency: "Immediate" | "Expected" | "Unknown"; severity: "Severe" | "Unknown"; certainty: "Observed" | "Likely" | "Unknown" };

const CAP_STATUS_RESPONSE: Record<RouteStatus, CapResponse> = {
  open: { responseType: ["Evacuate"], urgency: "Immediate", severity: "Severe", certainty: "Observed" },
  caution: { responseType: ["Evacuate", "Monitor"], urgency: "Immediate", severity: "Severe", certainty: "Observed" },
  closed: { responseType: ["Avoid"], urgency: "Immediate", severity: "Severe", certainty: "Observed" },
  unknown: { responseType: ["Monitor"], urgency: "Unknown", severity: "Unknown", certainty: "Unknown" },
};

export const CAP_CORRIDOR_RESPONSE: CapResponse = { responseType: ["Prepare"], urgency: "Expected", severity: "Severe", certainty: "Likely" };

/** The CAP response of a route status event's alert. */
export function capStatusResponse(status: RouteStatus): CapResponse {
  const r = CAP_STATUS_RESPONSE[status];
  return { ...r, responseType: [...r.responseType] };
}

/**
 * Every responseType in force for one route at `now`: its status alert's while the status is
 * fresh (the alert expires with it), and the corridor alert's while a window is agreed.
 */
export function capResponsesInForce(report: RouteReport, storedStatus: RouteStatus): CapResponseType[] {
  const fromStatus = report.freshness.fresh ? CAP_STATUS_RESPONSE[storedStatus].responseType : [];
  const fromWindow = report.window ? CAP_CORRIDOR_RESPONSE.responseType : [];
  return [...new Set([...fromStatus, ...fromWindow])];
}

// ---------------------------------------------------------------------------------------------
// A disagreement a coordinator must settle: a window started or ended, and the route's status was
// last set before that instant and reads against it (closed or unconfirmed while a corridor is in
// force; still "open" after the corridor that it was opened for has ended). Confirming or changing
// the status after the boundary settles it: a deliberate "still closed" is an answer too.

/** How long after a window ends an unrevised "open" is still put to the coordinator. */
export const ENDED_WINDOW_PROMPT_HOURS = 12;

export type StateConflict = { kind: "closedDuringWindow" | "unconfirmedDuringWindow" | "openAfterWindow"; since: Date; windowStart: Date; windowEnd: Date };

export function stateConflict(route: RouteStatusFacts & { windows: readonly WindowBounds[] }, now: Date): StateConflict | null {
  const t = now.getTime();
  const confirmed = route.statusConfirmedAt?.getTime() ?? -Infinity;
  const freshness = routeFreshness(route, now);
  const active = route.windows.find((w) => w.windowStart.getTime() <= t && t < w.windowEnd.getTime());
  if (active) {
    if (confirmed >= active.windowStart.getTime()) return null;
    if (freshness.shownStatus === "closed") return { kind: "closedDuringWindow", since: active.windowStart, windowStart: active.windowStart, windowEnd: active.windowEnd };
    if (freshness.shownStatus === "unknown" || freshness.shownStatus === "unconfirmed") {
      return { kind: "unconfirmedDuringWindow", since: active.windowStart, windowStart: active.windowStart, windowEnd: active.windowEnd };
    }
    return null;
  }
  const ended = route.windows
    .filter((w) => w.windowEnd.getTime() <= t && t - w.windowEnd.getTime() < ENDED_WINDOW_PROMPT_HOURS * 60 * MINUTE)
    .reduce<WindowBounds | null>((latest, w) => (!latest || w.windowEnd > latest.windowEnd ? w : latest), null);
  if (ended && freshness.shownStatus === "open" && confirmed < ended.windowEnd.getTime()) {
    return { kind: "openAfterWindow", since: ended.windowEnd, windowStart: ended.windowStart, windowEnd: ended.windowEnd };
  }
  return null;
}
