import crypto from "node:crypto";
import { claimInboundMessage, releaseInboundMessage } from "@/db/queries/inbound-messages";
import type PgBoss from "pg-boss";
import { startTestJobQueue } from "../testing/job-queue";
import { isNotNull, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { rowsOf } from "@/db/client";
import { updateRouteStatus } from "@/db/queries/route-status";
import { getRouteForCoordinator } from "@/db/queries/routes";
import { createUser } from "@/db/queries/users";
import { messageOutbox, subscribers } from "@/db/schema/messaging";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { inLanguage } from "@/lib/localized-text";
import { smsSegments } from "@/lib/messaging/sms-segments";
import type { SessionUser } from "@/lib/session-user";
import { answerResident } from "../conversation";
import { deliver, type Senders } from "../delivery";
import { DELIVERY_QUEUE, type DeliveryJob } from "../queue";
import { relayOutbox } from "../relay";
import { getSubscriberKeys } from "../subscriber-keys";
import { createSmsInboundHandler } from "./inbound";
import { createSmsSender } from "./sender";
import { startSmsGatewayStandIn, type SmsGatewayStandIn } from "@/tests/stand-ins/sms-gateway";
import { inboundSmsParams, signedSmsRequest } from "@/tests/stand-ins/sign-sms-webhook";
import { checkTwiml } from "@/tests/twiml-check";

// A resident's whole SMS path with nothing stood in but the gateway: they text SUB to the webhook,
// a coordinator changes their route, the outbox, relay, pg-boss job and delivery run, and the real
// sender posts to the local gateway stand-in, which answers as the gateway would (201, 429 with
// Retry-After, 400 code 21610).

const TOKEN = "sms-path-auth-token-0123456789";
const WEBHOOK = "https://corridor.example.org/api/sms/inbound";
const FROM = "+380441112233";

let t: TestDb;
let boss: PgBoss;
let gateway: SmsGatewayStandIn;
let coordinator: SessionUser;
let senders: Senders;

beforeAll(async () => {
  vi.stubEnv("SUBSCRIBER_KEY", crypto.randomBytes(32).toString("base64"));
  t = await createTestDb();
  await seedScenario(t.db);
  boss = await startTestJobQueue(t);
  gateway = await startSmsGatewayStandIn({ retryAfterSeconds: 5 });
  // The app's own settings: SMS with outbound on (the conversation offers SUB only then).
  vi.stubEnv("SMS_AUTH_TOKEN", gateway.authToken);
  vi.stubEnv("SMS_API_URL", gateway.url);
  vi.stubEnv("SMS_ACCOUNT_SID", gateway.accountSid);
  vi.stubEnv("SMS_FROM", FROM);
  senders = { telegram: null, sms: createSmsSender({ apiUrl: gateway.url, accountSid: gateway.accountSid, authToken: gateway.authToken, from: FROM }) };
  const { id } = await createUser(t.db, null, { email: "sms-coordinator@example.org", password: "a long enough password", role: "coordinator" });
  coordinator = { id, email: "sms-coordinator@example.org", name: "", role: "coordinator", organisation: "" };
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await boss?.stop({ graceful: false, wait: true });
  await gateway?.close();
  await t?.drop();
});
beforeEach(async () => {
  gateway.reset();
  await t.db.delete(subscribers).where(isNotNull(subscribers.id));
  await t.db.delete(messageOutbox).where(isNotNull(messageOutbox.id));
  await t.db.execute(sql`delete from pgboss.job`);
});
afterEach(() => vi.restoreAllMocks());

const webhook = createSmsInboundHandler({
  config: () => ({ authToken: TOKEN, apiUrl: null, accountSid: null, from: null, perSecond: 10 }),
  publicBaseUrl: () => "https://corridor.example.org",
  answer: (message) => answerResident(t.db, message),
  claim: (sid) => claimInboundMessage(t.db, { channel: "sms", idHash: sid }),
  release: (sid) => releaseInboundMessage(t.db, { channel: "sms", idHash: sid }),
});

/** The resident texts `text` from `phone`; returns the messages texted back. */
async function texts(phone: string, text: string): Promise<string[]> {
  const res = await webhook.post(signedSmsRequest(TOKEN, WEBHOOK, inboundSmsParams(phone, text)));
  expect(res.status).toBe(200);
  return checkTwiml(await res.text());
}

async function changeRoute(slug: string) {
  const route = (await getRouteForCoordinator(t.db, coordinator, slug))!;
  const status = route.status === "closed" ? "caution" : "closed";
  await updateRouteStatus(t.db, coordinator, {
    routeId: route.id,
    baseVersion: route.version,
    status,
    reasonCodes: ["shelling_or_air_strikes"],
    reason: inLanguage("en", "Shelling on the road near Bilohorivka"),
    source: null,
  });
}

/** Every delivery job due now, as the worker runs them. */
async function runDue(): Promise<string[]> {
  const outcomes: string[] = [];
  for (;;) {
    const job = (await boss.fetch<DeliveryJob>(DELIVERY_QUEUE))?.[0];
    if (!job) return outcomes;
    try {
      outcomes.push(await deliver(t.db, boss, { target: job.data.target, jobId: job.id, keys: getSubscriberKeys(), senders }));
      await boss.complete(DELIVERY_QUEUE, job.id);
    } catch (error) {
      outcomes.push("failed");
      await boss.fail(DELIVERY_QUEUE, job.id, error as object);
    }
  }
}

describe("SMS from subscription to notification", () => {
  it("SUB ЛИСИЧАНСЬК, the route closes: exactly one SMS in Ukrainian reaches the gateway for that number", async () => {
    const phone = "+380501230001";
    expect((await texts(phone, "SUB ЛИСИЧАНСЬК"))[0]).toMatch(/^Підписка: Лисичанськ/);
    await changeRoute("lysychansk-bakhmut");
    expect(await relayOutbox(t.db, boss)).toBe(1);
    expect(await runDue()).toEqual(["sent"]);
    expect(gateway.calls).toHaveLength(1);
    const [call] = gateway.calls;
    expect(call).toMatchObject({ to: phone, from: FROM, status: 201 });
    expect(call!.body).toMatch(/Лисичанськ/);
    expect(call!.body).toMatch(/Бахмут/);
    // The route line carries the reason codes (what a resident must know), which can take a Ukrainian
    // text into a second segment; never more.
    expect(smsSegments(call!.body).encoding).toBe("UCS-2");
    expect(smsSegments(call!.body).segments).toBeLessThanOrEqual(2);
    // The opt-out word is on every message we start, within those two segments.
    expect(call!.body).toMatch(/\. STOP: відписатися$/);
    expect(await runDue()).toEqual([]);
  });

  it("the gateway's 429 with Retry-After delays the message, it is not dropped", async () => {
    const phone = "+380501230002";
    await texts(phone, "SUB Lysychansk");
    await changeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    gateway.failNext("rate-limited");
    expect(await runDue()).toEqual(["deferred"]);
    const [job] = rowsOf<{ seconds: number }>(
      await t.db.execute(sql`select extract(epoch from start_after - now())::float as seconds from pgboss.job where name = ${DELIVERY_QUEUE} and state = 'created'`),
    );
    expect(job!.seconds).toBeGreaterThan(2);
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue()).toEqual(["sent"]);
    expect(gateway.calls.map((c) => c.status)).toEqual([429, 201]);
    expect(gateway.calls[1]!.body).toMatch(/Lysychansk/);
  });

  it("a number that opted out at the gateway (code 21610) is forgotten, and the failure names no number", async () => {
    const phone = "+380501230003";
    await texts(phone, "SUB Lysychansk");
    await changeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    gateway.failNext("opted-out");
    expect(await runDue()).toEqual(["recipientGone"]);
    expect(await t.db.select().from(subscribers)).toHaveLength(0);
    const dump = JSON.stringify(rowsOf(await t.db.execute(sql`select * from messaging_failures`)));
    expect(dump).not.toContain(phone.slice(1));
  });

  it("a gateway error is retried and the change still arrives once", async () => {
    const phone = "+380501230004";
    await texts(phone, "SUB Lysychansk");
    await changeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    gateway.failNext("server-error");
    expect(await runDue()).toEqual(["failed"]);
    const failures = JSON.stringify(rowsOf(await t.db.execute(sql`select * from messaging_failures where channel = 'sms'`)));
    expect(failures).toContain("500");
    expect(failures).not.toContain(phone.slice(1));
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue()).toEqual(["sent"]);
    expect(gateway.calls.filter((c) => c.status === 201)).toHaveLength(1);
  });
});
