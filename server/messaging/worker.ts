import "server-only";
import type PgBoss from "pg-boss";
import { RateLimiterMemory, RateLimiterQueue } from "rate-limiter-flexible";
import { eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messagingState } from "@/db/schema/messaging";
import { ConfigError } from "@/lib/config-error";
import { deliver, type Senders } from "./delivery";
import { RetryLaterError } from "./delivery-errors";
import { DELIVERY_QUEUE, type DeliveryJob } from "./queue";
import { relayOutbox, sweepTimeBased } from "./relay";
import type { SubscriberKeys } from "./subscriber-crypto";
import type { OutboundSender } from "./types";

// The messaging worker in each server process: relays the outbox every second, sweeps for
// time-based changes every 15 s, and works the delivery queue. Several instances share the work
// through the database (SKIP LOCKED, pg-boss's own locking); none needs to be the "main" one.

const RELAY_EVERY_MS = 1_000;
const SWEEP_EVERY_MS = 15_000;
/** Telegram allows a bot about 30 messages a second in all. */
const TELEGRAM_PER_SECOND = 30;
const SMS_PER_SECOND = 10;

/**
 * A sender held to a rate (messages wait their turn, in order) and to the gateway's own "retry
 * after": once told to wait, every message through this sender waits, not only the one refused.
 */
export function throttledSender(inner: OutboundSender, perSecond: number): OutboundSender {
  const queue = new RateLimiterQueue(new RateLimiterMemory({ points: perSecond, duration: 1 }), { maxQueueSize: 10_000 });
  let blockedUntil = 0;
  return {
    channel: inner.channel,
    async send(address, text) {
      const wait = blockedUntil - Date.now();
      if (wait > 0) throw new RetryLaterError(Math.ceil(wait / 1000));
      await queue.removeTokens(1);
      try {
        await inner.send(address, text);
      } catch (error) {
        if (error instanceof RetryLaterError) blockedUntil = Math.max(blockedUntil, Date.now() + error.retryAfterSeconds * 1000);
        throw error;
      }
    },
  };
}

/** Refuses to start with a SUBSCRIBER_KEY other than the one the stored addresses were sealed with. */
export async function checkSubscriberKey(db: Db, keys: SubscriberKeys): Promise<void> {
  await db.update(messagingState).set({ keyCheck: keys.check }).where(isNull(messagingState.keyCheck));
  const [state] = await db.select({ keyCheck: messagingState.keyCheck }).from(messagingState).where(eq(messagingState.id, 1));
  if (state?.keyCheck && state.keyCheck !== keys.check) {
    throw new ConfigError(
      "SUBSCRIBER_KEY is not the key the subscribers' addresses were sealed with; set the original key again (without it no subscriber can be reached).",
    );
  }
}

export type MessagingWorker = { stop(): Promise<void> };

/** `keys` is null when no channel is configured: the worker then only keeps the outbox drained. */
export async function startMessagingWorker(db: Db, boss: PgBoss, { keys, senders }: { keys: SubscriberKeys | null; senders: Senders }): Promise<MessagingWorker> {
  const throttled: Senders = {
    telegram: senders.telegram && throttledSender(senders.telegram, TELEGRAM_PER_SECOND),
    sms: senders.sms && throttledSender(senders.sms, SMS_PER_SECOND),
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
  await boss.work<DeliveryJob>(DELIVERY_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    await deliver(db, boss, { target: job.data.target, jobId: job.id, keys, senders: throttled });
  });
  return {
    async stop() {
      stopped = true;
      clearInterval(relayTimer);
      clearInterval(sweepTimer);
      await boss.offWork(DELIVERY_QUEUE);
    },
  };
}
