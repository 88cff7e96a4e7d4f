import { nextTimeBasedChange } from "@/lib/next-change";
import type { PublicApiRoute } from "@/db/public/types";
import type { RoutesQuery } from "./schemas";

/** The routes a query asks for: out of `town` (its origin, as the town page lists them), with `status` as shown now. */
export function filterRoutes<T extends { route: PublicApiRoute }>(routes: T[], { town, status }: RoutesQuery): T[] {
  return routes.filter(({ route }) => (town === undefined || route.origin.slug === town) && (status === undefined || route.status === status));
}

/**
 * When the API's answer about these routes next changes by the clock alone: a status leaving its
 * freshness window, a corridor window starting or ending. Of every route, not only those a query
 * keeps: a route whose status turns "unconfirmed" joins the answer to ?status=unconfirmed.
 */
export function nextChangeOfRoutes(now: Date, routes: readonly { route: PublicApiRoute }[]): Date | null {
  const instants = routes.flatMap(({ route }) => [route.freshUntil, route.corridorWindow?.start, route.corridorWindow?.end]);
  return nextTimeBasedChange(now, { instants: instants.map((at) => (at ? new Date(at) : null)) });
}
