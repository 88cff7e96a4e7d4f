import "server-only";
import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { storeSubscriberKeyCheck } from "@/db/queries/message-delivery";
import { holdSendRate, reserveSendSlot, type SendSlot } from "@/db/queries/send-rate";
import { DEFAULT_SMS_PER_SECOND } from "@/env";
import { ConfigError } from "@/lib/config-error";
import { RATE_MARGIN, TELEGRAM_PER_SECOND } from "@/lib/messaging/capacity";
import { deliver, type Senders } from "./delivery";
import { RetryLaterError, SendRateWaitError } from "./delivery-errors";
import { DELIVERY_QUEUE, type DeliveryJob } from "./queue";
import { relayOutbox, sweepTimeBased } from "./relay";
import type { SubscriberKeys } from "@/lib/sealing";
import type { OutboundSender } from "./types";

// The messaging worker in each server process: relays the outbox every second, sweeps for
// time-based changes every 15 s, and works the delivery queue. Several instances share the work
// through the database (SKIP LOCKED, pg-boss's own locking); none needs to be the "main" one.

const RELAY_EVERY_MS = 1_000;
const SWEEP_EVERY_MS = 15_000;
export { TELEGRAM_PER_SECOND } from "@/lib/messaging/capacity";
/**
 * The longest a message waits in the worker for its turn at the gateway. Further ahead (a
 * gateway's "retry after", a backlog of other instances' sends) it is deferred instead: the job
 * ends, and a new one starts then, so no job ever runs near its expiry.
 */
const MAX_TURN_WAIT_MS = 5_000;
/**
 * How late a send may start after its instant (a slow answer from the database, a busy event
 * loop), within the margin's 100 ms a second; later, the instant is given up and a new one taken.
 */
const LATE_TOLERANCE_MS = 60;
const TURN_ATTEMPTS = 3;
/**
 * Jobs fetched at once, by each of two loops: together a little more than a second of Telegram's
 * rate, so one loop's fetch and completion overlap the other's sends, and the batch's last send
 * waits about two seconds, well inside MAX_TURN_WAIT_MS.
 */
const DELIVERY_BATCH = 30;
const DELIVERY_LOOPS = 2;

export type SendRate = { gateway: string; perSecond: number };

/** Where a gateway's send instants are handed out: the database (shared) or this process. */
export type SendPacer = {
  /** `askedAt`: this process's time just before the instant was worked out (it is no earlier). */
  reserve(gateway: string, options: { spacingMs: number; maxWaitMs: number }): Promise<SendSlot & { askedAt: number }>;
  hold(gateway: string, seconds: number): Promise<void>;
};

/** Shared by every instance on the same PostgreSQL database. */
export function databasePacer(db: Db): SendPacer {
  // One reservation at a time from this process: the time it takes is then the database's answer
  // alone, not a wait behind this process's other reservations, so lateness is measured truly.
  let previous: Promise<unknown> = Promise.resolve();
  return {
    reserve(gateway, options) {
      const next = previous.then(async () => {
        const askedAt = Date.now();
        return { ...(await reserveSendSlot(db, gateway, options)), askedAt };
      });
      previous = next.catch(() => {});
      return next;
    },
    hold: (gateway, seconds) => holdSendRate(db, gateway, seconds),
  };
}

/**
 * For PGlite, which only one process can open: the same rule in memory. The database would do
 * too, but PGlite runs in this thread, so its answers (and the waits they start) arrive in bursts.
 */
export function memoryPacer(): SendPacer {
  const nextAt = new Map<string, number>();
  return {
    async reserve(gateway, { spacingMs, maxWaitMs }) {
      const now = Date.now();
      const slot = Math.max(nextAt.get(gateway) ?? 0, now);
      if (slot - now > maxWaitMs) return { reserved: false, waitMs: slot - now, askedAt: now };
      nextAt.set(gateway, slot + spacingMs);
      return { reserved: true, waitMs: slot - now, askedAt: now };
    },
    async hold(gateway, seconds) {
      nextAt.set(gateway, Math.max(nextAt.get(gateway) ?? 0, Date.now() + seconds * 1000));
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A sender held to a rate (each send reserves its instant first) and to the gateway's own "retry
 * after": once told to wait, nothing is sent through this gateway before then, not only the
 * message refused. With the database's pacer both hold for every instance together.
 */
export function throttledSender(pacer: SendPacer, inner: OutboundSender, rate: SendRate): OutboundSender {
  const spacingMs = (1000 / rate.perSecond) * RATE_MARGIN;
  return {
    channel: inner.channel,
    async send(address, text) {
      for (let attempt = 1; ; attempt++) {
        const slot = await pacer.reserve(rate.gateway, { spacingMs, maxWaitMs: MAX_TURN_WAIT_MS });
        if (!slot.reserved) throw new SendRateWaitError(Math.max(1, Math.ceil(slot.waitMs / 1000)));
        // Never early: the wait counts from the answer. Lateness counts from the question, the
        // earliest the instant can be: a slow answer or a late timer could otherwise crowd this
        // message into the next ones' second, so its instant is given up and a new one taken.
        if (slot.waitMs > 0) await sleep(slot.waitMs);
        if (Date.now() - (slot.askedAt + slot.waitMs) <= LATE_TOLERANCE_MS) break;
        if (attempt === TURN_ATTEMPTS) throw new SendRateWaitError(1);
      }
      try {
        await inner.send(address, text);
      } catch (error) {
        if (error instanceof RetryLaterError) await pacer.hold(rate.gateway, error.retryAfterSeconds);
        throw error;
      }
    },
  };
}

/** Refuses to start with a SUBSCRIBER_KEY other than the one the stored addresses were sealed with. */
export async function checkSubscriberKey(db: Db, keys: SubscriberKeys): Promise<void> {
  const stored = await storeSubscriberKeyCheck(db, keys.check);
  if (stored && stored !== keys.check) {
    throw new ConfigError(
      "SUBSCRIBER_KEY is not the key the subscribers' addresses were sealed with; set the original key again (without it no subscriber can be reached).",
    );
  }
}

export type MessagingWorker = { stop(): Promise<void> };

/** `keys` is null when no channel is configured: the worker then only keeps the outbox drained. */
export async function startMessagingWorker(
  db: Db,
  boss: PgBoss,
  {
    keys,
    senders,
    pacer = databasePacer(db),
    smsPerSecond = DEFAULT_SMS_PER_SECOND,
  }: { keys: SubscriberKeys | null; senders: Senders; pacer?: SendPacer; smsPerSecond?: number },
): Promise<MessagingWorker> {
  const throttled: Senders = {
    telegram: senders.telegram && throttledSender(pacer, senders.telegram, { gateway: "telegram", perSecond: TELEGRAM_PER_SECOND }),
    sms: senders.sms && throttledSender(pacer, senders.sms, { gateway: "sms", perSecond: smsPerSecond }),
  };
  let stopped = false;
  let lastComplaint = 0;
  const complain = (what: string, error: unknown) => {
    // During a database outage this fails every second: say so once a minute, not sixty times.
    if (Date.now() - lastComplaint < 60_000) return;
    lastComplaint = Date.now();
    console.error(`[messaging] ${what}: ${error instanceof Error ? error.message : String(error)}`);
  };
  const loop = (every: number, run: () => Promise<void>, what: string) => {
    let running = false;
    const timer = setInterval(() => {
      if (running || stopped) return;
      running = true;
      run()
        .catch((error) => complain(what, error))
        .finally(() => {
          running = false;
        });
    }, every);
    timer.unref();
    return timer;
  };
  const relayTimer = loop(RELAY_EVERY_MS, async () => {
    while (!stopped && (await relayOutbox(db, boss)) > 0);
  }, "relay");
  const sweepTimer = loop(SWEEP_EVERY_MS, () => sweepTimeBased(db, boss), "sweep");
  // Each job of a batch is delivered at once (the shared rate spaces the sends) and fails on its
  // own: pg-boss would otherwise fail, and retry, the whole batch for one job's error.
  const work = async (jobs: PgBoss.JobWithMetadata<DeliveryJob>[]) => {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          await deliver(db, boss, { target: job.data.target, jobId: job.id, priority: job.priority, keys, senders: throttled });
        } catch (error) {
          // deliver's errors name no address (describeFailure), nor do the database's (ids only).
          // The cause is what says why: a database error's message is only the query it ran.
          const message = error instanceof Error ? error.message : String(error);
          const cause = error instanceof Error && error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
          console.error(`[messaging] delivery failed, retried later: ${message.split("\n")[0]}${cause}`);
          await boss.fail(DELIVERY_QUEUE, job.id, { message }).catch((failed: unknown) => complain("marking a failed delivery", failed));
        }
      }),
    );
  };
  for (let i = 0; i < DELIVERY_LOOPS; i++) await boss.work<DeliveryJob>(DELIVERY_QUEUE, { batchSize: DELIVERY_BATCH, pollingIntervalSeconds: 0.5, includeMetadata: true }, work);
  return {
    async stop() {
      stopped = true;
      clearInterval(relayTimer);
      clearInterval(sweepTimer);
      await boss.offWork(DELIVERY_QUEUE);
    },
  };
}
