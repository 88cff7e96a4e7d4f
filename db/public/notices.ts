import "server-only";
import { and, desc, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../client";
import { areaNotices, oblasts, towns } from "../schema/places";
import { noticeColumns, placeNameColumns } from "./columns";
import type { PublicAreaNotice } from "./types";

/**
 * Notices in force at `now` (issued, not expired), newest first; with a town's `slug`, only those
 * about that town itself or its whole oblast (what a town's page shows).
 */
export async function listActiveAreaNotices(db: Db, { now, slug }: { now: Date; slug?: string }): Promise<PublicAreaNotice[]> {
  const townsNamed = (column: typeof towns.id | typeof towns.oblastId) => db.select({ id: column }).from(towns).where(eq(towns.slug, slug ?? ""));
  const forTown =
    slug === undefined ? undefined : or(inArray(areaNotices.townId, townsNamed(towns.id)), inArray(areaNotices.oblastId, townsNamed(towns.oblastId)));
  const rows = await db
    .select({ ...noticeColumns, town: placeNameColumns(towns), oblast: placeNameColumns(oblasts) })
    .from(areaNotices)
    .leftJoin(towns, eq(areaNotices.townId, towns.id))
    .leftJoin(oblasts, eq(areaNotices.oblastId, oblasts.id))
    .where(and(lte(areaNotices.issuedAt, now), or(isNull(areaNotices.expiresAt), gt(areaNotices.expiresAt, now)), forTown))
    .orderBy(desc(areaNotices.issuedAt), desc(areaNotices.id));
  return rows.flatMap(({ town, oblast, ...notice }): PublicAreaNotice[] => {
    // A notice is about a town or an oblast (a check constraint): the other join is all null.
    if (town) return [{ ...notice, areaKind: "town" as const, area: town }];
    if (oblast) return [{ ...notice, areaKind: "oblast" as const, area: oblast }];
    return [];
  });
}
