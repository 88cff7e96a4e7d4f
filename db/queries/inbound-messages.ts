import "server-only";
import { and, eq, lt } from "drizzle-orm";
import type { MessageChannel } from "@/lib/enum-values";
import type { Db } from "../client";
import { inboundMessages } from "../schema/messaging";

// Which inbound messages were already answered, written by an authenticated webhook on a
// resident's behalf (no staff actor, no audit row, as for subscribers). The id arrives hashed.

/** How long a message's id is remembered: a replay within this is ignored. */
export const INBOUND_MESSAGE_MEMORY_MS = 24 * 60 * 60 * 1000;

export type InboundMessageId = { channel: MessageChannel; idHash: string };

/**
 * Records a message as being answered: true the first time its id is seen within a day, false
 * for a replay. Ids older than a day are dropped here, so the table holds at most a day's messages.
 */
export async function claimInboundMessage(db: Db, id: InboundMessageId, now: Date = new Date()): Promise<boolean> {
  await db.delete(inboundMessages).where(lt(inboundMessages.receivedAt, new Date(now.getTime() - INBOUND_MESSAGE_MEMORY_MS)));
  const inserted = await db
    .insert(inboundMessages)
    .values({ channel: id.channel, idHash: id.idHash, receivedAt: now })
    .onConflictDoNothing()
    .returning({ idHash: inboundMessages.idHash });
  return inserted.length === 1;
}

/** Forgets a claimed message whose answer failed, so the gateway's retry is answered. */
export async function releaseInboundMessage(db: Db, id: InboundMessageId): Promise<void> {
  await db.delete(inboundMessages).where(and(eq(inboundMessages.channel, id.channel), eq(inboundMessages.idHash, id.idHash)));
}
