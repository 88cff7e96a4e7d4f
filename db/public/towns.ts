import "server-only";
import { and, asc, between, count, eq, exists, gte, or, sql } from "drizzle-orm";
import type { SortKey } from "@/lib/cursor-page";
import type { Db } from "../client";
import { oblasts, towns } from "../schema/places";
import { routes } from "../schema/routes";
import { townColumns } from "./columns";
import type { PublicPage } from "./routes";
import type { PublicTown } from "./types";

function selectTowns(db: Db) {
  return db.select(townColumns).from(towns).innerJoin(oblasts, eq(towns.oblastId, oblasts.id));
}

/** Every town, by English name: what the resident search matches against (names and aliases). */
export async function listSearchableTowns(db: Db): Promise<PublicTown[]> {
  return selectTowns(db).orderBy(asc(towns.nameEn), asc(towns.slug));
}

/** Towns that are the origin or destination of at least one route, by English name (the API's list). */
export async function listPublicTowns(db: Db): Promise<PublicTown[]> {
  return selectTowns(db).where(hasRoute(db)).orderBy(asc(towns.nameEn), asc(towns.slug));
}

/** The town is an end of some route (read through routes_origin_idx and routes_destination_idx). */
const hasRoute = (db: Db) =>
  or(
    exists(db.select({ one: sql`1` }).from(routes).where(eq(routes.originTownId, towns.id))),
    exists(db.select({ one: sql`1` }).from(routes).where(eq(routes.destinationTownId, towns.id))),
  );

/** The slug in byte order: the same on every server whatever its locale, read through towns_slug_bytes_idx. */
const slugBytes = sql`${towns.slug} collate "C"`;

/**
 * One page of the towns with routes by slug, paged in SQL by keyset (those after `after`, at
 * most `limit`, 1 to 1,000), in `oblast` and changed since `changedSince` when given, with how
 * many match in all.
 */
export async function pagePublicTowns(
  db: Db,
  { after, limit, oblast, changedSince }: { after?: SortKey | null; limit?: number; oblast?: string; changedSince?: Date },
): Promise<PublicPage<PublicTown>> {
  const size = Math.min(1_000, Math.max(1, Math.floor(limit ?? 100)));
  const where = and(hasRoute(db), oblast === undefined ? undefined : eq(oblasts.slug, oblast), changedSince === undefined ? undefined : gte(towns.updatedAt, changedSince));
  const start = after?.length === 1 && typeof after[0] === "string" ? sql`${slugBytes} > ${after[0]}` : undefined;
  const [rows, [counted]] = await Promise.all([
    selectTowns(db).where(and(where, start)).orderBy(slugBytes).limit(size + 1),
    db.select({ total: count() }).from(towns).innerJoin(oblasts, eq(towns.oblastId, oblasts.id)).where(where),
  ]);
  const items = rows.slice(0, size);
  return { items, total: counted?.total ?? 0, next: rows.length > size ? [items.at(-1)!.slug] : null };
}

/** One town by its public slug, or null. */
export async function getPublicTown(db: Db, { slug }: { slug?: string }): Promise<PublicTown | null> {
  if (!slug) return null;
  const [town] = await selectTowns(db).where(eq(towns.slug, slug)).limit(1);
  return town ?? null;
}

/** How far around a route's two towns its map names other towns: about 30 km, the drive out. */
const NEAR_ROUTE_DEGREES = 0.3;

/**
 * The towns near a route, for its map to name (residents orient by the towns around them): those
 * within NEAR_ROUTE_DEGREES of the box around its two ends, the nearest to its origin first, at
 * most `limit` (1 to 30, 12 unless given). A town's name and point are public, as in the search.
 */
export async function listPublicTownsNearRoute(db: Db, { slug, limit }: { slug?: string; limit?: number }): Promise<PublicTown[]> {
  if (!slug) return [];
  const size = Math.min(30, Math.max(1, Math.floor(limit ?? 12)));
  const ends = await db
    .select({ lat: towns.lat, lon: towns.lon, origin: sql<boolean>`(${towns.id} = ${routes.originTownId})`.mapWith(Boolean) })
    .from(routes)
    .innerJoin(towns, or(eq(routes.originTownId, towns.id), eq(routes.destinationTownId, towns.id)))
    .where(eq(routes.slug, slug));
  const origin = ends.find((end) => end.origin) ?? ends[0];
  if (!origin) return [];
  const lats = ends.map((end) => end.lat);
  const lons = ends.map((end) => end.lon);
  return selectTowns(db)
    .where(
      and(
        between(towns.lat, Math.min(...lats) - NEAR_ROUTE_DEGREES, Math.max(...lats) + NEAR_ROUTE_DEGREES),
        between(towns.lon, Math.min(...lons) - NEAR_ROUTE_DEGREES, Math.max(...lons) + NEAR_ROUTE_DEGREES),
      ),
    )
    .orderBy(sql`(${towns.lat} - ${origin.lat})^2 + ((${towns.lon} - ${origin.lon}) * 0.66)^2`, asc(towns.slug))
    .limit(size);
}
