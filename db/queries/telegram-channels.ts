import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Locale } from "@/i18n/routing";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { telegramChannels } from "../schema/messaging";
import { writeAudit } from "./audit";
import { isUniqueViolation, NotFoundError, RefusedWriteError } from "./write-errors";

// The organisations' own Telegram channels every public status change is posted to. Linking one
// asks Telegram first (the caller passes the check in, so this layer makes no HTTP calls itself)
// and refuses a channel the bot could not post to, rather than failing on the first change.
// The channel's chat id stays in its row (delivery needs it) and never goes into the audit log.

/** What Telegram said about the channel to link (server/messaging/telegram/channels.ts). */
export type ChannelCheck =
  | { ok: true; chatId: string; title: string }
  | { ok: false; reason: "notFound" | "notChannel" | "botNotAdmin" | "botCannotPost" | "unavailable" };

export type ChannelLookup = (chat: string) => Promise<ChannelCheck>;

export async function listTelegramChannels(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  return db
    .select({ id: telegramChannels.id, title: telegramChannels.title, locale: telegramChannels.locale, createdAt: telegramChannels.createdAt, lastSentAt: telegramChannels.lastSentAt })
    .from(telegramChannels)
    .orderBy(asc(telegramChannels.createdAt), asc(telegramChannels.id));
}

export type TelegramChannelSummary = Awaited<ReturnType<typeof listTelegramChannels>>[number];

/**
 * Links a channel, `chat` being "@username" or its "-100…" id. Refused (beside the field, nothing
 * written) when Telegram does not know it, it is no channel, the bot may not post there, or it is
 * linked already. The role is checked before Telegram is asked anything.
 */
export async function linkTelegramChannel(
  db: Db,
  actor: SessionUser | null,
  { chat, locale, lookUp }: { chat: string; locale: Locale; lookUp: ChannelLookup },
): Promise<{ id: string; title: string }> {
  assertRole(actor, "coordinator");
  const found = await lookUp(chat);
  if (!found.ok) throw new RefusedWriteError("chat", { code: `telegram_${found.reason}` });
  return db
    .transaction(async (tx) => {
      const [created] = await tx
        .insert(telegramChannels)
        .values({ chatId: found.chatId, title: found.title.slice(0, 255), locale, createdBy: actor.id })
        .returning({ id: telegramChannels.id, title: telegramChannels.title, locale: telegramChannels.locale });
      await writeAudit(tx, { actor, action: "telegram_channel.link", entityType: "telegram_channel", entityId: created!.id, after: { title: created!.title, locale: created!.locale } });
      return { id: created!.id, title: created!.title };
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, "telegram_channels_chat_unique")) throw new RefusedWriteError("chat", { code: "telegram_alreadyLinked" });
      throw error;
    });
}

/** Stops posting to a channel; what is still pending for it goes with it. */
export async function unlinkTelegramChannel(db: Db, actor: SessionUser | null, { id }: { id: string }): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(telegramChannels)
      .where(eq(telegramChannels.id, id))
      .returning({ title: telegramChannels.title, locale: telegramChannels.locale });
    if (!removed) throw new NotFoundError("telegram channel");
    await writeAudit(tx, { actor, action: "telegram_channel.unlink", entityType: "telegram_channel", entityId: id, before: removed });
  });
}
