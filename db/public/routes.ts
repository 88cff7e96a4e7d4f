import "server-only";
import { and, asc, count, eq, gte, or, sql, type SQL } from "drizzle-orm";
import type { SortKey } from "@/lib/cursor-page";
import type { Db } from "../client";
import { oblasts } from "../schema/places";
import { routes } from "../schema/routes";
import { destinationTown, originTown, routeColumns, routeStaleAt, shownRouteStatus, withRouteTowns } from "./columns";
import type { PublicRoute, PublicRouteFilter } from "./types";

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

/** The slug in byte order: the same on every server whatever its locale, read through routes_slug_bytes_idx. */
const slugBytes = sql`${routes.slug} collate "C"`;

/** A page of a public list: its rows, how many match in all, and the key to continue after (null on the last page). */
export type PublicPage<T> = { items: T[]; total: number; next: SortKey | null };

/** Pages hold at least one row and at most this many, whatever a caller asks. */
export const MAX_PUBLIC_PAGE = 1_000;
const DEFAULT_PUBLIC_PAGE = 100;

const pageLimit = (limit: number | undefined) => Math.min(MAX_PUBLIC_PAGE, Math.max(1, Math.floor(limit ?? DEFAULT_PUBLIC_PAGE)));

/** The filters of the routes list as SQL: out of `town` or `oblast`, shown with `status` at `now`, changed since. */
function routeFilter(db: Db, { now, town, oblast, status, changedSince }: PublicRouteFilter & { now: Date }): SQL | undefined {
  const nowText = now.toISOString();
  return and(
    town === undefined ? undefined : eq(originTown.slug, town),
    oblast === undefined ? undefined : eq(originTown.oblastId, db.select({ id: oblasts.id }).from(oblasts).where(eq(oblasts.slug, oblast))),
    status === undefined ? undefined : sql`${shownRouteStatus(now)} = ${status}`,
    // Written since, or turned "unconfirmed" since: that change is the clock's, so no write records it.
    changedSince === undefined
      ? undefined
      : or(gte(routes.updatedAt, changedSince), and(sql`${routeStaleAt} >= ${changedSince.toISOString()}::timestamptz`, sql`${routeStaleAt} <= ${nowText}::timestamptz`)),
  );
}

/**
 * One page of routes by slug (unique, ASCII, the same order in every language), paged in SQL by
 * keyset: those after `after` that match the filters, at most `limit`, read through the slug's
 * unique index. A row added or removed before the cursor does not shift the next page.
 */
export async function pagePublicRoutes(
  db: Db,
  { now, after, limit, ...filter }: PublicRouteFilter & { now: Date; after?: SortKey | null; limit?: number },
): Promise<PublicPage<PublicRoute>> {
  const size = pageLimit(limit);
  const where = routeFilter(db, { now, ...filter });
  const start = after?.length === 1 && typeof after[0] === "string" ? sql`${slugBytes} > ${after[0]}` : undefined;
  const [rows, [counted]] = await Promise.all([
    withRouteTowns(db.select(routeColumns).from(routes).$dynamic())
      .where(and(where, start))
      .orderBy(slugBytes)
      .limit(size + 1),
    db
      .select({ total: count() })
      .from(routes)
      .innerJoin(originTown, eq(routes.originTownId, originTown.id))
      .where(where),
  ]);
  const items = rows.slice(0, size);
  return { items, total: counted?.total ?? 0, next: rows.length > size ? [items.at(-1)!.slug] : null };
}

/** The earliest instant from `now` on (a freshness window includes its end) at which some route's status stops being fresh (it turns "unconfirmed"), or null. */
export async function nextPublicRouteStaleAt(db: Db, { now }: { now: Date }): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`min(${routeStaleAt})` })
    .from(routes)
    .where(sql`${routeStaleAt} >= ${now.toISOString()}::timestamptz`);
  return row?.at ? new Date(row.at) : null;
}
