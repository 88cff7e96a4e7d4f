import type { Update } from "grammy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startTelegramStandIn, type TelegramStandIn } from "@/tests/stand-ins/telegram-bot-api";
import type { BotReply, ResidentMessage } from "../types";
import { createTelegramBot, handleTelegramUpdate, inlineKeyboard } from "./bot";

// grammY's real client, pointed at the local Bot API stand-in; the conversation is injected.
const TOKEN = "123456789:bot-test-token-abcdefghijklm";
const RESIDENT = 55501234;
let api: TelegramStandIn;
const asked: ResidentMessage[] = [];
let next: BotReply = { locale: "uk", text: "", choices: [] };

const answer = vi.fn(async (message: ResidentMessage) => {
  asked.push(message);
  return next;
});

beforeAll(async () => {
  api = await startTelegramStandIn({ token: TOKEN });
});
afterAll(async () => {
  await api?.close();
});
beforeEach(() => {
  api.reset();
  asked.length = 0;
  next = { locale: "uk", text: "Лисичанськ → Бахмут: закрито.", choices: [] };
});

async function bot() {
  const b = createTelegramBot({ token: TOKEN, apiRoot: api.url, answer });
  await b.init();
  api.reset(); // getMe
  return b;
}

let updateId = 1;
const user = { id: RESIDENT, is_bot: false, first_name: "R", language_code: "uk" };
const privateChat = { id: RESIDENT, type: "private" as const, first_name: "R" };
const textUpdate = (text: string, chat: object = privateChat, from: object = user): Update =>
  ({ update_id: updateId++, message: { message_id: 1, date: 1, chat, from, text } }) as unknown as Update;

describe("the Telegram bot", () => {
  it("answers a town question in a private chat with one plain message and the choices as buttons", async () => {
    next = {
      locale: "uk",
      text: "Знайдено кілька міст:",
      choices: [
        { label: "Лисичанськ", command: "/town lysychansk" },
        { label: "Сєвєродонецьк", command: "/town sievierodonetsk" },
      ],
    };
    await handleTelegramUpdate(await bot(), textUpdate("Лисичанськ"));
    expect(asked).toEqual([{ channel: "telegram", address: String(RESIDENT), text: "Лисичанськ", languageHint: "uk" }]);
    expect(api.calls.map((c) => c.method)).toEqual(["sendMessage"]);
    const params = api.calls[0]!.params;
    expect(params).toMatchObject({
      chat_id: RESIDENT,
      text: "Знайдено кілька міст:",
      link_preview_options: { is_disabled: true },
      reply_markup: {
        inline_keyboard: [[{ text: "Лисичанськ", callback_data: "/town lysychansk" }], [{ text: "Сєвєродонецьк", callback_data: "/town sievierodonetsk" }]],
      },
    });
    expect(params).not.toHaveProperty("parse_mode");
  });

  it("sends no keyboard when there is nothing to choose, and passes no language when Telegram gives none", async () => {
    const { language_code: _none, ...noLanguage } = user;
    await handleTelegramUpdate(await bot(), textUpdate("/help", privateChat, noLanguage));
    expect(asked[0]!.languageHint).toBeNull();
    expect(api.calls[0]!.params).not.toHaveProperty("reply_markup");
  });

  it("sends the follow-ups as messages of their own, after the answer", async () => {
    next = { locale: "en", text: "Lysychansk: 1 route", choices: [], followUps: ["Warning: shelling near Bakhmut.", ""] };
    await handleTelegramUpdate(await bot(), textUpdate("Lysychansk"));
    expect(api.calls.map((c) => c.params.text)).toEqual(["Lysychansk: 1 route", "Warning: shelling near Bakhmut."]);
  });

  it("answers a button press: the callback is answered and its data is asked as a command", async () => {
    const update = {
      update_id: updateId++,
      callback_query: { id: "cb-1", from: user, chat_instance: "ci", data: "/subscribe lysychansk", message: { message_id: 9, date: 1, chat: privateChat, text: "…" } },
    } as unknown as Update;
    await handleTelegramUpdate(await bot(), update);
    expect(asked.map((m) => m.text)).toEqual(["/subscribe lysychansk"]);
    expect(api.calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "sendMessage"]);
    expect(api.calls[0]!.params).toMatchObject({ callback_query_id: "cb-1" });
    expect(api.calls[1]!.params).toMatchObject({ chat_id: RESIDENT });
  });

  it.each([
    ["a group message", textUpdate("Лисичанськ", { id: -100200300, type: "supergroup", title: "Volunteers" })],
    ["an edited message", { update_id: 900, edited_message: { message_id: 1, date: 1, edit_date: 2, chat: privateChat, from: user, text: "Лисичанськ" } }],
    ["a channel post", { update_id: 901, channel_post: { message_id: 1, date: 1, chat: { id: -100999, type: "channel", title: "News" }, text: "Лисичанськ" } }],
    ["an update type grammY does not know", { update_id: 903, some_future_update: { anything: true } }],
  ])("ignores %s", async (_name, update) => {
    await handleTelegramUpdate(await bot(), update as unknown as Update);
    expect(asked).toEqual([]);
    expect(api.calls).toEqual([]);
  });

  it.each([
    ["a sticker", { sticker: { file_id: "x", file_unique_id: "y", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } }],
    ["a voice message", { voice: { file_id: "x", file_unique_id: "y", duration: 3 } }],
    ["a location", { location: { latitude: 48.9, longitude: 38.4 } }],
  ])("answers %s in a private chat with the one-line help, asking the conversation", async (_name, content) => {
    next = { locale: "uk", text: "Я читаю лише текст.", choices: [] };
    await handleTelegramUpdate(await bot(), { update_id: updateId++, message: { message_id: 1, date: 1, chat: privateChat, from: user, ...content } } as unknown as Update);
    expect(asked).toEqual([{ channel: "telegram", address: String(RESIDENT), text: "", languageHint: "uk", unsupported: true }]);
    expect(api.calls.map((c) => [c.method, c.params.text])).toEqual([["sendMessage", "Я читаю лише текст."]]);
  });

  it("never throws out of an update, and logs neither the chat id nor the text", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const b = await bot();
      answer.mockRejectedValueOnce(new Error(`database away while reading ${RESIDENT}`));
      await expect(handleTelegramUpdate(b, textUpdate("секретне місто"))).resolves.toBeUndefined();
      api.failNext("403");
      await expect(handleTelegramUpdate(b, textUpdate("секретне місто"))).resolves.toBeUndefined();
      const logged = errors.mock.calls.flat().map(String).join("\n");
      expect(errors).toHaveBeenCalledTimes(2);
      expect(logged).not.toContain(String(RESIDENT));
      expect(logged).not.toContain("секретне");
      expect(logged).toContain("403");
    } finally {
      errors.mockRestore();
    }
  });
});

describe("inlineKeyboard", () => {
  it("leaves out buttons Telegram would refuse (empty, or callback data over 64 bytes)", () => {
    expect(
      inlineKeyboard([
        { label: "ok", command: "/town a" },
        { label: "", command: "/town b" },
        { label: "too long", command: `/town ${"ї".repeat(40)}` },
      ]),
    ).toEqual([[{ text: "ok", callback_data: "/town a" }]]);
  });
});
