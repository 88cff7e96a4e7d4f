import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { ROUTE_STATUSES } from "@/lib/enum-values";
import type { Db } from "../client";
import { oblasts } from "../schema/places";
import { routes } from "../schema/routes";
import { originTown, placeNameColumns, routeStaleAt, shownRouteStatus } from "./columns";
import type { PublicOblastSummary, PublicOblastView, PublicStatusCounts } from "./types";

// The resident's way to a town among hundreds: oblasts with counts, then an oblast's towns with
// counts. Counts only, computed in SQL with the same "shown status" rule as every route read
// (columns.ts shownRouteStatus), so no page has to load every route to say how many are open.

// Grouped by the output column's name: the expression's bound `now` would be a different
// parameter in GROUP BY, which PostgreSQL cannot match to the one in the select list.
const byShownStatus = sql`shown_status`;

const emptyCounts = (): PublicStatusCounts => Object.fromEntries([...ROUTE_STATUSES, "unconfirmed"].map((s) => [s, 0])) as PublicStatusCounts;

function addCount(counts: PublicStatusCounts, status: string, n: number) {
  if (status in counts) counts[status as keyof PublicStatusCounts] += n;
}

/** Every oblast with at least one route out of one of its towns, by English name, with its towns and routes counted by status now. */
export async function listPublicOblastSummaries(db: Db, { now }: { now: Date }): Promise<PublicOblastSummary[]> {
  const shown = shownRouteStatus(now);
  const rows = await db
    .select({
      ...placeNameColumns(oblasts),
      pcode: oblasts.pcode,
      status: shown.as("shown_status"),
      routes: count(),
    })
    .from(routes)
    .innerJoin(originTown, eq(routes.originTownId, originTown.id))
    .innerJoin(oblasts, eq(originTown.oblastId, oblasts.id))
    .groupBy(oblasts.id, byShownStatus)
    .orderBy(asc(oblasts.nameEn), asc(oblasts.slug));
  // Towns are counted once per oblast: a query per status would count a town in each of its statuses.
  const townCounts = await db
    .select({ slug: oblasts.slug, towns: sql<number>`count(distinct ${originTown.id})`.mapWith(Number) })
    .from(routes)
    .innerJoin(originTown, eq(routes.originTownId, originTown.id))
    .innerJoin(oblasts, eq(originTown.oblastId, oblasts.id))
    .groupBy(oblasts.slug);
  const towns = new Map(townCounts.map((r) => [r.slug, r.towns]));
  const bySlug = new Map<string, PublicOblastSummary>();
  for (const row of rows) {
    const entry = bySlug.get(row.slug) ?? { slug: row.slug, nameUk: row.nameUk, nameRu: row.nameRu, nameEn: row.nameEn, pcode: row.pcode, townCount: towns.get(row.slug) ?? 0, routeCount: 0, statusCounts: emptyCounts() };
    entry.routeCount += row.routes;
    addCount(entry.statusCounts, row.status, row.routes);
    bySlug.set(row.slug, entry);
  }
  return [...bySlug.values()];
}

/** An oblast by slug with its towns that have routes out, by English name, each counted by status now; null for no such oblast. */
export async function getPublicOblastView(db: Db, { now, slug }: { now: Date; slug?: string }): Promise<PublicOblastView | null> {
  if (!slug) return null;
  const [oblast] = await db.select({ ...placeNameColumns(oblasts), pcode: oblasts.pcode, id: oblasts.id }).from(oblasts).where(eq(oblasts.slug, slug)).limit(1);
  if (!oblast) return null;
  const shown = shownRouteStatus(now);
  const inOblast = eq(originTown.oblastId, oblast.id);
  const [rows, [stale]] = await Promise.all([
    db
      .select({ ...placeNameColumns(originTown), status: shown.as("shown_status"), routes: count() })
      .from(routes)
      .innerJoin(originTown, eq(routes.originTownId, originTown.id))
      .where(inOblast)
      .groupBy(originTown.id, byShownStatus)
      .orderBy(asc(originTown.nameEn), asc(originTown.slug)),
    db
      .select({ at: sql<string | null>`min(${routeStaleAt})` })
      .from(routes)
      .innerJoin(originTown, eq(routes.originTownId, originTown.id))
      .where(and(inOblast, sql`${routeStaleAt} >= ${now.toISOString()}::timestamptz`)),
  ]);
  const towns = new Map<string, PublicOblastView["towns"][number]>();
  for (const row of rows) {
    const entry = towns.get(row.slug) ?? { slug: row.slug, nameUk: row.nameUk, nameRu: row.nameRu, nameEn: row.nameEn, routeCount: 0, statusCounts: emptyCounts() };
    entry.routeCount += row.routes;
    addCount(entry.statusCounts, row.status, row.routes);
    towns.set(row.slug, entry);
  }
  const { id: _id, ...place } = oblast;
  return { oblast: place, towns: [...towns.values()], nextStaleAt: stale?.at ? new Date(stale.at) : null };
}
