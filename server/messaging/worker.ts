import "server-only";
import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { storeSubscriberKeyCheck } from "@/db/queries/message-delivery";
import { holdSendRate, reserveSendSlots, type SendSlot } from "@/db/queries/send-rate";
import { DEFAULT_SMS_PER_SECOND } from "@/env";
import { ConfigError } from "@/lib/config-error";
import { LATE_TOLERANCE_MS, sendSpacingMs, TELEGRAM_PER_SECOND } from "@/lib/messaging/capacity";
import { deliverBatch, type Senders } from "./delivery";
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
export { sendSpacingMs, TELEGRAM_PER_SECOND } from "@/lib/messaging/capacity";
/**
 * The longest a message waits in the worker for its turn at the gateway. Further ahead (a
 * gateway's "retry after", a backlog of other instances' sends) it is deferred instead: the job
 * ends, and a new one starts then, so no job ever runs near its expiry.
 */
const MAX_TURN_WAIT_MS = 5_000;
const TURN_ATTEMPTS = 3;
/**
 * Jobs fetched at once, by each of two loops: together a little more than a second of Telegram's
 * rate, so one loop's fetch and completion overlap the other's sends, and the batch's last send
 * waits about two seconds, well inside MAX_TURN_WAIT_MS.
 */
const DELIVERY_BATCH = 30;
const DELIVERY_LOOPS = 2;

export type SendRate = { gateway: string; perSecond: number };
export type PacedSlot = { reserved: boolean; waitMs: number; earliestAt: number };

/**
 * Where the database's clock stands against this process's: bounds from the round trips of the
 * last minute (the database worked the answer out between the question and the answer), as
 * NTP does. The quickest round trips make them tight, so a send's lateness is measured against
 * its instant within a few milliseconds, not against a slow answer: counted from the question,
 * a loaded machine's 50 ms answers made most sends "late" and wasted their instants.
 */
export function clockBounds(keepMs = 60_000) {
  const samples: Array<{ at: number; low: number; high: number }> = [];
  return {
    /** One round trip: asked at `askedAt`, answered at `answeredAt`, the database's clock `dbNowMs`. */
    sample(askedAt: number, answeredAt: number, dbNowMs: number) {
      samples.push({ at: answeredAt, low: dbNowMs - answeredAt, high: dbNowMs - askedAt });
      while (samples.length > 0 && samples[0]!.at < answeredAt - keepMs) samples.shift();
      if (samples.length > 500) samples.shift();
    },
    /** The offset (database minus process) lies in [low, high]; the newest sample alone if the clocks drifted apart. */
    offset(): { low: number; high: number } {
      const low = Math.max(...samples.map((s) => s.low));
      const high = Math.min(...samples.map((s) => s.high));
      if (low <= high) return { low, high };
      const newest = samples[samples.length - 1]!;
      return { low: newest.low, high: newest.high };
    },
  };
}

/** Where a gateway's send instants are handed out: the database (shared) or this process. */
export type SendPacer = {
  /**
   * `waitMs`: how long from the answer until the instant is surely past (never early).
   * `earliestAt`: the earliest this process's clock may put the instant at; a send's lateness
   * counts from it.
   */
  reserve(gateway: string, options: { spacingMs: number; maxWaitMs: number }): Promise<PacedSlot>;
  hold(gateway: string, seconds: number): Promise<void>;
};

/** Sends asked for in one reservation at most: about half a second of Telegram's rate. */
const RESERVE_BLOCK = 15;

/**
 * Shared by every instance on the same PostgreSQL database. The sends waiting in this process
 * are reserved together, one statement for up to RESERVE_BLOCK of them: one at a time, a
 * loaded database's 30-50 ms per answer capped the whole instance below the rate (every send
 * waited behind the others' round trips).
 */
export function databasePacer(db: Db): SendPacer {
  type Waiting = { spacingMs: number; maxWaitMs: number; resolve: (slot: PacedSlot) => void; reject: (error: unknown) => void };
  const clock = clockBounds();
  const paced = (slot: SendSlot, askedAt: number, answeredAt: number): PacedSlot => {
    clock.sample(askedAt, answeredAt, slot.dbNowMs);
    const { low, high } = clock.offset();
    const instantDb = slot.dbNowMs + slot.waitMs;
    // In this process's time the instant lies in [instantDb - high, instantDb - low].
    return { reserved: slot.reserved, waitMs: Math.max(0, instantDb - low - answeredAt), earliestAt: instantDb - high };
  };
  const queues = new Map<string, Waiting[]>();
  const busy = new Set<string>();
  const drain = async (gateway: string) => {
    if (busy.has(gateway)) return;
    busy.add(gateway);
    try {
      for (let queue = queues.get(gateway) ?? []; queue.length > 0; queue = queues.get(gateway) ?? []) {
        // Every request of one gateway asks with the same spacing and wait (one throttled sender).
        const block = queue.splice(0, RESERVE_BLOCK);
        const { spacingMs, maxWaitMs } = block[0]!;
        try {
          let askedAt = Date.now();
          let slots = await reserveSendSlots(db, gateway, { spacingMs, maxWaitMs, count: block.length });
          let answeredAt = Date.now();
          // The whole block did not fit within the wait: as many as do, the rest are deferred.
          if (!slots[0]!.reserved && block.length > 1) {
            const fit = Math.min(block.length, Math.floor((maxWaitMs - slots[0]!.waitMs) / spacingMs) + 1);
            if (fit > 0) {
              askedAt = Date.now();
              slots = [...(await reserveSendSlots(db, gateway, { spacingMs, maxWaitMs, count: fit })), ...slots.slice(fit)];
              answeredAt = Date.now();
            }
          }
          block.forEach((waiting, i) => waiting.resolve(paced(slots[i]!, askedAt, answeredAt)));
        } catch (error) {
          for (const waiting of block) waiting.reject(error);
        }
      }
    } finally {
      busy.delete(gateway);
    }
  };
  return {
    reserve(gateway, { spacingMs, maxWaitMs }) {
      return new Promise((resolve, reject) => {
        const queue = queues.get(gateway) ?? [];
        queue.push({ spacingMs, maxWaitMs, resolve, reject });
        queues.set(gateway, queue);
        void drain(gateway);
      });
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
      if (slot - now > maxWaitMs) return { reserved: false, waitMs: slot - now, earliestAt: slot };
      nextAt.set(gateway, slot + spacingMs);
      return { reserved: true, waitMs: slot - now, earliestAt: slot };
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
  const spacingMs = sendSpacingMs(rate.perSecond);
  return {
    channel: inner.channel,
    async send(address, text) {
      for (let attempt = 1; ; attempt++) {
        const slot = await pacer.reserve(rate.gateway, { spacingMs, maxWaitMs: MAX_TURN_WAIT_MS });
        if (!slot.reserved) throw new SendRateWaitError(Math.max(1, Math.ceil(slot.waitMs / 1000)));
        // Never early: the wait runs until the latest the instant can be. Lateness counts from
        // the earliest it can be: a late timer could otherwise crowd this message into the next
        // ones' second, so its instant is given up and a new one taken.
        if (slot.waitMs > 0) await sleep(slot.waitMs);
        if (Date.now() - slot.earliestAt <= LATE_TOLERANCE_MS) break;
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
  const workers: string[] = [];
  const relayTimer = loop(RELAY_EVERY_MS, async () => {
    // The jobs each transaction queued are due now: the delivery loops fetch at once instead of
    // at their next poll (up to half a second later; a change's first message waited for it),
    // and a large change's first recipients are told while the relay queues the rest.
    while (!stopped && (await relayOutbox(db, boss)) > 0) for (const id of workers) boss.notifyWorker(id);
  }, "relay");
  const sweepTimer = loop(SWEEP_EVERY_MS, () => sweepTimeBased(db, boss), "sweep");
  // The batch is delivered together (deliverBatch: one read of the pause, the recipients and the
  // towns for all of it; the shared rate spaces the sends), and each job fails on its own:
  // pg-boss would otherwise fail, and retry, the whole batch for one job's error.
  const work = async (jobs: PgBoss.JobWithMetadata<DeliveryJob>[]) => {
    const results = await deliverBatch(
      db,
      boss,
      jobs.map((job) => ({ target: job.data.target, jobId: job.id, priority: job.priority })),
      { keys, senders: throttled },
    ).catch((error: unknown) => jobs.map((): PromiseSettledResult<never> => ({ status: "rejected", reason: error })));
    await Promise.all(
      results.map(async (result, i) => {
        if (result.status === "fulfilled") return;
        const error = result.reason;
        // deliver's errors name no address (describeFailure), nor do the database's (ids only).
        // The cause is what says why: a database error's message is only the query it ran.
        const message = error instanceof Error ? error.message : String(error);
        const cause = error instanceof Error && error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
        console.error(`[messaging] delivery failed, retried later: ${message.split("\n")[0]}${cause}`);
        await boss.fail(DELIVERY_QUEUE, jobs[i]!.id, { message }).catch((failed: unknown) => complain("marking a failed delivery", failed));
      }),
    );
  };
  for (let i = 0; i < DELIVERY_LOOPS; i++) workers.push(await boss.work<DeliveryJob>(DELIVERY_QUEUE, { batchSize: DELIVERY_BATCH, pollingIntervalSeconds: 0.5, includeMetadata: true }, work));
  return {
    async stop() {
      stopped = true;
      clearInterval(relayTimer);
      clearInterval(sweepTimer);
      await boss.offWork(DELIVERY_QUEUE);
    },
  };
}
