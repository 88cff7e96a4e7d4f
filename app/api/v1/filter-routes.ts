import type { SortKey } from "@/lib/cursor-page";
import { nextTimeBasedChange } from "@/lib/next-change";
import type { PublicApiRoute } from "@/db/public/types";
import type { RoutesQuery } from "./schemas";

type Filterable = { route: PublicApiRoute; oblast: string; changedAt: Date };

/**
 * The routes a query asks for: out of `town` (its origin, as the town page lists them) or out of
 * `oblast`, with `status` as shown now, and changed since `changedSince`: written since, or
 * turned "unconfirmed" since (that change is the clock's, so no write records it).
 */
export function filterRoutes<T extends Filterable>(routes: T[], { town, oblast, status, changedSince }: Omit<RoutesQuery, "limit" | "cursor">, now: Date): T[] {
  const since = changedSince?.getTime();
  const changed = ({ route, changedAt }: T) => {
    if (since === undefined || changedAt.getTime() >= since) return true;
    const lapsed = route.freshUntil ? Date.parse(route.freshUntil) : null;
    return lapsed !== null && lapsed >= since && lapsed <= now.getTime();
  };
  return routes.filter(
    (r) =>
      (town === undefined || r.route.origin.slug === town) &&
      (oblast === undefined || r.oblast === oblast) &&
      (status === undefined || r.route.status === status) &&
      changed(r),
  );
}

/** Routes are paged by slug: unique, ASCII, and the same order in every language. */
export const ROUTE_CURSOR = ["string"] as const;
export const routeKey = ({ route }: { route: PublicApiRoute }): SortKey => [route.slug];

/**
 * When the API's answer about these routes next changes by the clock alone: a status leaving its
 * freshness window, a corridor window starting or ending. Of every route, not only those a query
 * keeps: a route whose status turns "unconfirmed" joins the answer to ?status=unconfirmed.
 */
export function nextChangeOfRoutes(now: Date, routes: readonly { route: PublicApiRoute }[]): Date | null {
  const instants = routes.flatMap(({ route }) => [route.freshUntil, route.corridorWindow?.start, route.corridorWindow?.end]);
  return nextTimeBasedChange(now, { instants: instants.map((at) => (at ? new Date(at) : null)) });
}
