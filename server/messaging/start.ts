import "server-only";
import { getDb } from "@/db";
import { getSmsConfig, getTelegramConfig } from "@/env";
import { smsSenderFromConfig } from "./sms/sender";
import { getSubscriberKeys } from "./subscriber-keys";
import { createTelegramSender } from "./telegram/sender";
import { getJobQueue } from "./queue";
import { checkSubscriberKey, startMessagingWorker, type MessagingWorker } from "./worker";

// Started once per server process (instrumentation.ts). The worker always runs, even with no
// channel configured: it keeps the outbox drained, and a channel turned on later finds no backlog
// of stale changes to send.

const globalForWorker = globalThis as unknown as { corridorMessagingWorker?: Promise<MessagingWorker> };

export function startMessaging(): Promise<MessagingWorker> {
  globalForWorker.corridorMessagingWorker ??= (async () => {
    const db = await getDb();
    const telegram = getTelegramConfig();
    const sms = getSmsConfig();
    const senders = {
      telegram: telegram ? createTelegramSender({ token: telegram.token, apiRoot: telegram.apiRoot }) : null,
      sms: smsSenderFromConfig(sms),
    };
    // SUBSCRIBER_KEY is needed (and checked against the stored addresses) once a channel is on.
    const keys = telegram || sms ? getSubscriberKeys() : null;
    if (keys) await checkSubscriberKey(db, keys);
    const worker = await startMessagingWorker(db, await getJobQueue(), { keys, senders });
    const on = (sender: unknown) => (sender ? "on" : "off");
    console.log(`corridor: messaging worker started (Telegram ${on(senders.telegram)}, outbound SMS ${on(senders.sms)}).`);
    return worker;
  })();
  return globalForWorker.corridorMessagingWorker;
}
