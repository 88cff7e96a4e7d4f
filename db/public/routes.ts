import "server-only";
import { asc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { routes } from "../schema/routes";
import { destinationTown, originTown, routeColumns, withRouteTowns } from "./columns";
import type { PublicRoute } from "./types";

/** Routes matching `where` (all without), by origin then destination name. */
function selectPublicRoutes(db: Db, where?: SQL): Promise<PublicRoute[]> {
  return withRouteTowns(db.select(routeColumns).from(routes).$dynamic())
    .where(where)
    .orderBy(asc(originTown.nameEn), asc(destinationTown.nameEn), asc(routes.slug));
}

/** Every route with both towns: the public board, the API and the lite pages. */
export async function listPublicRoutes(db: Db): Promise<PublicRoute[]> {
  return selectPublicRoutes(db);
}

/** The routes out of a town (by the town's slug), by destination name. */
export async function listPublicRoutesFrom(db: Db, { slug }: { slug?: string }): Promise<PublicRoute[]> {
  if (!slug) return [];
  return selectPublicRoutes(db, eq(originTown.slug, slug));
}

/** One route by its public slug, or null. */
export async function getPublicRoute(db: Db, { slug }: { slug?: string }): Promise<PublicRoute | null> {
  if (!slug) return null;
  const [route] = await selectPublicRoutes(db, eq(routes.slug, slug));
  return route ?? null;
}
