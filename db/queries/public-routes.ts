import "server-only";
import { and, asc, eq, gt, isNull, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import { areaNotices, oblasts, towns } from "../schema/places";
import { routes } from "../schema/routes";

// Public reads. Each function selects an explicit list of public columns, so internal fields
// (who confirmed a status, internal notes, reporters) cannot leak through a later `select *`.

const origin = alias(towns, "origin");
const destination = alias(towns, "destination");

export type PublicTownName = { slug: string; nameUk: string; nameRu: string; nameEn: string };

export type PublicRouteSummary = {
  slug: string;
  mode: (typeof routes.$inferSelect)["mode"];
  status: (typeof routes.$inferSelect)["status"];
  statusReason: string;
  statusConfirmedAt: Date | null;
  freshnessWindowHours: number;
  flaggedForReview: boolean;
  origin: PublicTownName;
  destination: PublicTownName;
};

/** Every route with its origin and destination, ordered by origin town: the public board. */
export async function listPublicRouteBoard(db: Db): Promise<PublicRouteSummary[]> {
  const rows = await db
    .select({
      slug: routes.slug,
      mode: routes.mode,
      status: routes.status,
      statusReason: routes.statusReason,
      statusConfirmedAt: routes.statusConfirmedAt,
      freshnessWindowHours: routes.freshnessWindowHours,
      reviewFlaggedAt: routes.reviewFlaggedAt,
      originSlug: origin.slug,
      originUk: origin.nameUk,
      originRu: origin.nameRu,
      originEn: origin.nameEn,
      destinationSlug: destination.slug,
      destinationUk: destination.nameUk,
      destinationRu: destination.nameRu,
      destinationEn: destination.nameEn,
    })
    .from(routes)
    .innerJoin(origin, eq(routes.originTownId, origin.id))
    .innerJoin(destination, eq(routes.destinationTownId, destination.id))
    .orderBy(asc(origin.nameEn), asc(destination.nameEn));
  return rows.map((r) => ({
    slug: r.slug,
    mode: r.mode,
    status: r.status,
    statusReason: r.statusReason,
    statusConfirmedAt: r.statusConfirmedAt,
    freshnessWindowHours: r.freshnessWindowHours,
    flaggedForReview: r.reviewFlaggedAt !== null,
    origin: { slug: r.originSlug, nameUk: r.originUk, nameRu: r.originRu, nameEn: r.originEn },
    destination: { slug: r.destinationSlug, nameUk: r.destinationUk, nameRu: r.destinationRu, nameEn: r.destinationEn },
  }));
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

/** Notices in force at `now`, newest first. */
export async function listActiveAreaNotices(db: Db, now: Date): Promise<PublicAreaNotice[]> {
  const inForce: SQL | undefined = or(isNull(areaNotices.expiresAt), gt(areaNotices.expiresAt, now));
  const rows = await db
    .select({
      id: areaNotices.id,
      severity: areaNotices.severity,
      textUk: areaNotices.textUk,
      textRu: areaNotices.textRu,
      textEn: areaNotices.textEn,
      issuedAt: areaNotices.issuedAt,
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
    .where(and(inForce))
    .orderBy(asc(areaNotices.issuedAt));
  return rows.reverse().map((r) => {
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
