import "server-only";
import type { Db } from "@/db/client";
import { revealTransportRequestPersonal } from "@/db/queries/transport-requests";
import type { SessionUser } from "@/lib/session-user";
import { getTransportRequestKeys } from "./keys";
import { openTransportRequestPersonal, type TransportRequestPersonal } from "./personal";

/**
 * A request's personal details for the organisation that claimed it (or an admin), opened here
 * after the database has recorded the reveal; null once they have been erased.
 */
export async function revealTransportRequest(db: Db, actor: SessionUser | null, id: string): Promise<{ referenceCode: string; personal: TransportRequestPersonal | null }> {
  const { referenceCode, personalSealed } = await revealTransportRequestPersonal(db, actor, { id });
  return { referenceCode, personal: personalSealed ? openTransportRequestPersonal(getTransportRequestKeys(), personalSealed) : null };
}
