import "server-only";
import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import {
  claimPendingMessages,
  completeDelivery,
  deletePendingMessages,
  dropPendingMessages,
  getDeliveryRecipient,
  isMessagingPaused,
  listTownNamesBySlug,
  recordDeliveryFailure,
} from "@/db/queries/message-delivery";
import { deleteSubscriber, SUBSCRIPTION_DAYS } from "@/db/queries/subscribers";
import type { Locale } from "@/i18n/routing";
import { localizedName } from "@/lib/localized-name";
import { RecipientGoneError, RetryLaterError, SendRateWaitError } from "./delivery-errors";
import { queueDelivery, type DeliveryTarget } from "./queue";
import { MIN_SECONDS_BETWEEN_MESSAGES, type PendingPayload } from "./relay";
import { notificationText, replyTranslator, type NotificationTopic, type ReplyFormat } from "./replies";
import { deliverRequestUpdate } from "./request-delivery";
import type { SubscriberKeys } from "@/lib/sealing";
import type { OutboundSender } from "./types";

// One delivery job: everything pending for one subscriber or channel, written as one message
// from the state at sending time, sent, and only then removed. A crash after sending and before
// removing sends it again on retry (at least once); a crash before sending loses nothing.

export type Senders = { telegram: OutboundSender | null; sms: OutboundSender | null };

export type DeliveryOutcome = "sent" | "nothing" | "deferred" | "paused" | "recipientGone" | "noSender" | "expired";

type Recipient = { sealedAddress: string | null; plainAddress: string | null; locale: Locale; townSlugs: string[] | null; format: ReplyFormat; sender: OutboundSender | null; lastSentAt: Date | null; channelName: string; expired: boolean };

async function loadRecipient(db: Db, senders: Senders, target: DeliveryTarget, now: Date): Promise<Recipient | null> {
  const row = await getDeliveryRecipient(db, target);
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

export async function deliver(
  db: Db,
  boss: PgBoss,
  {
    target,
    jobId,
    priority = 0,
    keys,
    senders,
    now = new Date(),
  }: {
    target: DeliveryTarget;
    jobId: string;
    /** The job's place in its change's list: a delivery deferred for the gateway keeps it. */
    priority?: number;
    keys: SubscriberKeys | null;
    senders: Senders;
    now?: Date;
  },
): Promise<DeliveryOutcome> {
  if (await isMessagingPaused(db)) {
    // Held, not dropped: everything pending goes out once an admin resumes.
    await db.transaction((tx) => queueDelivery(boss, tx, target, MIN_SECONDS_BETWEEN_MESSAGES));
    return "paused";
  }
  if (target.kind === "request") return deliverRequestUpdate(db, boss, { target, jobId, priority, senders, now });
  const recipient = await loadRecipient(db, senders, target, now);
  if (!recipient) return "nothing";
  const wait = recipient.lastSentAt ? recipient.lastSentAt.getTime() + MIN_SECONDS_BETWEEN_MESSAGES * 1000 - now.getTime() : 0;
  if (wait > 0) {
    await db.transaction((tx) => queueDelivery(boss, tx, target, wait / 1000));
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

  const pending = await claimPendingMessages(db, target, jobId);
  if (pending.length === 0) return "nothing";
  const topics: NotificationTopic[] = pending.map((p) => {
    const payload = (p.payload ?? { townSlugs: [] }) as PendingPayload;
    return { kind: p.topicKind, id: p.topicId, townSlugs: payload.townSlugs, routeIds: payload.routeIds, withdrawnWindow: payload.withdrawnWindow };
  });
  const text = await notificationText(db, { topics, townSlugs: recipient.townSlugs, locale: recipient.locale, now, format: recipient.format });
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
  await completeDelivery(db, { target, pendingIds: pending.map((p) => p.id), jobId, now });
  return "sent";
}
