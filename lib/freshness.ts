import type { RouteStatus } from "@/lib/enum-values";

export const DEFAULT_FRESHNESS_WINDOW_HOURS = 6;

export type RouteStatusFacts = {
  status: RouteStatus;
  statusConfirmedAt: Date | null;
  freshnessWindowHours: number;
};

export type Freshness = {
  /** True while the confirmation is within the route's freshness window. */
  fresh: boolean;
  /**
   * What the public may be shown as the status. Once stale it is "unconfirmed": an old "open"
   * must never read as open (people act on it).
   */
  shownStatus: RouteStatus | "unconfirmed";
  /**
   * The last reported status, shown beside "unconfirmed" only when it is a warning (closed,
   * caution): an old warning is still worth knowing, an old "open" is not safe to repeat.
   */
  lastReportedWarning: Extract<RouteStatus, "closed" | "caution"> | null;
  confirmedAt: Date | null;
  /** Whole minutes since confirmation (0 for a confirmation stamped in the future). */
  ageMinutes: number | null;
  /** When the status stops (or stopped) being fresh. */
  staleAt: Date | null;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Clocks disagree a little; a confirmation further in the future than this is not trusted. */
export const MAX_CLOCK_SKEW_MS = 5 * MINUTE;

/** Computed from the clock at read time, never stored: the same row degrades as time passes. */
export function routeFreshness(route: RouteStatusFacts, now: Date): Freshness {
  const confirmedAt = route.statusConfirmedAt;
  if (!confirmedAt) {
    return {
      fresh: false,
      shownStatus: route.status === "unknown" ? "unknown" : "unconfirmed",
      lastReportedWarning: null,
      confirmedAt: null,
      ageMinutes: null,
      staleAt: null,
    };
  }
  const ageMs = Math.max(0, now.getTime() - confirmedAt.getTime());
  const windowMs = route.freshnessWindowHours * HOUR;
  // A confirmation stamped well in the future (a wrong clock or a bad import) would otherwise stay
  // "fresh" for its whole window after that future time: treat it as unconfirmed instead.
  const fromTheFuture = confirmedAt.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS;
  const fresh = !fromTheFuture && ageMs <= windowMs;
  const warning = route.status === "closed" || route.status === "caution" ? route.status : null;
  return {
    fresh,
    shownStatus: fresh ? route.status : "unconfirmed",
    lastReportedWarning: fresh ? null : warning,
    confirmedAt,
    ageMinutes: Math.floor(ageMs / MINUTE),
    staleAt: new Date(confirmedAt.getTime() + windowMs),
  };
}
