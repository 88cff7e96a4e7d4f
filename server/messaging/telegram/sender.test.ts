import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTelegramStandIn, type TelegramStandIn } from "@/tests/stand-ins/telegram-bot-api";
import { RecipientGoneError, RetryLaterError } from "../delivery-errors";
import { clampText, createTelegramSender, TELEGRAM_TEXT_MAX } from "./sender";

const TOKEN = "123456789:sender-test-token-abcdefghij";
const CHAT = "987654321";
let api: TelegramStandIn;

beforeAll(async () => {
  api = await startTelegramStandIn({ token: TOKEN });
});
afterAll(async () => {
  await api?.close();
});
beforeEach(() => api.reset());

const sender = () => createTelegramSender({ token: TOKEN, apiRoot: api.url });

describe("the Telegram sender", () => {
  it("sends the text as plain text, without a link preview", async () => {
    await sender().send(CHAT, "Lysychansk → Bakhmut: closed <b>now</b>");
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]).toMatchObject({ method: "sendMessage", params: { chat_id: CHAT, text: "Lysychansk → Bakhmut: closed <b>now</b>", link_preview_options: { is_disabled: true } } });
    expect(api.calls[0]!.params).not.toHaveProperty("parse_mode");
  });

  it("turns 429 into RetryLaterError with Telegram's seconds, and sends nothing twice", async () => {
    api.failNext("429");
    const error = await sender().send(CHAT, "hello").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterSeconds).toBe(1);
    expect(api.calls).toHaveLength(1);
    await sender().send(CHAT, "hello");
    expect(api.calls).toHaveLength(2);
  });

  it.each([
    ["403", "blocked by the user"],
    ["400", "chat not found"],
  ] as const)("turns %s (%s) into RecipientGoneError", async (kind, _description) => {
    api.failNext(kind);
    await expect(sender().send(CHAT, "hello")).rejects.toBeInstanceOf(RecipientGoneError);
  });

  it("rethrows other failures without the chat id, the text or the token", async () => {
    const errors: unknown[] = [];
    // A Bot API refusal that is neither a wait nor a gone recipient (here: an empty text).
    errors.push(await sender().send(CHAT, " ").catch((e: unknown) => e));
    expect((errors[0] as Error).message).toContain("400");
    // An unknown method answers 404 here; a server that went away is a network error.
    const closed = await startTelegramStandIn();
    const url = closed.url;
    await closed.close();
    errors.push(await createTelegramSender({ token: TOKEN, apiRoot: url, timeoutSeconds: 2 }).send(CHAT, "secret text").catch((e: unknown) => e));
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(RetryLaterError);
      expect(error).not.toBeInstanceOf(RecipientGoneError);
      const said = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
      for (const secret of [CHAT, "secret text", TOKEN.split(":")[1]!]) expect(said).not.toContain(secret);
    }
  });

  it("keeps the Gone error free of the chat id", async () => {
    api.failNext("403");
    const error = (await sender().send(CHAT, "hello").catch((e: unknown) => e)) as Error;
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(CHAT);
  });
});

describe("clampText", () => {
  it("leaves texts within Telegram's limit alone and cuts longer ones without splitting a character", () => {
    expect(clampText("short")).toBe("short");
    const long = "😀".repeat(3000);
    const cut = clampText(long);
    expect(cut.length).toBeLessThanOrEqual(TELEGRAM_TEXT_MAX);
    expect(cut.endsWith("😀…")).toBe(true);
  });
});
