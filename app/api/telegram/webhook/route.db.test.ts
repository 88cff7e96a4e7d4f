import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { startTelegramStandIn, type TelegramStandIn } from "@/tests/stand-ins/telegram-bot-api";

// The webhook route as Telegram calls it, with grammY's real client answering through the local
// Bot API stand-in and the real conversation on the demo scenario.

const state = vi.hoisted(() => ({ db: null as unknown as Db }));
vi.mock("@/db", () => ({ getDb: async () => state.db }));

const TOKEN = "123456789:webhook-test-token-abcdefghij";
const SECRET = "webhook-test-secret-0123456789abcdef";
/** A resident's chat id, distinctive enough to be searched for in every table. */
const CHAT_ID = 731954862;
const URL = "http://localhost/api/telegram/webhook";

let t: TestDb;
let api: TelegramStandIn;
let POST: (request: Request) => Promise<Response>;
let GET: (request: Request) => Promise<Response>;

beforeAll(async () => {
  process.env.SUBSCRIBER_KEY = crypto.randomBytes(32).toString("base64");
  api = await startTelegramStandIn({ token: TOKEN });
  t = await createTestDb();
  state.db = t.db;
  await seedScenario(t.db);
  ({ POST, GET } = await import("./route"));
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});
beforeEach(() => {
  process.env.TELEGRAM_BOT_TOKEN = TOKEN;
  process.env.TELEGRAM_WEBHOOK_SECRET = SECRET;
  process.env.TELEGRAM_API_ROOT = api.url;
  api.reset();
});

let updateId = 1000;
function message(text: string, { chat = { id: CHAT_ID, type: "private", first_name: "R" } as object, language }: { chat?: object; language?: string } = {}) {
  return { update_id: updateId++, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat, from: { id: CHAT_ID, is_bot: false, first_name: "R", ...(language ? { language_code: language } : {}) }, text } };
}
function post(body: unknown, { secret = SECRET as string | null, raw = false, headers = {} as Record<string, string> } = {}) {
  // raw: a string or bytes sent as they are.
  return POST(
    new Request(URL, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }), ...headers },
      body: raw ? (body as BodyInit) : JSON.stringify(body),
    }),
  );
}
const sent = () => api.calls.filter((c) => c.method === "sendMessage");
const count = async (table: "subscribers" | "subscriptions") => Number(rowsOf<{ n: number }>(await t.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

/** Every row of every table as text, the audit log included. */
async function everything(): Promise<string> {
  const tables = rowsOf<{ table_name: string }>(await t.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`));
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = rowsOf<{ row: string }>(await t.db.execute(sql.raw(`select t::text as row from "${table_name}" t`)));
    parts.push(...rows.map((r) => `${table_name}: ${r.row}`));
  }
  return parts.join("\n");
}

describe("the Telegram webhook refuses", () => {
  it("is 404 while the bot is off", async () => {
    delete process.env.TELEGRAM_BOT_TOKEN;
    delete process.env.TELEGRAM_WEBHOOK_SECRET;
    const response = await post(message("Лисичанськ"));
    expect(response.status).toBe(404);
    expect(api.calls).toEqual([]);
  });

  it.each([
    ["without the secret", null],
    ["with a wrong secret", "webhook-test-secret-0123456789abcdeX"],
    ["with a secret of another length", "short"],
  ])("is 401 %s, calls nothing and stores nothing", async (_name, secret) => {
    const before = await everything();
    const response = await post(message("/subscribe Лисичанськ"), { secret });
    expect(response.status).toBe(401);
    expect(api.calls).toEqual([]); // not even getMe
    expect(await everything()).toEqual(before);
  });

  it("is 405 with Allow: POST for other methods", async () => {
    const response = await GET(new Request(URL));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("is 413 for a body over 64 KB, declared or not", async () => {
    const big = JSON.stringify(message("x".repeat(70_000)));
    expect((await post(big, { raw: true })).status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await POST(new Request(URL, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: stream, duplex: "half" } as RequestInit));
    expect(chunked.status).toBe(413);
    expect(api.calls).toEqual([]);
  });

  it.each([
    ["malformed JSON", "{ not json"],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
    ["JSON that is no update", "[1, 2]"],
    ["an update without its id", '{"message": {}}'],
    ["an empty body", ""],
  ])("is 400 for %s", async (_name, body) => {
    const response = await post(body, { raw: true });
    expect(response.status).toBe(400);
    expect(sent()).toEqual([]);
  });
});

describe("the Telegram webhook when Telegram cannot be reached", () => {
  it("is 503 (Telegram sends the update again later) and logs no secret", async () => {
    const gone = await startTelegramStandIn();
    process.env.TELEGRAM_API_ROOT = gone.url;
    await gone.close();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await post(message("Лисичанськ"));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("30");
      const logged = errors.mock.calls.flat().map(String).join("\n");
      expect(logged).toMatch(/getMe/);
      expect(logged).not.toContain(TOKEN.split(":")[1]!);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("the Telegram webhook answers residents", () => {
  it.each([
    ["Лисичанськ", "uk", "Лисичанськ"],
    ["Лисичанск", "ru", "Лисичанск"],
    ["Lysychansk", "en", "Lysychansk"],
    ["Lisichansk", undefined, "Lysychansk"],
    ["Lysychanks", "en", "Lysychansk"],
    ["лисичанськ", undefined, "Лисичанськ"],
  ])("%s (app language %s) gets one message about that town", async (text, language, name) => {
    const response = await post(message(text, { language }));
    expect(response.status).toBe(200);
    const messages = sent();
    expect(messages.length).toBeGreaterThanOrEqual(1);
    const first = messages[0]!.params;
    expect(first.chat_id).toBe(CHAT_ID);
    expect(String(first.text)).toContain(name);
    expect(String(first.text)).toContain("/lite/towns/lysychansk");
    expect(first).toMatchObject({ link_preview_options: { is_disabled: true } });
    expect(first).not.toHaveProperty("parse_mode");
  });

  it("offers the reply's choices as buttons, and a pressed button is answered", async () => {
    await post(message("/lang"));
    const keyboard = (sent()[0]!.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    expect(keyboard.map((row) => row[0]!.callback_data)).toEqual(["/lang uk", "/lang ru", "/lang en"]);
    api.reset();
    const press = {
      update_id: updateId++,
      callback_query: { id: "cb-7", from: { id: CHAT_ID, is_bot: false, first_name: "R" }, chat_instance: "x", data: "/help", message: { message_id: 1, date: 1, chat: { id: CHAT_ID, type: "private" }, text: "…" } },
    };
    expect((await post(press)).status).toBe(200);
    expect(api.calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "sendMessage"]);
  });

  it("ignores groups, edited messages and unknown update types with 200", async () => {
    const updates = [
      message("Лисичанськ", { chat: { id: -1001234, type: "supergroup", title: "Volunteers" } }),
      { update_id: updateId++, edited_message: message("Лисичанськ").message },
      { update_id: updateId++, message_reaction: { chat: { id: CHAT_ID, type: "private" }, message_id: 1, date: 1, old_reaction: [], new_reaction: [] } },
      { update_id: updateId++, some_future_update: { anything: true } },
    ];
    for (const update of updates) expect((await post(update)).status).toBe(200);
    expect(sent()).toEqual([]);
  });

  it("answers a 4,000-character message and markup clearly, storing nothing", async () => {
    for (const text of ["x".repeat(4000), "<b>Лисичанськ</b><script>alert(1)</script>", "/subscribe ../../etc/passwd %00"]) {
      api.reset();
      expect((await post(message(text))).status).toBe(200);
      expect(sent()).toHaveLength(1);
      expect(String(sent()[0]!.params.text).length).toBeGreaterThan(0);
    }
    expect(await count("subscribers")).toBe(0);
  });

  it("stores one subscriber on /subscribe and removes it on /stop, never the chat id in clear", async () => {
    expect((await post(message("/subscribe Лисичанськ", { language: "uk" }))).status).toBe(200);
    expect(String(sent().at(-1)!.params.text)).toContain("Лисичанськ");
    expect(await count("subscribers")).toBe(1);
    expect(await count("subscriptions")).toBe(1);
    // A second time is no second row.
    await post(message("/subscribe lysychansk"));
    expect(await count("subscribers")).toBe(1);

    const all = await everything();
    expect(all).not.toContain(String(CHAT_ID));
    expect(all).toMatch(/subscribers: /);

    api.reset();
    expect((await post(message("/stop"))).status).toBe(200);
    expect(sent()).toHaveLength(1);
    expect(await count("subscribers")).toBe(0);
    expect(await count("subscriptions")).toBe(0);
    expect(await everything()).not.toContain(String(CHAT_ID));
  });

  it("logs nothing that names the resident when the reply fails", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      api.failNext("403");
      expect((await post(message("Лисичанськ"))).status).toBe(200);
      const logged = errors.mock.calls.flat().map(String).join("\n");
      expect(logged).toContain("403");
      expect(logged).not.toContain(String(CHAT_ID));
      expect(logged).not.toContain("Лисичанськ");
      expect(logged).not.toContain(TOKEN.split(":")[1]!);
    } finally {
      errors.mockRestore();
    }
  });
});
