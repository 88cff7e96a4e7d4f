import crypto from "node:crypto";
import type PgBoss from "pg-boss";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session-user";
import { answerResident } from "@/server/messaging/conversation";
import { auditLog } from "../schema/audit";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getMessagingOverview, setMessagingPaused } from "./messaging-admin";
import { relayOutbox } from "@/server/messaging/relay";
import { startTestJobQueue } from "@/server/messaging/testing/job-queue";
import { inLanguage } from "@/lib/localized-text";
import { updateRouteStatus } from "./route-status";
import { getRouteForCoordinator } from "./routes";
import { createUser } from "./users";

let t: TestDb;
let admin: SessionUser;
let coordinator: SessionUser;
let queueForRelay: PgBoss;

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
  queueForRelay = await startTestJobQueue(t);
});
afterAll(async () => {
  await queueForRelay?.stop({ graceful: false, wait: true });
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

  it("tells how old the oldest untold change is and how many recipients wait, by gateway", async () => {
    const before = await getMessagingOverview(t.db, admin);
    expect(before).toMatchObject({ oldestPendingAt: null, oldestPendingSeconds: null, pendingRecipients: { telegram: 0, sms: 0 } });
    // A change in Lysychansk, relayed (no worker runs here): its subscribers' rows wait.
    const relayedAt = new Date(Date.now() - 90_000);
    const route = (await getRouteForCoordinator(t.db, coordinator, "lysychansk-bakhmut"))!;
    await updateRouteStatus(t.db, coordinator, { routeId: route.id, baseVersion: route.version, status: "closed", reasonCodes: [], reason: inLanguage("en", ""), source: null });
    await relayOutbox(t.db, queueForRelay, relayedAt);
    const after = await getMessagingOverview(t.db, admin, new Date(relayedAt.getTime() + 130_000));
    expect(after.oldestPendingAt?.getTime()).toBe(relayedAt.getTime());
    expect(after.oldestPendingSeconds).toBe(130);
    expect(after.pendingRecipients).toEqual({ telegram: 2, sms: 1 });
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
