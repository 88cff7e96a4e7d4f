import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { createChannelLookup } from "@/server/messaging/telegram/channels";
import { startTelegramStandIn, type TelegramStandIn } from "@/tests/stand-ins/telegram-bot-api";
import { auditLog } from "../schema/audit";
import { telegramChannels } from "../schema/messaging";
import { createTestDb, type TestDb } from "../testing/test-db";
import { linkTelegramChannel, listTelegramChannels, unlinkTelegramChannel } from "./telegram-channels";
import { createUser } from "./users";
import { RefusedWriteError } from "./write-errors";

const TOKEN = "123456789:channels-test-token-abcdefgh";
let t: TestDb;
let api: TelegramStandIn;
let coordinator: SessionUser;
let lookUp: ReturnType<typeof createChannelLookup>;

beforeAll(async () => {
  t = await createTestDb();
  api = await startTelegramStandIn({ token: TOKEN });
  lookUp = createChannelLookup({ token: TOKEN, apiRoot: api.url });
  const { id } = await createUser(t.db, null, { email: "tg@example.org", password: "a long enough password", role: "coordinator" });
  coordinator = { id, email: "tg@example.org", name: "", role: "coordinator", organisation: "" };
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const audits = async (action: string) => (await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)))[0]!.n;
const rows = () => t.db.select().from(telegramChannels);

describe("linked Telegram channels", () => {
  it("refuses anonymous callers before asking Telegram anything", async () => {
    api.reset();
    await expect(linkTelegramChannel(t.db, null, { chat: "@admin_news", locale: "uk", lookUp })).rejects.toBeInstanceOf(AccessError);
    await expect(listTelegramChannels(t.db, null)).rejects.toBeInstanceOf(AccessError);
    await expect(unlinkTelegramChannel(t.db, null, { id: crypto.randomUUID() })).rejects.toBeInstanceOf(AccessError);
    expect(api.calls).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it.each([
    ["@member_news", "telegram_botNotAdmin"],
    ["@readonly_news", "telegram_botCannotPost"],
    ["@group_volunteers", "telegram_notChannel"],
    ["@nobody_knows_this", "telegram_notFound"],
  ])("refuses %s (%s) and writes nothing", async (chat, code) => {
    const refused = await linkTelegramChannel(t.db, coordinator, { chat, locale: "uk", lookUp }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedWriteError);
    expect(refused).toMatchObject({ field: "chat", error: { code } });
    expect(await rows()).toEqual([]);
    expect(await audits("telegram_channel.link")).toBe(0);
  });

  it("links a channel where the bot may post, by its numeric id, with an audit row that names no chat id", async () => {
    const { id, title } = await linkTelegramChannel(t.db, coordinator, { chat: "@admin_news", locale: "ru", lookUp });
    expect(title).toBe("Test admin_news");
    const [row] = await rows();
    expect(row).toMatchObject({ id, title, locale: "ru", createdBy: coordinator.id });
    expect(row!.chatId).toMatch(/^-100\d+$/);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "telegram_channel.link"));
    expect(audit).toMatchObject({ actorId: coordinator.id, entityType: "telegram_channel", entityId: id, after: { title, locale: "ru" } });
    expect(JSON.stringify(audit)).not.toContain(row!.chatId);
    expect(await listTelegramChannels(t.db, coordinator)).toMatchObject([{ id, title, locale: "ru" }]);
  });

  it("refuses the same channel again, by username or by id", async () => {
    const [row] = await rows();
    for (const chat of ["@admin_news", row!.chatId]) {
      await expect(linkTelegramChannel(t.db, coordinator, { chat, locale: "en", lookUp })).rejects.toMatchObject({ field: "chat", error: { code: "telegram_alreadyLinked" } });
    }
    expect(await rows()).toHaveLength(1);
    expect(await audits("telegram_channel.link")).toBe(1);
  });

  it("says so when Telegram cannot be reached", async () => {
    const gone = await startTelegramStandIn();
    const url = gone.url;
    await gone.close();
    const offline = createChannelLookup({ token: TOKEN, apiRoot: url, timeoutSeconds: 2 });
    const silenced = console.error;
    console.error = () => {};
    try {
      await expect(linkTelegramChannel(t.db, coordinator, { chat: "@admin_other", locale: "uk", lookUp: offline })).rejects.toMatchObject({ error: { code: "telegram_unavailable" } });
    } finally {
      console.error = silenced;
    }
  });

  it("unlinks a channel with an audit row, and refuses one that is gone", async () => {
    const [row] = await rows();
    await unlinkTelegramChannel(t.db, coordinator, { id: row!.id });
    expect(await rows()).toEqual([]);
    expect(await audits("telegram_channel.unlink")).toBe(1);
    await expect(unlinkTelegramChannel(t.db, coordinator, { id: row!.id })).rejects.toMatchObject({ name: "NotFoundError" });
    expect(await audits("telegram_channel.unlink")).toBe(1);
  });
});
