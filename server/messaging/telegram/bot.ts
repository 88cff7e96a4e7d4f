import { Bot, type Context } from "grammy";
import type { InlineKeyboardButton, Update } from "grammy/types";
import type { BotReply, ReplyChoice, ResidentMessage } from "../types";
import { describeTelegramError } from "./errors";
import { clampText } from "./sender";

// The resident-facing Telegram bot. grammY parses the update, routes it to the one handler that
// applies and makes the reply call; what the bot says is decided by the conversation
// (answerResident), the same for Telegram and SMS. Only private chats are answered: in a group,
// a resident asking about their town would tell everyone there where they are.

export type AnswerResident = (message: ResidentMessage) => Promise<BotReply>;

export type TelegramBotOptions = {
  token: string;
  apiRoot: string;
  answer: AnswerResident;
  /** Seconds a Bot API call may take before it is given up (grammY's default is 500). */
  timeoutSeconds?: number;
};

/** Telegram refuses callback_data over 64 bytes. */
const CALLBACK_DATA_MAX_BYTES = 64;
/** Telegram refuses a button without text; a label this long would not fit on a phone anyway. */
const BUTTON_LABEL_MAX = 120;

export function createTelegramBot({ token, apiRoot, answer, timeoutSeconds = 10 }: TelegramBotOptions): Bot {
  const bot = new Bot(token, { client: { apiRoot, timeoutSeconds } });

  const reply = async (ctx: Context, text: string, unsupported = false) => {
    const chat = ctx.chat;
    if (!chat || chat.type !== "private") return;
    const answered = await answer({ channel: "telegram", address: String(chat.id), text, languageHint: ctx.from?.language_code ?? null, ...(unsupported ? { unsupported } : {}) });
    // An answer with no text sends nothing (a sender past its limit, already told so).
    if (answered.text.trim() === "") return;
    const keyboard = inlineKeyboard(answered.choices);
    // No parse_mode: the text is sent as plain text, so a town name or a reason can never become markup.
    await ctx.reply(clampText(answered.text), {
      link_preview_options: { is_disabled: true },
      ...(keyboard.length > 0 ? { reply_markup: { inline_keyboard: keyboard } } : {}),
    });
    // Each on its own, in order (a town's warnings after its routes).
    for (const followUp of answered.followUps ?? []) {
      if (followUp.trim() !== "") await ctx.reply(clampText(followUp), { link_preview_options: { is_disabled: true } });
    }
  };

  bot.chatType("private").on("message:text", (ctx) => reply(ctx, ctx.message.text));
  // A voice message, a sticker, a location…: the resident is told, in one line, what the bot reads.
  bot.chatType("private").on("message", (ctx) => reply(ctx, "", true));

  bot.on("callback_query:data", async (ctx) => {
    // First, so the button stops spinning even if the answer fails.
    await ctx.answerCallbackQuery().catch((error: unknown) => console.error(`corridor: telegram callback answer failed: ${describeTelegramError(error)}`));
    // A button of one of our replies, in the private chat it was sent to; the data is the command it stands for.
    await reply(ctx, ctx.callbackQuery.data);
  });

  // Everything else (edited messages, groups, channel posts, unknown update types) reaches no
  // handler and is ignored; the webhook still answers 200.
  bot.catch((error) => console.error(`corridor: telegram update failed: ${describeTelegramError(error.error)}`));
  return bot;
}

/** One button per row; a choice Telegram would refuse is left out rather than failing the reply. */
export function inlineKeyboard(choices: ReplyChoice[]): InlineKeyboardButton[][] {
  return choices
    .filter((c) => c.label.trim() !== "" && c.command !== "" && Buffer.byteLength(c.command, "utf8") <= CALLBACK_DATA_MAX_BYTES)
    .map((c) => [{ text: clampLabel(c.label), callback_data: c.command }]);
}

function clampLabel(label: string): string {
  const chars = Array.from(label.trim());
  return chars.length <= BUTTON_LABEL_MAX ? chars.join("") : `${chars.slice(0, BUTTON_LABEL_MAX - 1).join("")}…`;
}

/**
 * Runs one update through the bot. Never throws: a failing handler (the database away, the Bot
 * API refusing the reply) is logged without the chat or the text, and the update is dropped;
 * Telegram would otherwise send it again and again.
 */
export async function handleTelegramUpdate(bot: Bot, update: Update): Promise<void> {
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    const cause = (error as { error?: unknown }).error ?? error;
    console.error(`corridor: telegram update failed: ${describeTelegramError(cause)}`);
  }
}

// One bot per process and configuration (Next bundles route handlers separately: a module-level
// variable could exist twice, and each bot asks getMe once).
const globalForBot = globalThis as unknown as { corridorTelegramBots?: Map<string, Bot> };

/** The process's bot for this token and API server, made on first use. */
export function getTelegramBot(options: TelegramBotOptions): Bot {
  const bots = (globalForBot.corridorTelegramBots ??= new Map());
  const key = `${options.apiRoot}|${options.token}`;
  let bot = bots.get(key);
  if (!bot) {
    bot = createTelegramBot(options);
    bots.set(key, bot);
  }
  return bot;
}
