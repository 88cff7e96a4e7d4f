import "server-only";
import { and, asc, desc, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../client";
import { areaNotices, oblasts, towns } from "../schema/places";
import { routes } from "../schema/routes";
import { publicNoticeColumns } from "./notice-columns";
import { destinationTown, originTown, routeListingColumns } from "./route-columns";

// Public reads. Each function selects an explicit list of public columns, so internal fields
// (who confirmed a status, internal notes, reporters) cannot leak through a later `select *`.

export type PublicTownName = { slug: string; nameUk: string; nameRu: string; nameEn: string };

export type PublicRouteSummary = Omit<Awaited<ReturnType<typeof selectRouteListing>>[number], "reviewFlaggedAt"> & {
  /** Only whether a review is pending: which incident flagged it is internal. */
  flaggedForReview: boolean;
};

function selectRouteListing(db: Db) {
  return db
    .select(routeListingColumns)
    .from(routes)
    .innerJoin(originTown, eq(routes.originTownId, originTown.id))
    .innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
    .orderBy(asc(originTown.nameEn), asc(destinationTown.nameEn));
}

/** Every route with its origin and destination, ordered by origin town: the public board. */
export async function listPublicRouteBoard(db: Db): Promise<PublicRouteSummary[]> {
  const rows = await selectRouteListing(db);
  return rows.map(({ reviewFlaggedAt, ...route }) => ({ ...route, flaggedForReview: reviewFlaggedAt !== null }));
}

export type PublicAreaNotice = {
  id: string;
  severity: (typeof areaNotices.$inferSelect)["severity"];
  textUk: string;
  textRu: string;
  textEn: string;
  issuedAt: Date;
  /** The town or oblast it is about. */
  area: PublicTownName;
  areaKind: "town" | "oblast";
};

/**
 * Notices in force at `now` (issued, not expired), newest first; with `forTown`, only those about
 * that town itself or its whole oblast (what a town's page shows).
 */
export async function listActiveAreaNotices(db: Db, now: Date, forTown?: { id: string; oblastId: string }): Promise<PublicAreaNotice[]> {
  const inForce = and(
    lte(areaNotices.issuedAt, now),
    or(isNull(areaNotices.expiresAt), gt(areaNotices.expiresAt, now)),
    forTown ? or(eq(areaNotices.townId, forTown.id), eq(areaNotices.oblastId, forTown.oblastId)) : undefined,
  );
  const rows = await db
    .select({
      ...publicNoticeColumns,
      townSlug: towns.slug,
      townUk: towns.nameUk,
      townRu: towns.nameRu,
      townEn: towns.nameEn,
      oblastSlug: oblasts.slug,
      oblastUk: oblasts.nameUk,
      oblastRu: oblasts.nameRu,
      oblastEn: oblasts.nameEn,
    })
    .from(areaNotices)
    .leftJoin(towns, eq(areaNotices.townId, towns.id))
    .leftJoin(oblasts, eq(areaNotices.oblastId, oblasts.id))
    .where(inForce)
    .orderBy(desc(areaNotices.issuedAt));
  return rows.map((r) => {
    const isTown = r.townSlug !== null;
    return {
      id: r.id,
      severity: r.severity,
      textUk: r.textUk,
      textRu: r.textRu,
      textEn: r.textEn,
      issuedAt: r.issuedAt,
      areaKind: isTown ? "town" : "oblast",
      area: isTown
        ? { slug: r.townSlug!, nameUk: r.townUk!, nameRu: r.townRu!, nameEn: r.townEn! }
        : { slug: r.oblastSlug!, nameUk: r.oblastUk!, nameRu: r.oblastRu!, nameEn: r.oblastEn! },
    };
  });
}
