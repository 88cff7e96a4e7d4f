import { Api, GrammyError } from "grammy";
import { RecipientGoneError, RetryLaterError } from "../delivery-errors";
import type { OutboundSender } from "../types";
import { sanitizeTelegramError } from "./errors";

/** Telegram's limit for one message; longer texts are cut (the conversation keeps them far shorter). */
export const TELEGRAM_TEXT_MAX = 4096;

/** When Telegram says 429 without retry_after (it always gives one today), wait this long. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * Sends finished notification texts to a resident's chat or a linked channel through the Bot
 * API. Telegram's answers become the worker's errors: 429 waits as long as Telegram says, a
 * blocked bot or a chat that is gone drops the recipient, anything else is retried. No error
 * that leaves here carries the chat id, the text or the token.
 */
export function createTelegramSender({ token, apiRoot, timeoutSeconds = 10 }: { token: string; apiRoot: string; timeoutSeconds?: number }): OutboundSender {
  const api = new Api(token, { apiRoot, timeoutSeconds });
  return {
    channel: "telegram",
    async send(address, text) {
      try {
        await api.sendMessage(address, clampText(text), { link_preview_options: { is_disabled: true } });
      } catch (error) {
        throw deliveryError(error);
      }
    },
  };
}

export function deliveryError(error: unknown): Error {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after;
      return new RetryLaterError(typeof seconds === "number" && seconds > 0 ? seconds : DEFAULT_RETRY_AFTER_SECONDS);
    }
    // 403: the resident blocked the bot, deleted their account, or the bot was removed from the channel.
    if (error.error_code === 403) return new RecipientGoneError(`telegram: recipient unreachable (403: ${error.description})`);
    if (error.error_code === 400 && /chat not found/i.test(error.description)) {
      return new RecipientGoneError("telegram: recipient unreachable (400: chat not found)");
    }
  }
  return sanitizeTelegramError(error);
}

/** Plain text cut to Telegram's limit (counted in UTF-16 units, as Telegram does) without splitting a character. */
export function clampText(text: string): string {
  if (text.length <= TELEGRAM_TEXT_MAX) return text;
  let out = "";
  for (const char of text) {
    if (out.length + char.length > TELEGRAM_TEXT_MAX - 1) break;
    out += char;
  }
  return `${out}…`;
}
