import { routeFreshness, type Freshness, type RouteStatusFacts } from "./freshness";

// One line of a town page's summary: what a resident takes in at a glance before reading the
// details. Its status is routeFreshness's shownStatus, the same degraded value the details show,
// so a stale "open" never reads as open here either.

export type SummaryWindowFacts = { windowStart: Date; windowEnd: Date };

/** The corridor window worth naming on the line: the one in force ("until"), else the next one ("opens"). */
export type SummaryWindow = { kind: "until"; at: Date } | { kind: "opens"; at: Date };

export type RouteSummaryLine = { freshness: Freshness; window: SummaryWindow | null };

/**
 * Which window to name at `now`. The windows' phases were computed when they were read; the clock
 * has moved since, so they are placed again from their bounds (half-open, [start, end), as in
 * lib/agreement-window.ts). A window in force wins over any later one.
 */
export function summaryWindow(windows: readonly SummaryWindowFacts[], now: Date): SummaryWindow | null {
  const t = now.getTime();
  const current = windows.find((w) => w.windowStart.getTime() <= t && t < w.windowEnd.getTime());
  if (current) return { kind: "until", at: current.windowEnd };
  const next = windows
    .filter((w) => w.windowStart.getTime() > t)
    .reduce<SummaryWindowFacts | null>((soonest, w) => (!soonest || w.windowStart < soonest.windowStart ? w : soonest), null);
  return next ? { kind: "opens", at: next.windowStart } : null;
}

export function routeSummaryLine(route: RouteStatusFacts & { windows: readonly SummaryWindowFacts[] }, now: Date): RouteSummaryLine {
  return { freshness: routeFreshness(route, now), window: summaryWindow(route.windows, now) };
}
