import crypto from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session-user";
import { answerResident } from "@/server/messaging/conversation";
import { auditLog } from "../schema/audit";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getMessagingOverview, setMessagingPaused } from "./messaging-admin";
import { createUser } from "./users";

let t: TestDb;
let admin: SessionUser;
let coordinator: SessionUser;

beforeAll(async () => {
  process.env.SUBSCRIBER_KEY = crypto.randomBytes(32).toString("base64");
  // SMS with an outbound gateway (never called here): SUB by SMS is offered only then.
  Object.assign(process.env, { SMS_AUTH_TOKEN: "test-sms-token-0123456789", SMS_API_URL: "http://127.0.0.1:9/Messages.json", SMS_ACCOUNT_SID: "ACtest", SMS_FROM: "+380440000000" });
  t = await createTestDb();
  await seedScenario(t.db);
  const make = async (email: string, role: "admin" | "coordinator"): Promise<SessionUser> => {
    const { id } = await createUser(t.db, null, { email, password: "a long enough password", role });
    return { id, email, name: "", role, organisation: "" };
  };
  admin = await make("admin@example.org", "admin");
  coordinator = await make("coordinator@example.org", "coordinator");
});
afterAll(async () => {
  await t?.drop();
});

describe("the admin's view of messaging", () => {
  it("is for admins only", async () => {
    await expect(getMessagingOverview(t.db, coordinator)).rejects.toThrow(/forbidden/);
    await expect(getMessagingOverview(t.db, null)).rejects.toThrow(/unauthenticated/);
    await expect(setMessagingPaused(t.db, coordinator, { paused: true, baseVersion: 1 })).rejects.toThrow(/forbidden/);
  });

  it("counts subscribers per town and channel, and names none", async () => {
    for (const [channel, address] of [["telegram", "5550001"], ["telegram", "5550002"], ["sms", "+380505550003"]] as const) {
      await answerResident(t.db, { channel, address, text: channel === "sms" ? "SUB Лисичанськ" : "/subscribe Лисичанськ", languageHint: "uk" });
    }
    const overview = await getMessagingOverview(t.db, admin);
    expect(overview.subscriptions).toEqual([
      expect.objectContaining({ townSlug: "lysychansk", channel: "telegram", subscribers: 2 }),
      expect.objectContaining({ townSlug: "lysychansk", channel: "sms", subscribers: 1 }),
    ].sort((a, b) => (a.channel < b.channel ? -1 : 1)));
    expect(JSON.stringify(overview)).not.toMatch(/555000/);
  });

  it("pauses and resumes with an audit row, refusing a switch flipped meanwhile", async () => {
    const { version } = await getMessagingOverview(t.db, admin);
    await setMessagingPaused(t.db, admin, { paused: true, baseVersion: version });
    const paused = await getMessagingOverview(t.db, admin);
    expect(paused).toMatchObject({ paused: true, pausedBy: "admin@example.org", version: version + 1 });
    await expect(setMessagingPaused(t.db, admin, { paused: false, baseVersion: version })).rejects.toThrow(/messagingChanged/);
    await setMessagingPaused(t.db, admin, { paused: false, baseVersion: version + 1 });
    const [last] = await t.db.select().from(auditLog).where(eq(auditLog.entityType, "messaging")).orderBy(desc(auditLog.id)).limit(1);
    expect(last).toMatchObject({ action: "messaging.resume", actorEmail: "admin@example.org" });
  });
});
