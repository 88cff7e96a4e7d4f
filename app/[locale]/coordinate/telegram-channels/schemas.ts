import { z } from "zod";
import { LOCALES } from "@/i18n/routing";
import { oneOf, uuid } from "@/lib/forms/zod-fields";

// Telegram usernames: 5-32 characters, a letter first, then letters, digits and underscores.
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;
// Channels' and supergroups' numeric ids are -100 followed by their internal id.
const CHANNEL_ID = /^-100\d{5,15}$/;

/**
 * The channel as a coordinator would paste it: "@name", "name", "t.me/name", "https://t.me/name"
 * or "-100…". Becomes "@name" or the id, which is what the Bot API takes.
 */
export const channelReference = z
  .string({ error: "required" })
  .trim()
  .min(1, { error: "required" })
  .max(200, { error: "tooLong" })
  .transform((value, ctx) => {
    if (CHANNEL_ID.test(value)) return value;
    const name = value.replace(/^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me)\//i, "").replace(/^@/, "").replace(/\/+$/, "");
    if (USERNAME.test(name)) return `@${name}`;
    ctx.addIssue({ code: "custom", message: "telegram_chatFormat" });
    return z.NEVER;
  });

/** "language", not "locale": the channel's language is data; the page's own comes from the request. */
export const linkChannelSchema = z.object({ chat: channelReference, language: oneOf(LOCALES) });

export const unlinkChannelSchema = z.object({ id: uuid });
