import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { rowsOf } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import { subscribers, subscriptions } from "@/db/schema/messaging";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { smsSegments } from "@/lib/messaging/sms-segments";
import { inboundSmsParams, signedSmsRequest, signSmsWebhook } from "@/tests/stand-ins/sign-sms-webhook";
import { checkTwiml } from "@/tests/twiml-check";

// The SMS webhook as the gateway calls it (the exported POST with a signed form), answered by the
// real conversation on the demo scenario.

const state: { db: TestDb["db"] | null } = { db: null };
vi.mock("@/db", () => ({ getDb: async () => state.db }));
const { POST, GET, PUT, DELETE } = await import("./route");

const TOKEN = "db-test-sms-auth-token-0123456789";
const PUBLIC_URL = "https://corridor.example.org";
const WEBHOOK = `${PUBLIC_URL}/api/sms/inbound`;
const PHONE = "+380671234567";
const DIGITS = PHONE.slice(1);
// Read once per process (server/messaging/subscriber-keys.ts): one key for the whole file.
const SUBSCRIBER_KEY = crypto.randomBytes(32).toString("base64");

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  state.db = t.db;
  await seedScenario(t.db, { now: new Date() });
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(() => {
  vi.stubEnv("SMS_AUTH_TOKEN", TOKEN);
  vi.stubEnv("AUTH_URL", PUBLIC_URL);
  vi.stubEnv("SUBSCRIBER_KEY", SUBSCRIBER_KEY);
  // Outbound configured (nothing is sent in these tests): SUB is only offered when alerts can go out.
  vi.stubEnv("SMS_API_URL", "http://127.0.0.1:9/2010-04-01/Accounts/ACtest/Messages.json");
  vi.stubEnv("SMS_ACCOUNT_SID", "ACtest");
  vi.stubEnv("SMS_FROM", "+380440000000");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  // Every test starts without subscribers (STOP is what residents use; tests clean up directly).
  await t.db.delete(subscribers).where(sql`true`);
});

const sms = (text: string, from = PHONE) => POST(signedSmsRequest(TOKEN, WEBHOOK, inboundSmsParams(from, text)));
const countSubscribers = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(subscribers))[0]!.n;
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** The answer's messages, after checking it is TwiML the gateway can read. */
async function messagesOf(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/xml; charset=utf-8");
  return checkTwiml(await res.text());
}

describe("refused requests store nothing", () => {
  it("403 without a signature or with a bad one, and no subscriber row", async () => {
    const params = inboundSmsParams(PHONE, "SUB Lysychansk");
    const post = (headers: Record<string, string>) =>
      POST(new Request(WEBHOOK, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: form(params) }));
    expect((await post({})).status).toBe(403);
    expect((await post({ "x-twilio-signature": signSmsWebhook("some-other-token-0123456789", WEBHOOK, params) })).status).toBe(403);
    expect((await post({ "x-twilio-signature": signSmsWebhook(TOKEN, "http://localhost:3000/api/sms/inbound", params) })).status).toBe(403);
    expect(await countSubscribers()).toBe(0);
  });

  it("404 while SMS is off", async () => {
    for (const name of ["SMS_AUTH_TOKEN", "SMS_API_URL", "SMS_ACCOUNT_SID", "SMS_FROM"]) vi.stubEnv(name, "");
    expect((await sms("SUB Lysychansk")).status).toBe(404);
    expect(GET().status).toBe(404);
    expect(await countSubscribers()).toBe(0);
  });

  it("405 with Allow: POST for other methods", () => {
    for (const handler of [GET, PUT, DELETE]) {
      const res = handler();
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
    }
  });

  it("415 for JSON, 413 for an oversized body, 400 without From", async () => {
    const json = await POST(new Request(WEBHOOK, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ From: PHONE, Body: "SUB Lysychansk" }) }));
    expect(json.status).toBe(415);
    const big = await POST(new Request(WEBHOOK, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `Body=${"x".repeat(40_000)}` }));
    expect(big.status).toBe(413);
    const { From: _from, ...noFrom } = inboundSmsParams(PHONE, "SUB Lysychansk");
    expect((await POST(signedSmsRequest(TOKEN, WEBHOOK, noFrom))).status).toBe(400);
    const { MessageSid: _sid, ...noSid } = inboundSmsParams(PHONE, "SUB Lysychansk");
    expect((await POST(signedSmsRequest(TOKEN, WEBHOOK, noSid))).status).toBe(400);
    expect(await countSubscribers()).toBe(0);
  });
});

describe("a resident texting the gateway", () => {
  it("ЛИСИЧАНСЬК: at most two UCS-2 segments about Lysychansk, then any warning as its own message", async () => {
    const [answer, ...followUps] = await messagesOf(await sms("ЛИСИЧАНСЬК"));
    expect(answer).toMatch(/^Лисичанськ/);
    expect(answer).toMatch(/Бахмут/);
    // The route line carries the reason codes (what a resident must know), which can take a Ukrainian
    // text into a second segment; never more.
    expect(smsSegments(answer!).encoding).toBe("UCS-2");
    expect(smsSegments(answer!).segments).toBeLessThanOrEqual(2);
    for (const text of followUps) expect(text.length).toBeGreaterThan(0);
    expect(await countSubscribers()).toBe(0);
  });

  it.each(["Lysychansk", "Lisichansk", "Lysychanks", "лисичанск"])("%s is understood as Lysychansk", async (text) => {
    const [answer] = await messagesOf(await sms(text));
    expect(answer).toMatch(/^(Лисичанськ|Лисичанск|Lysychansk)/);
  });

  it("SUB Lysychansk stores one subscriber; STOP deletes it at once", async () => {
    const [subscribed] = await messagesOf(await sms("SUB Lysychansk"));
    expect(subscribed).toMatch(/Lysychansk|Лисичанськ/);
    expect(await countSubscribers()).toBe(1);
    expect(await t.db.select().from(subscriptions)).toHaveLength(1);
    const [stopped] = await messagesOf(await sms("STOP"));
    expect(stopped!.length).toBeGreaterThan(0);
    expect(await countSubscribers()).toBe(0);
    expect(await t.db.select().from(subscriptions)).toHaveLength(0);
  });

  it("a signed SUB replayed after STOP changes nothing and is answered with no message", async () => {
    const captured = inboundSmsParams(PHONE, "SUB Lysychansk");
    await messagesOf(await POST(signedSmsRequest(TOKEN, WEBHOOK, captured)));
    expect(await countSubscribers()).toBe(1);
    await messagesOf(await sms("STOP"));
    expect(await countSubscribers()).toBe(0);
    // The same signed request, byte for byte.
    const replayed = await POST(signedSmsRequest(TOKEN, WEBHOOK, captured));
    expect(replayed.status).toBe(200);
    expect(await replayed.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(await countSubscribers()).toBe(0);
    // The gateway's id is kept only as a keyed hash.
    const kept = rowsOf<{ id: string }>(await t.db.execute(sql`select id_hash as id from inbound_messages`)).map((r) => r.id);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(kept)).not.toContain(captured.MessageSid!.slice(2));
  });

  it("+380… and 380… are one subscriber: STOP from either form ends it", async () => {
    await messagesOf(await sms("SUB Lysychansk", PHONE));
    await messagesOf(await sms("SUB Bakhmut", DIGITS));
    expect(await countSubscribers()).toBe(1);
    expect(await t.db.select().from(subscriptions)).toHaveLength(2);
    await messagesOf(await sms("STOP", DIGITS));
    expect(await countSubscribers()).toBe(0);
  });

  it("the phone number is in no table in clear text, and not in the audit log", async () => {
    await messagesOf(await sms("SUB Lysychansk"));
    await messagesOf(await sms("SUB Bakhmut"));
    expect(await countSubscribers()).toBe(1);
    const tables = await t.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    const names = rowsOf<{ name: string }>(tables).map((row) => row.name);
    expect(names).toContain("subscribers");
    for (const name of names) {
      const rows = await t.db.execute(sql`select row_to_json(t)::text as row from ${sql.identifier(name)} t`);
      const dump = JSON.stringify(rowsOf(rows));
      expect(dump, name).not.toContain(DIGITS);
      expect(dump, name).not.toContain(DIGITS.slice(3));
    }
    expect(JSON.stringify(await t.db.select().from(auditLog))).not.toContain(DIGITS);
  });

  it("4,000 characters, markup and junk get a short clear answer and store nothing", async () => {
    for (const text of ["Л".repeat(4000), "x".repeat(4000), "<script>alert(1)</script>", "SUB", "SUB 😀😀😀 ;drop table", "%%%", ""]) {
      const messages = await messagesOf(await sms(text));
      expect(messages.length, text.slice(0, 20)).toBeGreaterThanOrEqual(1);
      // Short: never the resident's 4,000 characters sent back at them.
      expect(smsSegments(messages.join("\n")).segments, text.slice(0, 20)).toBeLessThanOrEqual(3);
    }
    expect(await countSubscribers()).toBe(0);
  });
});
