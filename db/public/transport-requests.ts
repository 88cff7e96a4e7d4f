import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { towns } from "../schema/places";
import { transportRequests } from "../schema/transport-requests";
import type { PublicTransportRequestCounts } from "./types";

/**
 * How many requests for transport are open in a town, and how many of those an organisation is
 * handling: the only thing residents, the API or the bot are ever told about requests. Counts
 * only — no request, need, time or place — so nobody can be picked out of them.
 */
export async function getPublicTransportRequestCounts(db: Db, { slug }: { slug?: string }): Promise<PublicTransportRequestCounts | null> {
  if (!slug) return null;
  const [row] = await db
    .select({
      open: sql<number>`count(${transportRequests.id})::int`,
      beingHandled: sql<number>`count(${transportRequests.claimedByOrganisationId})::int`,
    })
    .from(towns)
    .leftJoin(transportRequests, and(eq(transportRequests.townId, towns.id), sql`${transportRequests.status} in ('new', 'contacted', 'scheduled')`))
    .where(eq(towns.slug, slug))
    .groupBy(towns.id);
  return row ?? null;
}
