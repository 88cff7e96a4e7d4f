import crypto from "node:crypto";
import { isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedScenario } from "@/db/seed";
import { subscribers, subscriptions, telegramChannels } from "@/db/schema/messaging";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { smsSegments } from "@/lib/messaging/sms-segments";
import { answerResident } from "./conversation";
import type { ResidentMessage } from "./types";

// The conversation on the demo scenario, as a resident writes on Telegram or by SMS.

const seededAt = new Date("2026-11-21T15:00:00Z"); // 17:00 in Kyiv
const now = new Date(seededAt.getTime() + 10 * 60_000);
let t: TestDb;

beforeAll(async () => {
  process.env.SUBSCRIBER_KEY = crypto.randomBytes(32).toString("base64");
  // SMS with an outbound gateway (never called here): SUB by SMS is offered only then.
  Object.assign(process.env, { SMS_AUTH_TOKEN: "test-sms-token-0123456789", SMS_API_URL: "http://127.0.0.1:9/Messages.json", SMS_ACCOUNT_SID: "ACtest", SMS_FROM: "+380440000000" });
  t = await createTestDb();
  await seedScenario(t.db, { now: seededAt });
});
afterAll(async () => {
  await t?.drop();
});

const chat = (text: string, address = "100200300", languageHint: string | null = null): ResidentMessage => ({ channel: "telegram", address, text, languageHint });
const sms = (text: string, address = "+380501112233"): ResidentMessage => ({ channel: "sms", address, text, languageHint: null });
const ask = (message: ResidentMessage) => answerResident(t.db, message, { now });

describe("asking about a town", () => {
  it.each([
    ["Лисичанськ", null, "uk", "Лисичанськ"],
    ["Лисичанск", "ru", "ru", "Лисичанск"],
    ["Lysychansk", "en", "en", "Lysychansk"],
    ["Lisichansk", null, "en", "Lysychansk"],
    ["Lysychanks", null, "en", "Lysychansk"],
  ])("%s (app language %s) is answered in %s about that town", async (text, hint, locale, name) => {
    const reply = await ask(chat(text, "1", hint));
    expect(reply.locale).toBe(locale);
    expect(reply.text.split("\n")[0]).toContain(name);
    expect(reply.text).toMatch(/Бахмут|Bakhmut/);
    expect(reply.text).toContain(`/${locale}/lite/towns/lysychansk`);
    expect(reply.choices).toEqual([]);
  });

  it("stores nothing for a question", async () => {
    await ask(chat("Лисичанськ", "55555"));
    const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(subscribers);
    expect(row!.n).toBe(0);
  });

  it.each([
    ["HELP", "en"],
    ["start", "en"],
    ["ДОПОМОГА", "uk"],
  ])("answers %s by SMS in the language of the word (%s)", async (text, locale) => {
    expect((await ask(sms(text, "+380501119900"))).locale).toBe(locale);
  });

  it("answers a message it cannot read (a sticker, a voice message) with one line in the resident's language", async () => {
    const ru = await ask({ ...chat("", "100200399", "ru"), unsupported: true });
    expect(ru).toMatchObject({ locale: "ru", text: expect.stringMatching(/^Я читаю только текст/) });
    expect(ru.text.split("\n")).toHaveLength(1);
    expect((await ask({ ...chat("", "100200399", "en"), unsupported: true })).text).toMatch(/^I can read only text/);
  });

  it("answers an unknown town with a short help, not a guess", async () => {
    const reply = await ask(chat("Атлантида"));
    expect(reply.text).toMatch(/Не знайшли місто «Атлантида»/);
    expect(reply.choices).toEqual([]);
  });

  it("answers junk and a 4,000-character message clearly", async () => {
    expect((await ask(chat("x".repeat(4000), "1", "uk"))).text).toMatch(/задовге/);
    expect((await ask(chat("x".repeat(4000)))).text).toMatch(/too long/);
    expect((await ask(chat("/rm -rf /"))).text).toMatch(/do not know that command/);
    expect((await ask(chat("/rm -rf /", "1", "uk"))).text).toMatch(/Не знаю такої команди/);
    expect((await ask(chat("<b>Лисичанськ</b>"))).text).toContain("Лисичанськ");
  });

  it("answers ЛИСИЧАНСЬК by SMS in Ukrainian, with the reason codes, in at most two UCS-2 segments", async () => {
    const reply = await ask(sms("ЛИСИЧАНСЬК"));
    expect(reply.locale).toBe("uk");
    expect(reply.text).toMatch(/^Лисичанськ/);
    expect(reply.text).toMatch(/Бахмут: [^,]+ \([^)]*(Обстріли|Бойові)/);
    expect(smsSegments(reply.text).encoding).toBe("UCS-2");
    expect(smsSegments(reply.text).segments).toBeLessThanOrEqual(2);
    // The oblast's warning follows as its own message, whole.
    expect(reply.followUps).toEqual([expect.stringMatching(/^Попередження \(Луганська область\): Безпечних місць/)]);
  });
});

describe("Russian by SMS", () => {
  it("answers a town written the Russian way in Russian, though it has no letter only Russian has", async () => {
    const reply = await ask(sms("лисичанск"));
    expect(reply.locale).toBe("ru");
    expect(reply.text).toMatch(/^Лисичанск/);
  });
});

describe("English by SMS", () => {
  it("stays in GSM-7, where one message holds 160 characters", async () => {
    const reply = await ask(sms("Lysychansk"));
    expect(reply.locale).toBe("en");
    expect(smsSegments(reply.text)).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(smsSegments((await ask(sms("Atlantis"))).text)).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });
});

describe("subscribing", () => {
  it("subscribes, keeping the chat id only sealed, and stops at once", async () => {
    const address = "987654321";
    const reply = await ask(chat("/subscribe Лисичанськ", address, "uk"));
    expect(reply.text).toMatch(/^Підписка: Лисичанськ/);
    const rows = await t.db.select().from(subscribers);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(address);
    expect(rows[0]).toMatchObject({ channel: "telegram", locale: "uk" });
    expect(await t.db.select().from(subscriptions)).toHaveLength(1);

    expect((await ask(chat("/subscribe Lysychansk", address))).text).toMatch(/вже підписані/);
    // The chosen language wins over the app's from now on.
    expect((await ask(chat("/lang en", address, "uk"))).text).toBe("Language: English.");
    expect((await ask(chat("Лисичанськ", address, "uk"))).locale).toBe("en");

    // The farewell in the language the subscriber chose, naming what ended and how to come back.
    const farewell = await ask(chat("/stop", address, "uk"));
    expect(farewell.locale).toBe("en");
    expect(farewell.text).toBe("Your subscription to Lysychansk has ended and your data is deleted: we will send you nothing more. To subscribe again: /subscribe lysychansk");
    expect(await t.db.select().from(subscribers)).toHaveLength(0);
    expect(await t.db.select().from(subscriptions)).toHaveLength(0);
  });

  it("subscribes by SMS with SUB and ends with STOP", async () => {
    const phone = "+380671234567";
    expect((await ask(sms("SUB ЛИСИЧАНСЬК", phone))).text).toMatch(/^Підписка: Лисичанськ/);
    const dump = JSON.stringify(await t.db.execute(sql`select * from subscribers`));
    expect(dump).not.toContain("380671234567");
    expect((await ask(sms("UNSUB Лисичанськ", phone))).text).toMatch(/скасовано/);
    expect((await ask(sms("STOP", phone))).text).toMatch(/видалено/);
    expect(await t.db.select().from(subscribers)).toHaveLength(0);
  });

  it("says farewell by SMS in Russian to a Russian subscriber, naming the towns, within two segments", async () => {
    const phone = "+380671234999";
    expect((await ask(sms("подписаться Лисичанск", phone))).locale).toBe("ru");
    await ask(sms("SUB Сєвєродонецьк", phone));
    const farewell = await ask(sms("STOP", phone));
    expect(farewell.locale).toBe("ru");
    expect(farewell.text).toMatch(/^Лисичанск, Северодонецк: подписка завершена/);
    expect(farewell.text).toMatch(/SUB Лисичанск$/);
    expect(smsSegments(farewell.text).segments).toBeLessThanOrEqual(2);
    // Nothing left of them (not even their language), and a second STOP names no town.
    expect(await t.db.select().from(subscribers)).toHaveLength(0);
    expect((await ask(sms("STOP", phone))).text).not.toMatch(/SUB|Лисичанск/);
  });

  it("asks which town when the command has none, and limits how many towns one address follows", async () => {
    const address = "424242";
    const chat = (text: string, a: string) => ({ channel: "telegram" as const, address: a, text, languageHint: "uk" });
    expect((await ask(chat("/subscribe", address))).text).toMatch(/\/subscribe Лисичанськ/);
    for (const town of ["lysychansk", "sievierodonetsk", "rubizhne", "hirske", "popasna"]) {
      expect((await ask(chat(`/subscribe ${town}`, address))).text).toMatch(/^Підписка/);
    }
    expect((await ask(chat("/subscribe kreminna", address))).text).toMatch(/щонайбільше за 5/);
    expect((await ask(chat("/unsubscribe", address))).text).toMatch(/Усі підписки скасовано/);
    await ask(chat("/stop", address));
  });
});

describe("the organisations' channels", () => {
  it("are offered on Telegram, in the answer and the subscription confirmation, never by SMS nor by numeric id", async () => {
    await t.db.insert(telegramChannels).values([
      { chatId: "@corridor_east_ru", title: "Коридор", locale: "ru" },
      { chatId: "@corridor_east", title: "Коридор", locale: "uk" },
      { chatId: "-1009876543210", title: "Private", locale: "uk" },
    ]);
    try {
      const answer = await ask(chat("Лисичанськ", "7001", "uk"));
      expect(answer.text).toMatch(/Швидше для всіх: канал @corridor_east, @corridor_east_ru у Telegram/);
      expect(answer.text).not.toContain("-1009876543210");
      // In the reader's language first.
      expect((await ask(chat("Лисичанск", "7002", "ru"))).text).toMatch(/канал @corridor_east_ru, @corridor_east в Telegram/);
      const confirmation = await ask(chat("/subscribe Lysychansk", "7003", "en"));
      expect(confirmation.text).toMatch(/^Subscribed: Lysychansk[^]*Faster for everyone: @corridor_east, @corridor_east_ru on Telegram/);
      expect((await ask(sms("Лисичанськ", "+380501117001"))).text).not.toContain("@corridor");
      await ask(chat("/stop", "7003"));
    } finally {
      await t.db.delete(telegramChannels).where(isNotNull(telegramChannels.id));
    }
  });
});

describe("SMS without an outbound gateway", () => {
  it("says alerts are unavailable instead of storing a subscription nobody can deliver", async () => {
    const saved = process.env.SMS_API_URL;
    delete process.env.SMS_API_URL;
    const saved2 = [process.env.SMS_ACCOUNT_SID, process.env.SMS_FROM];
    delete process.env.SMS_ACCOUNT_SID;
    delete process.env.SMS_FROM;
    try {
      expect((await ask(sms("SUB Лисичанськ", "+380509990000"))).text).toMatch(/не надсилаються/);
      expect(await t.db.select().from(subscribers)).toHaveLength(0);
      // Questions still work.
      expect((await ask(sms("Лисичанськ", "+380509990000"))).text).toMatch(/^Лисичанськ/);
    } finally {
      Object.assign(process.env, { SMS_API_URL: saved, SMS_ACCOUNT_SID: saved2[0], SMS_FROM: saved2[1] });
    }
  });
});

describe("language", () => {
  it("offers the three languages as buttons", async () => {
    const reply = await ask(chat("/lang"));
    expect(reply.choices.map((c) => c.command)).toEqual(["/lang uk", "/lang ru", "/lang en"]);
  });
});
