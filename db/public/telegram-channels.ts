import "server-only";
import { asc, like } from "drizzle-orm";
import type { Db } from "../client";
import { telegramChannels } from "../schema/messaging";

/**
 * The organisations' linked Telegram channels that residents can join by name (a channel linked
 * by its numeric id has no public address to offer), with the language each posts in. Only the
 * name and language: who linked it, and when, are internal.
 */
export async function listPublicTelegramChannels(db: Db): Promise<Array<{ username: string; locale: string }>> {
  const rows = await db
    .select({ username: telegramChannels.chatId, locale: telegramChannels.locale })
    .from(telegramChannels)
    .where(like(telegramChannels.chatId, "@%"))
    .orderBy(asc(telegramChannels.chatId));
  return rows;
}
