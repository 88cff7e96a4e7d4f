import "server-only";
import { and, eq, gt, inArray, min, or } from "drizzle-orm";
import type { Db } from "../client";
import { areaNotices, towns } from "../schema/places";

/**
 * When the area notices a page shows next change by time alone: the earliest start (issued_at)
 * or expiry still ahead of `now`, among the notices about the town of `slug` or its oblast (a
 * town's page), or all of them (the home page). Null when none is ahead. Only an instant: nothing
 * of the notice itself, published or not yet, leaves this read.
 */
export async function getNextNoticeChange(db: Db, { now, slug }: { now: Date; slug?: string }): Promise<Date | null> {
  const townsNamed = (column: typeof towns.id | typeof towns.oblastId) => db.select({ id: column }).from(towns).where(eq(towns.slug, slug ?? ""));
  const forTown =
    slug === undefined ? undefined : or(inArray(areaNotices.townId, townsNamed(towns.id)), inArray(areaNotices.oblastId, townsNamed(towns.oblastId)));
  const ahead = (column: typeof areaNotices.issuedAt | typeof areaNotices.expiresAt) =>
    db
      .select({ at: min(column) })
      .from(areaNotices)
      .where(and(gt(column, now), forTown));
  const [[starts], [ends]] = await Promise.all([ahead(areaNotices.issuedAt), ahead(areaNotices.expiresAt)]);
  const instants = [starts?.at, ends?.at].flatMap((at) => (at ? [new Date(at)] : []));
  return instants.length === 0 ? null : new Date(Math.min(...instants.map((d) => d.getTime())));
}
