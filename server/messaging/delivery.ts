import "server-only";
import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import {
  claimPendingMessages,
  completeDelivery,
  deletePendingMessages,
  dropPendingMessages,
  getDeliveryRecipients,
  isMessagingPaused,
  type DeliveryRecipientRow,
  listTownNamesBySlug,
  recordDeliveryFailure,
} from "@/db/queries/message-delivery";
import { deleteSubscriber, SUBSCRIPTION_DAYS } from "@/db/queries/subscribers";
import type { Locale } from "@/i18n/routing";
import { localizedName } from "@/lib/localized-name";
import { isNews, toldStateKey } from "@/lib/messaging/told-state";
import { RecipientGoneError, RetryLaterError, SendRateWaitError } from "./delivery-errors";
import { queueDelivery, type DeliveryTarget } from "./queue";
import { MIN_SECONDS_BETWEEN_MESSAGES, type PendingPayload } from "./relay";
import { notificationText, replyTranslator, sharedNotificationReads, type NotificationReads, type NotificationTopic, type ReplyFormat } from "./replies";
import { deliverRequestUpdate } from "./request-delivery";
import type { SubscriberKeys } from "@/lib/sealing";
import type { OutboundSender } from "./types";

// One delivery job: everything pending for one subscriber or channel, written as one message
// from the state at sending time, sent, and only then removed. A crash after sending and before
// removing sends it again on retry (at least once); a crash before sending loses nothing.

export type Senders = { telegram: OutboundSender | null; sms: OutboundSender | null };

export type DeliveryOutcome = "sent" | "nothing" | "deferred" | "paused" | "recipientGone" | "noSender" | "expired";

type Recipient = { sealedAddress: string | null; plainAddress: string | null; locale: Locale; townSlugs: string[] | null; format: ReplyFormat; sender: OutboundSender | null; lastSentAt: Date | null; channelName: string; expired: boolean };

function asRecipient(row: DeliveryRecipientRow | null, senders: Senders, now: Date): Recipient | null {
  if (!row) return null;
  if (row.kind === "channel") {
    return { sealedAddress: null, plainAddress: row.chatId, locale: row.locale as Locale, townSlugs: null, format: "telegram", sender: senders.telegram, lastSentAt: row.lastSentAt, channelName: "telegram_channel", expired: false };
  }
  return {
    sealedAddress: row.addressSealed,
    plainAddress: null,
    locale: row.locale as Locale,
    townSlugs: row.townSlugs,
    format: row.channel === "sms" ? "sms" : "telegram",
    sender: senders[row.channel],
    lastSentAt: row.lastSentAt,
    channelName: row.channel,
    expired: row.lastActiveAt.getTime() < now.getTime() - SUBSCRIPTION_DAYS * 86_400_000,
  };
}

/** An error as the admin page may show it: its kind and text, with the address itself cut out. */
function describeFailure(error: unknown, address: string): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (address ? text.split(address).join("[recipient]") : text).slice(0, 500);
}

const recordFailure = (db: Db, channel: string, description: string, now: Date) => recordDeliveryFailure(db, { channel, description, now });

async function forget(db: Db, target: DeliveryTarget) {
  if (target.kind === "subscriber") await deleteSubscriber(db, { id: target.id });
  else await dropPendingMessages(db, target);
}

async function farewellText(db: Db, recipient: Recipient): Promise<string> {
  const t = replyTranslator(recipient.locale);
  const names = await listTownNamesBySlug(db, recipient.townSlugs ?? []);
  const list = names.map((n) => localizedName(n, recipient.locale)).join(", ");
  const first = names[0] ? (recipient.format === "sms" ? localizedName(names[0], recipient.locale) : names[0].slug) : "";
  return t(recipient.format === "sms" ? "expiredSms" : "expired", { towns: list, town: first });
}

export type DeliveryRequest = {
  target: DeliveryTarget;
  jobId: string;
  /** The job's place in its change's list: a delivery deferred for the gateway keeps it. */
  priority?: number;
};

type DeliveryOptions = { keys: SubscriberKeys | null; senders: Senders; now?: Date };

/** One delivery job; see deliverBatch. */
export async function deliver(db: Db, boss: PgBoss, { target, jobId, priority, ...options }: DeliveryRequest & DeliveryOptions): Promise<DeliveryOutcome> {
  const [result] = await deliverBatch(db, boss, [{ target, jobId, priority }], options);
  if (result!.status === "rejected") throw result!.reason;
  return result!.value;
}

/** A delivery up to its text: its recipient, its address and its claimed pending rows. */
type Prepared = { request: DeliveryRequest; recipient: Recipient & { sender: OutboundSender }; address: string; pending: Awaited<ReturnType<typeof claimPendingMessages>> };

/**
 * A batch of delivery jobs, each settled on its own (one job's error fails that job alone). The
 * database work is shared where it can be without changing what each job does: the pause and
 * the recipients are read once for the batch, and the public reads the texts are written from
 * once, after every job of the batch has claimed its pending rows (sharedNotificationReads).
 * The sends themselves go as the gateway's shared rate allows.
 */
export async function deliverBatch(db: Db, boss: PgBoss, requests: DeliveryRequest[], { keys, senders, now = new Date() }: DeliveryOptions): Promise<PromiseSettledResult<DeliveryOutcome>[]> {
  if (requests.length === 0) return [];
  if (await isMessagingPaused(db)) {
    // Held, not dropped: everything pending goes out once an admin resumes.
    return Promise.allSettled(
      requests.map(async ({ target, priority }) => {
        await db.transaction((tx) => queueDelivery(boss, tx, target, MIN_SECONDS_BETWEEN_MESSAGES, priority ?? 0));
        return "paused" as const;
      }),
    );
  }
  const rows = await getDeliveryRecipients(db, requests.map((r) => r.target));
  const prepared = await Promise.allSettled(
    requests.map((request, i) =>
      // A request's news goes to the one who asked, read from the request itself (request-delivery.ts).
      request.target.kind === "request"
        ? deliverRequestUpdate(db, boss, { target: request.target, jobId: request.jobId, priority: request.priority, senders, now })
        : prepare(db, boss, request, asRecipient(rows[i] ?? null, senders, now), keys, now),
    ),
  );
  const reads = sharedNotificationReads(db, now);
  const texts = textMemo();
  return Promise.allSettled(
    prepared.map(async (step) => {
      if (step.status === "rejected") throw step.reason;
      if (typeof step.value === "string") return step.value;
      return send(db, boss, step.value, reads, texts, now);
    }),
  );
}

async function prepare(db: Db, boss: PgBoss, request: DeliveryRequest, recipient: Recipient | null, keys: SubscriberKeys | null, now: Date): Promise<Prepared | DeliveryOutcome> {
  const { target, priority = 0 } = request;
  if (!recipient) return "nothing";
  const wait = recipient.lastSentAt ? recipient.lastSentAt.getTime() + MIN_SECONDS_BETWEEN_MESSAGES * 1000 - now.getTime() : 0;
  if (wait > 0) {
    await db.transaction((tx) => queueDelivery(boss, tx, target, wait / 1000, priority));
    return "deferred";
  }
  if (!recipient.sender) {
    await recordFailure(db, recipient.channelName, `No outbound ${recipient.channelName} gateway is configured; the message was dropped.`, now);
    await dropPendingMessages(db, target);
    return "noSender";
  }
  // Opened only now, with a sender to hand it to: a channel turned off never decrypts anything.
  if (recipient.sealedAddress !== null && !keys) throw new Error("SUBSCRIBER_KEY is needed to reach subscribers");
  const address = recipient.plainAddress ?? keys!.open(recipient.sealedAddress!);
  if (recipient.expired) {
    // A chat that only chose a language, or unsubscribed, follows no town: nothing ended, and a
    // farewell would name none ("Your subscription to  ended").
    if ((recipient.townSlugs ?? []).length > 0) await recipient.sender.send(address, await farewellText(db, recipient)).catch(() => {});
    await forget(db, target);
    return "expired";
  }
  const pending = await claimPendingMessages(db, target, request.jobId);
  if (pending.length === 0) return "nothing";
  return { request, recipient: { ...recipient, sender: recipient.sender }, address, pending };
}

/** The told-state key of each route topic's route as it reads now (routes gone are left out). */
async function currentRouteStates(reads: NotificationReads, topics: Array<PendingPayload & { kind: string; id: string }>, now: Date): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (const topic of topics) {
    if (topic.kind !== "route") continue;
    for (const slug of topic.townSlugs) {
      const route = (await reads.townView(slug))?.routes.find((r) => r.id === topic.id);
      if (!route) continue;
      states.set(topic.id, toldStateKey({ ...route, reasonCodes: route.statusReasonCodes, reason: route.statusReason, instructions: route.statusInstructions, flagged: route.flaggedForReview }, now));
      break;
    }
  }
  return states;
}

/** Texts written once per batch for the same topics, towns, language and form (a town's subscribers share a few). */
type TextMemo = (key: string, write: () => Promise<string | null>) => Promise<string | null>;

function textMemo(): TextMemo {
  const written = new Map<string, Promise<string | null>>();
  return (key, write) => {
    if (!written.has(key)) written.set(key, write());
    return written.get(key)!;
  };
}

async function send(db: Db, boss: PgBoss, { request, recipient, address, pending }: Prepared, reads: NotificationReads, texts: TextMemo, now: Date): Promise<DeliveryOutcome> {
  const { target, jobId, priority = 0 } = request;
  const all = pending.map((p) => ({ ...(p.payload ?? { townSlugs: [] }), kind: p.topicKind, id: p.topicId }) as PendingPayload & { kind: NotificationTopic["kind"]; id: string });
  // A route back at the state its recipient knows is left out: no message says nothing new.
  const states = await currentRouteStates(reads, all, now);
  const topics: NotificationTopic[] = all
    .filter((p) => p.kind !== "route" || !states.has(p.id) || isNews(states.get(p.id)!, p.told))
    .map((p) => ({ kind: p.kind, id: p.id, townSlugs: p.townSlugs, routeIds: p.routeIds, withdrawnWindow: p.withdrawnWindow }));
  const text = topics.length === 0 ? null : await texts(JSON.stringify([topics, recipient.townSlugs, recipient.locale, recipient.format]), () => notificationText(db, { topics, townSlugs: recipient.townSlugs, locale: recipient.locale, now, format: recipient.format, reads }));
  if (text === null) {
    await deletePendingMessages(db, pending.map((p) => p.id));
    return "nothing";
  }
  try {
    await recipient.sender.send(address, text);
  } catch (error) {
    if (error instanceof RecipientGoneError) {
      await forget(db, target);
      if (target.kind === "channel") await recordFailure(db, recipient.channelName, describeFailure(error, address), now);
      return "recipientGone";
    }
    if (!(error instanceof SendRateWaitError)) await recordFailure(db, recipient.channelName, describeFailure(error, address), now);
    if (error instanceof RetryLaterError) {
      // The gateway said when: a new job then (the pending rows stay), this one ends quietly.
      // Its place is kept: deferred as 0, a backlog's late recipients would overtake the first
      // recipients of a newer change, which the priorities exist to prevent.
      await db.transaction((tx) => queueDelivery(boss, tx, target, error.retryAfterSeconds, priority));
      return "deferred";
    }
    throw new Error(describeFailure(error, address));
  }
  await completeDelivery(db, { target, pendingIds: pending.map((p) => p.id), jobId, now, told: Object.fromEntries(states) });
  return "sent";
}
