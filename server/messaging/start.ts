import "server-only";
import { getDbHandle } from "@/db";
import { getSmsConfig, getTelegramConfig } from "@/env";
import { smsSenderFromConfig } from "./sms/sender";
import { getSubscriberKeys } from "./subscriber-keys";
import { createTelegramSender } from "./telegram/sender";
import { getJobQueue } from "./queue";
import { checkSubscriberKey, databasePacer, memoryPacer, startMessagingWorker, type MessagingWorker } from "./worker";

// Started once per server process (instrumentation.ts). The worker always runs, even with no
// channel configured: it keeps the outbox drained, and a channel turned on later finds no backlog
// of stale changes to send.

const globalForWorker = globalThis as unknown as { corridorMessagingWorker?: Promise<MessagingWorker> };

export function startMessaging(): Promise<MessagingWorker> {
  globalForWorker.corridorMessagingWorker ??= (async () => {
    const handle = await getDbHandle();
    const db = handle.db;
    const telegram = getTelegramConfig();
    const sms = getSmsConfig();
    const senders = {
      telegram: telegram ? createTelegramSender({ token: telegram.token, apiRoot: telegram.apiRoot }) : null,
      sms: smsSenderFromConfig(sms),
    };
    // SUBSCRIBER_KEY is needed (and checked against the stored addresses) once a channel is on.
    const keys = telegram || sms ? getSubscriberKeys() : null;
    if (keys) await checkSubscriberKey(db, keys);
    const worker = await startMessagingWorker(db, await getJobQueue(), {
      keys,
      senders,
      // PGlite is one process's: its rate needs no sharing.
      pacer: handle.driver === "postgres" ? databasePacer(db) : memoryPacer(),
      smsPerSecond: sms?.perSecond,
    });
    const on = (sender: unknown) => (sender ? "on" : "off");
    console.log(`corridor: messaging worker started (Telegram ${on(senders.telegram)}, outbound SMS ${on(senders.sms)}).`);
    return worker;
  })().catch((error: unknown) => {
    // Not kept: the next call tries again (the database may be back, a concurrent start done).
    globalForWorker.corridorMessagingWorker = undefined;
    throw error;
  });
  return globalForWorker.corridorMessagingWorker;
}

const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 60_000;

/**
 * Starts messaging at server start, and keeps trying when that fails for a reason that may pass:
 * the database down or restarting, or two instances creating the job queue's tables at the same
 * moment (PostgreSQL then aborts one with "deadlock detected"). Without this an instance that lost
 * that race served for ever without a worker, and its residents' notifications waited for another
 * instance. A ConfigError (a wrong SUBSCRIBER_KEY) is a setting to fix, not to retry: it is thrown.
 */
export async function startMessagingUntilRunning(
  start: () => Promise<unknown> = startMessaging,
  { isConfigError, wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()), log = (line) => console.error(line) }: {
    isConfigError: (error: unknown) => boolean;
    wait?: (ms: number) => Promise<unknown>;
    log?: (line: string) => void;
  },
): Promise<void> {
  const attempt = async (delayMs: number, first: boolean): Promise<void> => {
    try {
      await start();
      if (!first) log("[messaging] started after an earlier failure");
    } catch (error) {
      if (isConfigError(error)) throw error;
      log(`[messaging] not started: ${error instanceof Error ? error.message : String(error)}; trying again in ${delayMs / 1000} s`);
      const retry = wait(delayMs).then(() => attempt(Math.min(delayMs * 2, LONGEST_RETRY_MS), false));
      // The first attempt is awaited (a ConfigError must stop the start); retries run behind it.
      if (!first) return retry;
      void retry.catch((later: unknown) => log(`[messaging] not started: ${later instanceof Error ? later.message : String(later)}`));
    }
  };
  await attempt(FIRST_RETRY_MS, true);
}
