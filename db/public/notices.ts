import "server-only";
import { and, count, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { areaNotices, oblasts, towns } from "../schema/places";
import { noticeColumns, placeNameColumns } from "./columns";
import type { PublicAreaNotice } from "./types";

/** The most notices the home pages show: the newest; each oblast's page has its own (OBLAST_NOTICES_MAX). */
export const HOME_NOTICES_MAX = 5;
/** The most notices an oblast's pages show: the newest; each town's page has all of its own and its oblast's. */
export const OBLAST_NOTICES_MAX = 10;

/** Which notices a read is about: all in force, a town's (its own and its oblast's), or an oblast's (its own and its towns'). */
type NoticeScope = { slug?: string; oblast?: string };

function inForce(now: Date) {
  return and(lte(areaNotices.issuedAt, now), or(isNull(areaNotices.expiresAt), gt(areaNotices.expiresAt, now)));
}

function scoped(db: Db, { slug, oblast }: NoticeScope): SQL | undefined {
  if (slug !== undefined) {
    const townsNamed = (column: typeof towns.id | typeof towns.oblastId) => db.select({ id: column }).from(towns).where(eq(towns.slug, slug));
    return or(inArray(areaNotices.townId, townsNamed(towns.id)), inArray(areaNotices.oblastId, townsNamed(towns.oblastId)));
  }
  if (oblast !== undefined) {
    const oblastNamed = db.select({ id: oblasts.id }).from(oblasts).where(eq(oblasts.slug, oblast));
    const itsTowns = db.select({ id: towns.id }).from(towns).where(inArray(towns.oblastId, oblastNamed));
    return or(inArray(areaNotices.oblastId, oblastNamed), inArray(areaNotices.townId, itsTowns));
  }
  return undefined;
}

/**
 * Notices in force at `now` (issued, not expired), newest first; with a town's `slug`, only those
 * about that town itself or its whole oblast (what a town's page shows); with an `oblast`'s slug,
 * those about the oblast or any of its towns. `limit`: the newest that many (pages that list many
 * areas show a bounded number and say how many there are: countActiveAreaNotices).
 */
export async function listActiveAreaNotices(db: Db, { now, limit, ...scope }: { now: Date; limit?: number } & NoticeScope): Promise<PublicAreaNotice[]> {
  const query = db
    .select({ ...noticeColumns, town: placeNameColumns(towns), oblast: placeNameColumns(oblasts) })
    .from(areaNotices)
    .leftJoin(towns, eq(areaNotices.townId, towns.id))
    .leftJoin(oblasts, eq(areaNotices.oblastId, oblasts.id))
    .where(and(inForce(now), scoped(db, scope)))
    .orderBy(desc(areaNotices.issuedAt), desc(areaNotices.id));
  const rows = await (limit === undefined ? query : query.limit(limit));
  return rows.flatMap(({ town, oblast, ...notice }): PublicAreaNotice[] => {
    // A notice is about a town or an oblast (a check constraint): the other join is all null.
    if (town) return [{ ...notice, areaKind: "town" as const, area: town }];
    if (oblast) return [{ ...notice, areaKind: "oblast" as const, area: oblast }];
    return [];
  });
}

/** How many notices are in force at `now`, by the slug of the oblast each is about (a town's notice counts for its oblast). */
export async function countActiveAreaNoticesByOblast(db: Db, { now }: { now: Date }): Promise<Map<string, number>> {
  const rows = await db
    .select({ slug: oblasts.slug, notices: count() })
    .from(areaNotices)
    .leftJoin(towns, eq(areaNotices.townId, towns.id))
    .innerJoin(oblasts, eq(oblasts.id, sql`coalesce(${areaNotices.oblastId}, ${towns.oblastId})`))
    .where(inForce(now))
    .groupBy(oblasts.slug);
  return new Map(rows.map((r) => [r.slug, r.notices]));
}
