import "server-only";
import { eq } from "drizzle-orm";
import type { TransportRequestStatus } from "@/lib/transport-requests";
import type { Db } from "../client";
import { transportRequests } from "../schema/transport-requests";

// What a delivery job telling a requester about their own request reads: the request's state and
// its sealed contact, nothing else (not which organisation, not any note). No staff actor and no
// audit row: no person sees the contact, it is opened in the worker only to hand it to the
// gateway, as a subscriber's address is.

export type RequesterUpdateRow = { referenceCode: string; status: TransportRequestStatus; claimed: boolean; locale: string; personalSealed: string | null };

export async function getRequesterUpdateRow(db: Db, requestId: string): Promise<RequesterUpdateRow | null> {
  const [row] = await db
    .select({
      referenceCode: transportRequests.referenceCode,
      status: transportRequests.status,
      claimedBy: transportRequests.claimedByOrganisationId,
      locale: transportRequests.locale,
      personalSealed: transportRequests.personalSealed,
    })
    .from(transportRequests)
    .where(eq(transportRequests.id, requestId));
  if (!row) return null;
  return { referenceCode: row.referenceCode, status: row.status, claimed: row.claimedBy !== null, locale: row.locale, personalSealed: row.personalSealed };
}
