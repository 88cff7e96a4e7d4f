import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Locale } from "@/i18n/routing";
import type { MessageChannel } from "@/lib/enum-values";
import type { Db } from "../client";
import { requestDialogues } from "../schema/messaging";
import { towns } from "../schema/places";

// A resident's request for transport while it is being asked for, one message at a time (the
// bot's `/evacuate`, the SMS keyword's consent). Written on the resident's behalf by an
// authenticated webhook: no staff actor and no audit row, as for subscriptions. The answers are
// sealed by the caller; nothing here sees them in clear.

/** A dialogue with no answer for this long is forgotten: the next message starts afresh. */
export const DIALOGUE_TTL_HOURS = 24;

export type RequestDialogueKey = { channel: MessageChannel; addressHash: string };
export type RequestDialogueRow = { step: string; draftSealed: string; locale: Locale; version: number };

export async function getRequestDialogue(db: Db, key: RequestDialogueKey, now = new Date()): Promise<RequestDialogueRow | null> {
  const [row] = await db
    .select({ step: requestDialogues.step, draftSealed: requestDialogues.draftSealed, locale: requestDialogues.locale, version: requestDialogues.version, updatedAt: requestDialogues.updatedAt })
    .from(requestDialogues)
    .where(and(eq(requestDialogues.channel, key.channel), eq(requestDialogues.addressHash, key.addressHash)));
  if (!row || row.updatedAt.getTime() < now.getTime() - DIALOGUE_TTL_HOURS * 3_600_000) return null;
  return { step: row.step, draftSealed: row.draftSealed, locale: row.locale as Locale, version: row.version };
}

/**
 * Stores the next step. `baseVersion` is the version the answer was read at (null: a new
 * dialogue): two instances answering two quick messages of one chat cannot both move it on from
 * the same step, the second is refused (false) and the resident asked to send it again.
 */
export async function saveRequestDialogue(
  db: Db,
  key: RequestDialogueKey,
  {
    step,
    draftSealed,
    townSlug = null,
    locale,
    baseVersion,
    now = new Date(),
  }: { step: string; draftSealed: string; townSlug?: string | null; locale: Locale; baseVersion: number | null; now?: Date },
): Promise<boolean> {
  // An unknown slug leaves the town empty: the request itself refuses it when it is made.
  const townId = townSlug ? sql`(select ${towns.id} from ${towns} where ${towns.slug} = ${townSlug})` : null;
  if (baseVersion === null) {
    // A new `/evacuate` starts over whatever was there.
    await db
      .insert(requestDialogues)
      .values({ ...key, step, draftSealed, townId, locale, updatedAt: now, version: 1 })
      .onConflictDoUpdate({ target: [requestDialogues.channel, requestDialogues.addressHash], set: { step, draftSealed, townId, locale, updatedAt: now, version: sql`${requestDialogues.version} + 1` } });
    return true;
  }
  const updated = await db
    .update(requestDialogues)
    .set({ step, draftSealed, townId, locale, updatedAt: now, version: baseVersion + 1 })
    .where(and(eq(requestDialogues.channel, key.channel), eq(requestDialogues.addressHash, key.addressHash), eq(requestDialogues.version, baseVersion)))
    .returning({ version: requestDialogues.version });
  return updated.length === 1;
}

/** Ends a dialogue (made, cancelled, or the resident sent STOP). True if this call ended it: of two at once, one makes the request. */
export async function deleteRequestDialogue(db: Db, key: RequestDialogueKey, baseVersion?: number): Promise<boolean> {
  const where = [eq(requestDialogues.channel, key.channel), eq(requestDialogues.addressHash, key.addressHash)];
  if (baseVersion !== undefined) where.push(eq(requestDialogues.version, baseVersion));
  const deleted = await db.delete(requestDialogues).where(and(...where)).returning({ version: requestDialogues.version });
  return deleted.length > 0;
}

/** Dialogues left unanswered for a day: their answers (sealed) are erased. Returns how many. */
export async function deleteAbandonedRequestDialogues(db: Db, now = new Date()): Promise<number> {
  const deleted = await db
    .delete(requestDialogues)
    .where(lt(requestDialogues.updatedAt, new Date(now.getTime() - DIALOGUE_TTL_HOURS * 3_600_000)))
    .returning({ version: requestDialogues.version });
  return deleted.length;
}
