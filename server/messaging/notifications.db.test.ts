import crypto from "node:crypto";
import type PgBoss from "pg-boss";
import { startTestJobQueue } from "./testing/job-queue";
import { count, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { applyAgreementAction, createAgreement } from "@/db/queries/agreements";
import { updateRouteStatus } from "@/db/queries/route-status";
import { getRouteForCoordinator } from "@/db/queries/routes";
import { createUser } from "@/db/queries/users";
import { messageOutbox, messagePending, messagingState, subscribers, telegramChannels } from "@/db/schema/messaging";
import { routes } from "@/db/schema/routes";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { inLanguage } from "@/lib/localized-text";
import type { SessionUser } from "@/lib/session-user";
import { answerResident } from "./conversation";
import { deliver, type Senders } from "./delivery";
import { RecipientGoneError, RetryLaterError } from "./delivery-errors";
import { DELIVERY_QUEUE, MAINTENANCE_EVERY_SECONDS, type DeliveryJob } from "./queue";
import { relayOutbox, sweepTimeBased } from "./relay";
import { getSubscriberKeys } from "./subscriber-keys";
import type { OutboundSender } from "./types";

// From a coordinator's change to the resident's message, through the real outbox triggers, the
// relay, pg-boss on this database and the delivery job. Only the last hop (the network call to
// Telegram or the SMS gateway) is a recorder here; e2e/telegram.spec.ts covers it for real.

let t: TestDb;
let boss: PgBoss;
let coordinator: SessionUser;
const sent: Array<{ channel: string; address: string; text: string }> = [];
let failNext: Error | null = null;

function recorder(channel: "telegram" | "sms"): OutboundSender {
  return {
    channel,
    async send(address, text) {
      if (failNext) {
        const error = failNext;
        failNext = null;
        throw error;
      }
      sent.push({ channel, address, text });
    },
  };
}
const senders: Senders = { telegram: recorder("telegram"), sms: recorder("sms") };

beforeAll(async () => {
  process.env.SUBSCRIBER_KEY = crypto.randomBytes(32).toString("base64");
  // SMS with an outbound gateway (never called here): SUB by SMS is offered only then.
  Object.assign(process.env, { SMS_AUTH_TOKEN: "test-sms-token-0123456789", SMS_API_URL: "http://127.0.0.1:9/Messages.json", SMS_ACCOUNT_SID: "ACtest", SMS_FROM: "+380440000000" });
  t = await createTestDb();
  await seedScenario(t.db);
  boss = await startTestJobQueue(t);
  const { id } = await createUser(t.db, null, { email: "coordinator@example.org", password: "a long enough password", role: "coordinator" });
  coordinator = { id, email: "coordinator@example.org", name: "", role: "coordinator", organisation: "" };
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await t?.drop();
});
beforeEach(async () => {
  sent.length = 0;
  failNext = null;
  await t.db.delete(subscribers).where(isNotNull(subscribers.id));
  await t.db.delete(messageOutbox).where(isNotNull(messageOutbox.id));
  await t.db.execute(sql`delete from pgboss.job`);
  await t.db.update(messagingState).set({ paused: false, sweptUntil: null }).where(eq(messagingState.id, 1));
});

const subscribe = (channel: "telegram" | "sms", address: string, text: string, languageHint: string | null = null) =>
  answerResident(t.db, { channel, address, text, languageHint });

/** Sets the route's status; with none given, any status other than its current one (always a change). */
async function closeRoute(slug: string, wanted?: "closed" | "open" | "caution") {
  const route = (await getRouteForCoordinator(t.db, coordinator, slug))!;
  const status = wanted ?? (route.status === "caution" ? "closed" : "caution");
  await updateRouteStatus(t.db, coordinator, {
    routeId: route.id,
    baseVersion: route.version,
    status,
    reasonCodes: status === "open" ? [] : ["shelling_or_air_strikes"],
    reason: inLanguage("en", "Shelling on the road near Bilohorivka"),
    source: null,
  });
}

/** Runs every delivery job due now (or the first `limit`), as the worker would; returns the outcomes. */
async function runDue(now = new Date(), limit = Infinity) {
  const outcomes: string[] = [];
  while (outcomes.length < limit) {
    const jobs = await boss.fetch<DeliveryJob>(DELIVERY_QUEUE);
    const job = jobs?.[0];
    if (!job) return outcomes;
    try {
      outcomes.push(await deliver(t.db, boss, { target: job.data.target, jobId: job.id, keys: getSubscriberKeys(), senders, now }));
      await boss.complete(DELIVERY_QUEUE, job.id);
    } catch (error) {
      outcomes.push("failed");
      await boss.fail(DELIVERY_QUEUE, job.id, error as object);
    }
  }
  return outcomes;
}

const jobsWaiting = async () =>
  rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = ${DELIVERY_QUEUE} and state in ('created', 'retry')`))[0]!.n;

describe("a route changes and its subscribers are told", () => {
  it("sends exactly one message per subscriber, in each one's language", async () => {
    await subscribe("telegram", "1001", "/subscribe Лисичанськ", "uk");
    await subscribe("telegram", "1002", "/subscribe Lysychansk", "en");
    await subscribe("sms", "+380501110000", "SUB ЛИСИЧАНСЬК");
    await subscribe("telegram", "1003", "/subscribe Hirske", "en"); // another town: not told

    await closeRoute("lysychansk-bakhmut", "closed");
    expect(await relayOutbox(t.db, boss)).toBe(1);
    expect(await runDue()).toEqual(["sent", "sent", "sent"]);

    expect(sent.map((s) => s.address).sort()).toEqual(["+380501110000", "1001", "1002"]);
    const byAddress = Object.fromEntries(sent.map((s) => [s.address, s.text]));
    expect(byAddress["1001"]).toMatch(/^Зміни: Лисичанськ\n/);
    expect(byAddress["1001"]).toMatch(/Лисичанськ → Бахмут: Закрито, підтверджено о/);
    expect(byAddress["1002"]).toMatch(/Lysychansk → Bakhmut: Closed, confirmed \d\d:\d\d Kyiv time/);
    expect(byAddress["1002"]).toContain("/en/lite/towns/lysychansk");
    // The reason travels too: by SMS its codes, by Telegram on its own line, whole.
    expect(byAddress["+380501110000"]).toMatch(/^Лисичанськ \(час Київ\): Бахмут: Закрито \(Обстріли або авіаудари на маршруті\), підтв\./);
    expect(byAddress["1002"]).toMatch(/Closed, confirmed \d\d:\d\d Kyiv time\.\n  Shelling or air strikes on the route/);

    // Nothing left to send: the next run sends nothing more.
    expect(await runDue()).toEqual([]);
    expect(await t.db.select({ n: count() }).from(messagePending)).toEqual([{ n: 0 }]);
  });

  it("merges changes within the minute and never sends twice in a minute", async () => {
    await subscribe("telegram", "2001", "/subscribe Лисичанськ", "uk");
    await closeRoute("lysychansk-bakhmut", "caution");
    await relayOutbox(t.db, boss);
    expect(await runDue()).toEqual(["sent"]);

    // Two more changes right after: one message, after the minute, with the latest state only.
    await closeRoute("lysychansk-bakhmut", "closed");
    await closeRoute("lysychansk-bakhmut", "open");
    await relayOutbox(t.db, boss);
    expect(await t.db.select({ n: count() }).from(messagePending)).toEqual([{ n: 1 }]);
    expect(await runDue()).toEqual([]); // the job waits out the minute (startAfter)
    expect(await jobsWaiting()).toBe(1);
    // As the worker would run it a minute later (jobs that start early defer themselves again).
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue(new Date(Date.now() - 1000))).toEqual(["deferred"]);
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue(new Date(Date.now() + 61_000))).toEqual(["sent"]);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.text).toMatch(/Лисичанськ → Бахмут: Відкрито/);
  });

  it("tells a new reason even when the status stays, and not a confirmation that changes nothing", async () => {
    await subscribe("telegram", "2501", "/subscribe Lysychansk", "en");
    await closeRoute("lysychansk-bakhmut", "closed");
    await relayOutbox(t.db, boss);
    const restate = async (reason: string) => {
      const route = (await getRouteForCoordinator(t.db, coordinator, "lysychansk-bakhmut"))!;
      await updateRouteStatus(t.db, coordinator, {
        routeId: route.id,
        baseVersion: route.version,
        status: "closed",
        reasonCodes: ["shelling_or_air_strikes"],
        reason: inLanguage("en", reason),
        source: null,
      });
    };
    await restate("Shelling on the road near Bilohorivka");
    expect(await relayOutbox(t.db, boss)).toBe(0);
    await restate("Buses stopped: the depot was hit");
    expect(await relayOutbox(t.db, boss)).toBe(1);
  });

  it("tells a change of instructions alone once, in the reader's language, and nothing for one reversed", async () => {
    const instruct = async (instructions: Array<{ code: "do_not_travel" | "shelter_in_place" }>) => {
      const route = (await getRouteForCoordinator(t.db, coordinator, "lysychansk-bakhmut"))!;
      await updateRouteStatus(t.db, coordinator, { routeId: route.id, baseVersion: route.version, status: "closed", reasonCodes: ["shelling_or_air_strikes"], reason: inLanguage("en", "Shelling on the road near Bilohorivka"), instructions, source: null });
    };
    const afterTheMinute = async () => {
      await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
      return runDue(new Date(Date.now() + 61_000));
    };
    await instruct([]);
    await relayOutbox(t.db, boss);
    await subscribe("telegram", "2601", "/subscribe Лисичанськ", "uk");

    // Status, codes and reason as they were: only the instruction changes, and that is news.
    await instruct([{ code: "shelter_in_place" }]);
    expect(await relayOutbox(t.db, boss)).toBe(1);
    expect(await runDue()).toEqual(["sent"]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/укритт/i);
    // The same instruction again is no change at all: the trigger records nothing.
    await instruct([{ code: "shelter_in_place" }]);
    expect(await relayOutbox(t.db, boss)).toBe(0);

    // Changed and changed back before the message went out: nothing to tell.
    await instruct([{ code: "do_not_travel" }]);
    await instruct([{ code: "shelter_in_place" }]);
    expect(await relayOutbox(t.db, boss)).toBe(2);
    expect(await afterTheMinute()).toEqual(["nothing"]);
    expect(sent).toHaveLength(1);
  });

  it("sends nothing for a change reversed before delivery, nor for a flip back to the state last told", async () => {
    const setRoute = async (status: "closed" | "open", reason: string) => {
      const route = (await getRouteForCoordinator(t.db, coordinator, "lysychansk-bakhmut"))!;
      await updateRouteStatus(t.db, coordinator, { routeId: route.id, baseVersion: route.version, status, reasonCodes: status === "closed" ? ["checkpoint_closed"] : [], reason: inLanguage("en", reason), source: null });
    };
    const afterTheMinute = async () => {
      await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
      return runDue(new Date(Date.now() + 61_000));
    };
    await setRoute("closed", "Checkpoint shut");
    await relayOutbox(t.db, boss);
    await subscribe("telegram", "2401", "/subscribe Lysychansk", "en");
    await subscribe("sms", "+380501112401", "SUB Lysychansk");

    // Closed, opened and closed again as it was before anyone was told: nothing to tell.
    await setRoute("open", "");
    await setRoute("closed", "Checkpoint shut");
    expect(await relayOutbox(t.db, boss)).toBe(2);
    expect(await runDue()).toEqual(["nothing", "nothing"]);
    expect(sent).toEqual([]);
    expect(await t.db.select({ n: count() }).from(messagePending)).toEqual([{ n: 0 }]);

    // A change that stands is told; flipped away and back within the minute after it, nothing.
    await setRoute("open", "");
    await relayOutbox(t.db, boss);
    expect(await runDue()).toEqual(["sent", "sent"]);
    expect(sent.map((m) => m.text).join("\n")).toMatch(/Open/);
    await setRoute("closed", "Checkpoint shut");
    await setRoute("open", "");
    await relayOutbox(t.db, boss);
    expect(await afterTheMinute()).toEqual(["nothing", "nothing"]);
    expect(sent).toHaveLength(2);

    // A new reason is a new state: told, however the status went in between.
    await setRoute("closed", "Checkpoint shut");
    await setRoute("open", "Open again, queue of 2 hours");
    await relayOutbox(t.db, boss);
    expect(await afterTheMinute()).toEqual(["sent", "sent"]);
    expect(sent).toHaveLength(4);
    // (The coordinator's text goes by Telegram; SMS carries the reason codes only.)
    expect(sent.slice(2).find((m) => m.channel === "telegram")!.text).toMatch(/queue of 2 hours/);
  });

  it("sends nothing for a change that was rolled back", async () => {
    await subscribe("telegram", "3001", "/subscribe Лисичанськ", "uk");
    const route = (await getRouteForCoordinator(t.db, coordinator, "lysychansk-bakhmut"))!;
    await t.db
      .transaction(async (tx) => {
        await tx.update(routes).set({ status: "closed" }).where(eq(routes.id, route.id));
        throw new Error("rolled back");
      })
      .catch(() => {});
    expect(await relayOutbox(t.db, boss)).toBe(0);
    expect(await runDue()).toEqual([]);
  });

  it("loses nothing when the process dies between the commit and the send", async () => {
    await subscribe("telegram", "4001", "/subscribe Лисичанськ", "uk");
    await closeRoute("lysychansk-bakhmut");
    // The process dies before the relay runs: the change waits in the outbox. A new queue
    // (as after a restart) relays and delivers it, once.
    await boss.stop({ graceful: false, wait: true });
    boss = await startTestJobQueue(t);
    expect(await relayOutbox(t.db, boss)).toBe(1);
    // It dies again after the relay, before the send: the job is still there.
    expect(await runDue()).toEqual(["sent"]);
    expect(await runDue()).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it("keeps the message when the gateway says to retry later, and retries it", async () => {
    await subscribe("telegram", "5001", "/subscribe Лисичанськ", "uk");
    await closeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    failNext = new RetryLaterError(3);
    expect(await runDue()).toEqual(["deferred"]);
    expect(sent).toHaveLength(0);
    expect(await jobsWaiting()).toBe(1);
    const [job] = rowsOf<{ seconds: number }>(await t.db.execute(sql`select extract(epoch from start_after - now())::float as seconds from pgboss.job where name = ${DELIVERY_QUEUE} and state = 'created'`));
    expect(job!.seconds).toBeGreaterThan(1);
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue()).toEqual(["sent"]);
  });

  it("retries after a network failure without losing the pending change", async () => {
    await subscribe("telegram", "6001", "/subscribe Лисичанськ", "uk");
    await closeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    failNext = new Error("connect ECONNREFUSED 6001");
    expect(await runDue()).toEqual(["failed"]);
    const [failure] = rowsOf<{ last_error: string }>(await t.db.execute(sql`select last_error from messaging_failures where channel = 'telegram'`));
    expect(failure!.last_error).toContain("[recipient]");
    expect(failure!.last_error).not.toContain("6001");
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue()).toEqual(["sent"]);
    expect(sent).toHaveLength(1);
  });

  it("forgets a subscriber who blocked the bot", async () => {
    await subscribe("telegram", "7001", "/subscribe Лисичанськ", "uk");
    await closeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    failNext = new RecipientGoneError("Forbidden: bot was blocked by the user");
    expect(await runDue()).toEqual(["recipientGone"]);
    expect(await t.db.select().from(subscribers)).toHaveLength(0);
  });

  it("holds everything while paused and sends it on resume", async () => {
    await subscribe("telegram", "8001", "/subscribe Лисичанськ", "uk");
    await t.db.update(messagingState).set({ paused: true }).where(eq(messagingState.id, 1));
    await closeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    expect(await runDue()).toEqual(["paused"]);
    expect(sent).toHaveLength(0);
    await t.db.update(messagingState).set({ paused: false }).where(eq(messagingState.id, 1));
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue()).toEqual(["sent"]);
  });

  it("keeps no address in the queue: jobs name only the subscriber's row", async () => {
    await subscribe("telegram", "9009009", "/subscribe Лисичанськ", "uk");
    await closeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    const dump = JSON.stringify(rowsOf(await t.db.execute(sql`select * from pgboss.job`))) + JSON.stringify(await t.db.select().from(messagePending));
    expect(dump).not.toContain("9009009");
  });
});

describe("exactly once, and soon, across a crash", () => {
  it("sends once when the process dies between the send and the job's acknowledgement", async () => {
    await subscribe("telegram", "12001", "/subscribe Лисичанськ", "uk");
    await closeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    const [job] = await boss.fetch<DeliveryJob>(DELIVERY_QUEUE);
    expect(await deliver(t.db, boss, { target: job!.data.target, jobId: job!.id, keys: getSubscriberKeys(), senders })).toBe("sent");
    // The process dies here: the job is never completed. Its expiry puts it back, and the retry
    // finds the message already recorded as sent.
    await t.db.execute(sql`update pgboss.job set started_on = now() - interval '1 minute' where id = ${job!.id}`);
    await boss.maintain();
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    // It waits out the minute since the message it sent, then has nothing left to say.
    expect(await runDue()).toEqual(["deferred"]);
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue(new Date(Date.now() + 61_000))).toEqual(["nothing"]);
    expect(sent).toHaveLength(1);
  });

  it("retries a send cut off by a crash within half a minute", async () => {
    await subscribe("telegram", "12002", "/subscribe Лисичанськ", "uk");
    await closeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    const [job] = await boss.fetch<DeliveryJob>(DELIVERY_QUEUE);
    const [{ expire } = { expire: 0 }] = rowsOf<{ expire: number }>(await t.db.execute(sql`select extract(epoch from expire_in)::float as expire from pgboss.job where id = ${job!.id}`));
    // Dead mid-send: expired once `expire` has passed since it started, found by the next
    // maintenance (every MAINTENANCE_EVERY_SECONDS), then started again after its retry delay.
    await t.db.execute(sql`update pgboss.job set started_on = now() - make_interval(secs => ${expire + 0.5}) where id = ${job!.id}`);
    await boss.maintain();
    const [retry] = rowsOf<{ state: string; delay: number }>(
      await t.db.execute(sql`select state, extract(epoch from start_after - now())::float as delay from pgboss.job where id = ${job!.id}`),
    );
    expect(retry!.state).toBe("retry");
    expect(expire + MAINTENANCE_EVERY_SECONDS + retry!.delay).toBeLessThanOrEqual(30);
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue()).toEqual(["sent"]);
  });
});

describe("fair across towns", () => {
  it("tells a new change in another town before the rest of an earlier change's backlog", async () => {
    for (let i = 0; i < 12; i++) await subscribe("telegram", String(13000 + i), "/subscribe Hirske", "en");
    await subscribe("telegram", "13100", "/subscribe Lysychansk", "en");
    await closeRoute("hirske-bakhmut");
    await relayOutbox(t.db, boss);
    // The worker has got through the first few of Hirske's twelve when Lysychansk changes.
    expect(await runDue(new Date(), 3)).toEqual(["sent", "sent", "sent"]);
    await closeRoute("lysychansk-bakhmut");
    await relayOutbox(t.db, boss);
    expect(await runDue(new Date(), 1)).toEqual(["sent"]);
    expect(sent.at(-1)!.address).toBe("13100");
    // Then the backlog, each once.
    expect(await runDue()).toHaveLength(9);
    expect(new Set(sent.map((s) => s.address)).size).toBe(13);
  });
});

describe("an organisation's linked channel", () => {
  it("gets every public change, of any town, in the channel's language", async () => {
    const [channel] = await t.db.insert(telegramChannels).values({ chatId: "-1001234567890", title: "Org updates", locale: "ru" }).returning();
    try {
      await closeRoute("hirske-bakhmut");
      await relayOutbox(t.db, boss);
      expect(await runDue()).toEqual(["sent"]);
      expect(sent).toEqual([{ channel: "telegram", address: "-1001234567890", text: expect.stringMatching(/^Изменения: Горское\n/) }]);
      // A post read by everyone carries no personal command (a reader cannot /unsubscribe a channel).
      expect(sent[0]!.text).not.toMatch(/\/(unsubscribe|stop|subscribe|lang)\b/);
    } finally {
      await t.db.delete(telegramChannels).where(eq(telegramChannels.id, channel!.id));
    }
  });
});

describe("corridor windows and time", () => {
  it("tells when an agreed window is withdrawn, with its once-public times", async () => {
    await subscribe("telegram", "10001", "/subscribe Лисичанськ", "en");
    const route = (await getRouteForCoordinator(t.db, coordinator, "lysychansk-bakhmut"))!;
    const start = new Date(Date.now() + 3_600_000);
    const { id } = await createAgreement(t.db, coordinator, {
      input: { title: inLanguage("en", "Lysychansk evening corridor"), routeIds: [route.id], parties: [], windowStart: start, windowEnd: new Date(start.getTime() + 3_600_000), terms: inLanguage("en", ""), sources: [] },
    });
    await applyAgreementAction(t.db, coordinator, { id, baseVersion: 1, action: "agree" });
    await relayOutbox(t.db, boss);
    expect(await runDue()).toEqual(["sent"]);
    expect(sent[0]!.text).toMatch(/Corridor window agreed, "Lysychansk evening corridor"/);

    await applyAgreementAction(t.db, coordinator, { id, baseVersion: 2, action: "cancel" });
    await relayOutbox(t.db, boss);
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue(new Date(Date.now() + 61_000))).toEqual(["sent"]);
    // A window that crosses Kyiv midnight names the day it ends: "23:00-00:00 08.12".
    expect(sent[1]!.text).toMatch(/The corridor window \d\d:\d\d(?: \d\d\.\d\d)?-\d\d:\d\d(?: \d\d\.\d\d)? no longer holds/);
    // The title of a withdrawn window is no longer public: it is not repeated.
    expect(sent[1]!.text).not.toContain("evening corridor");
  });

  it("tells when a status goes unconfirmed, and ends a silent subscription after 30 days", async () => {
    await subscribe("telegram", "11001", "/subscribe Лисичанськ", "en");
    await sweepTimeBased(t.db, boss); // starts the clock
    const later = new Date(Date.now() + 7 * 3_600_000); // past the 6-hour freshness window
    await sweepTimeBased(t.db, boss, later);
    await relayOutbox(t.db, boss, later);
    expect(await runDue(later)).toEqual(["sent"]);
    expect(sent[0]!.text).toMatch(/Lysychansk → Bakhmut: Unconfirmed/);

    // A chat that only chose its language follows no town: it is forgotten without a farewell.
    await subscribe("telegram", "11002", "/lang en", "en");
    const monthLater = new Date(Date.now() + 31 * 86_400_000);
    await sweepTimeBased(t.db, boss, monthLater);
    await t.db.delete(messageOutbox).where(isNotNull(messageOutbox.id));
    expect(await runDue(monthLater)).toEqual(["expired", "expired"]);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ address: "11001", text: expect.stringMatching(/Your subscription to Lysychansk ended/) });
    expect(await t.db.select().from(subscribers)).toHaveLength(0);
  });
});
