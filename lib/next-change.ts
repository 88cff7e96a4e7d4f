import { nextPlaceMidnight } from "./time";
import { routeFreshness, type RouteStatusFacts } from "@/lib/freshness";

// When a public page next changes by the clock alone, with no write to the database: a shown
// status passing its freshness window ("open" becomes "unconfirmed"), an "open" in a route's
// history losing its reason, a corridor window opening or closing, a notice starting or ending.
// The page or route handler reports it while it renders (server/public-cache/render-report.ts),
// and the response cache and every HTTP cache in front of it (their Cache-Control) never keep the
// answer past that instant (server/public-cache/policy.ts). The minute counters ("confirmed 12 minutes ago") are not
// changes in this sense: they are allowed to lag by the cache's freshness (10 s at most).

/**
 * The response header that tells clients (a partner polling the API, a feed reader) the instant an
 * answer next changes by the clock alone. The response cache is told by the render's report, not by it.
 */
export const NEXT_CHANGE_HEADER = "x-corridor-next-change";

/**
 * HTTP caches count a lifetime in whole seconds and keep a copy through the whole second it ends in
 * (nginx stores `valid_sec = now_in_seconds + max-age` and serves while `valid_sec >= now_in_seconds`),
 * so a copy given N seconds may be served up to N + 1 seconds after it was received. Every
 * lifetime given to caches before a next change is this much shorter, so that no cache serves an
 * answer past the instant it stops being true.
 */
export const WHOLE_SECOND_CACHE_MARGIN_S = 1;

/**
 * Whole seconds left before `nextChange` that a cache may be given: rounded down, less the
 * whole-second margin, never negative; Infinity when nothing changes by the clock.
 */
export function secondsBeforeChange(now: number, nextChange: number | null): number {
  if (nextChange === null) return Infinity;
  return Math.max(0, Math.floor((nextChange - now) / 1000) - WHOLE_SECOND_CACHE_MARGIN_S);
}

/**
 * Whole seconds an answer may be kept from `now`: at most `capSeconds`, and never past
 * `nextChange`, even by a cache that counts in whole seconds (secondsBeforeChange).
 */
export function maxAgeBefore(now: number, nextChange: number | null, capSeconds: number): number {
  return Math.min(capSeconds, secondsBeforeChange(now, nextChange));
}

export type TimeBasedFacts = {
  /** Routes whose status the page shows. */
  routes?: readonly RouteStatusFacts[];
  /** Past status events the page shows with their freshness window (the route page's history). */
  events?: readonly { confirmedAt: Date; freshnessWindowHours: number }[];
  /** Corridor windows the page shows (upcoming or active). */
  windows?: readonly { windowStart: Date; windowEnd: Date }[];
  /** Other instants at which something shown starts or stops (a notice's start or expiry). */
  instants?: readonly (Date | null)[];
};

/** The earliest instant, from `now` on, at which the page changes by time alone, or null if none is known. */
export function nextTimeBasedChange(now: Date, facts: TimeBasedFacts): Date | null {
  const candidates: number[] = [];
  for (const route of facts.routes ?? []) {
    const staleAt = routeFreshness(route, now).staleAt;
    if (staleAt) candidates.push(staleAt.getTime());
  }
  for (const event of facts.events ?? []) candidates.push(event.confirmedAt.getTime() + event.freshnessWindowHours * 3_600_000);
  for (const window of facts.windows ?? []) candidates.push(window.windowStart.getTime(), window.windowEnd.getTime());
  // A window is worded "today 09:00–15:00" or "tomorrow …" (lib/route-report-text.ts): at Kyiv
  // midnight the words change though nothing else has.
  if ((facts.windows ?? []).length > 0) candidates.push(nextPlaceMidnight(now).getTime());
  for (const instant of facts.instants ?? []) if (instant) candidates.push(instant.getTime());
  // An instant equal to `now` still counts: a freshness window includes its end (lib/freshness.ts),
  // so a page rendered at that very millisecond shows "fresh" and changes the next one. Reporting
  // it keeps such a page from being kept for the full 10 s.
  const after = candidates.filter((at) => Number.isFinite(at) && at >= now.getTime());
  return after.length === 0 ? null : new Date(Math.min(...after));
}
