import type { PublicApiRoute } from "@/db/public/types";
import type { RoutesQuery } from "./schemas";

/** The routes a query asks for: out of `town` (its origin, as the town page lists them), with `status` as shown now. */
export function filterRoutes<T extends { route: PublicApiRoute }>(routes: T[], { town, status }: RoutesQuery): T[] {
  return routes.filter(({ route }) => (town === undefined || route.origin.slug === town) && (status === undefined || route.status === status));
}
