import { routeFreshness, type RouteStatusFacts } from "./freshness";

export type AttentionReason = "stale" | "flagged" | "closed";

export type AttentionFacts = RouteStatusFacts & { reviewFlaggedAt: Date | null };

/** Why a coordinator should look at this route now, most urgent first; empty when nothing. */
export function attentionReasons(route: AttentionFacts, now: Date): AttentionReason[] {
  const reasons: AttentionReason[] = [];
  if (!routeFreshness(route, now).fresh) reasons.push("stale");
  if (route.reviewFlaggedAt) reasons.push("flagged");
  if (route.status === "closed") reasons.push("closed");
  return reasons;
}

const RANK: Record<AttentionReason, number> = { stale: 0, flagged: 1, closed: 2 };

/**
 * Dashboard order: stale, then flagged, then closed, then the rest; within a group the oldest
 * confirmation first, since it is the next to go stale. Stable for equal keys.
 */
export function sortByAttention<T extends AttentionFacts>(routes: T[], now: Date): T[] {
  const keyed = routes.map((route, index) => {
    const reasons = attentionReasons(route, now);
    const group = reasons.length ? Math.min(...reasons.map((r) => RANK[r])) : 3;
    return { route, index, group, confirmed: route.statusConfirmedAt?.getTime() ?? -Infinity };
  });
  keyed.sort((a, b) => a.group - b.group || a.confirmed - b.confirmed || a.index - b.index);
  return keyed.map((k) => k.route);
}
