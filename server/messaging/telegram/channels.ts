import { Api, GrammyError } from "grammy";
import type { ChannelCheck } from "@/db/queries/telegram-channels";
import { describeTelegramError } from "./errors";

/**
 * Asks the Bot API whether the bot can post to a channel a coordinator wants to link: the chat
 * must exist, be a channel, and have the bot as an administrator allowed to post. Answers with
 * the channel's numeric id (a username can change hands; the id does not) and title.
 */
export function createChannelLookup({ token, apiRoot, timeoutSeconds = 10 }: { token: string; apiRoot: string; timeoutSeconds?: number }) {
  const api = new Api(token, { apiRoot, timeoutSeconds });
  return async function lookUpChannel(chat: string): Promise<ChannelCheck> {
    try {
      const found = await api.getChat(chat);
      if (found.type !== "channel") return { ok: false, reason: "notChannel" };
      const me = await api.getMe();
      const member = await api.getChatMember(found.id, me.id);
      if (member.status === "creator") return { ok: true, chatId: String(found.id), title: found.title };
      if (member.status !== "administrator") return { ok: false, reason: "botNotAdmin" };
      if (!member.can_post_messages) return { ok: false, reason: "botCannotPost" };
      return { ok: true, chatId: String(found.id), title: found.title };
    } catch (error) {
      // 400 "chat not found", and 403 for a private channel the bot is not in at all.
      if (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403)) return { ok: false, reason: "notFound" };
      console.error(`corridor: telegram channel check failed: ${describeTelegramError(error)}`);
      return { ok: false, reason: "unavailable" };
    }
  };
}
