import "server-only";
import type PgBoss from "pg-boss";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messagePending, messagingFailures, messagingState, subscribers, subscriptions, telegramChannels } from "@/db/schema/messaging";
import { towns } from "@/db/schema/places";
import { SUBSCRIPTION_DAYS } from "@/db/queries/subscribers";
import type { Locale } from "@/i18n/routing";
import { localizedName } from "@/lib/localized-name";
import { RecipientGoneError, RetryLaterError, SendRateWaitError } from "./delivery-errors";
import { queueDelivery, type DeliveryTarget } from "./queue";
import { MIN_SECONDS_BETWEEN_MESSAGES, type PendingPayload } from "./relay";
import { notificationText, replyTranslator, type NotificationTopic, type ReplyFormat } from "./replies";
import type { SubscriberKeys } from "./subscriber-crypto";
import type { OutboundSender } from "./types";

// One delivery job: everything pending for one subscriber or channel, written as one message
// from the state at sending time, sent, and only then removed. A crash after sending and before
// removing sends it again on retry (at least once); a crash before sending loses nothing.

export type Senders = { telegram: OutboundSender | null; sms: OutboundSender | null };

export type DeliveryOutcome = "sent" | "nothing" | "deferred" | "paused" | "recipientGone" | "noSender" | "expired";

type Recipient = { sealedAddress: string | null; plainAddress: string | null; locale: Locale; townSlugs: string[] | null; format: ReplyFormat; sender: OutboundSender | null; lastSentAt: Date | null; channelName: string; expired: boolean };

async function loadRecipient(db: Db, senders: Senders, target: DeliveryTarget, now: Date): Promise<Recipient | null> {
  if (target.kind === "channel") {
    const [channel] = await db.select().from(telegramChannels).where(eq(telegramChannels.id, target.id));
    if (!channel) return null;
    return { sealedAddress: null, plainAddress: channel.chatId, locale: channel.locale as Locale, townSlugs: null, format: "telegram", sender: senders.telegram, lastSentAt: channel.lastSentAt, channelName: "telegram_channel", expired: false };
  }
  const [subscriber] = await db.select().from(subscribers).where(eq(subscribers.id, target.id));
  if (!subscriber) return null;
  const followed = await db
    .select({ slug: towns.slug })
    .from(subscriptions)
    .innerJoin(towns, eq(subscriptions.townId, towns.id))
    .where(eq(subscriptions.subscriberId, subscriber.id))
    .orderBy(asc(towns.slug));
  return {
    sealedAddress: subscriber.addressSealed,
    plainAddress: null,
    locale: subscriber.locale as Locale,
    townSlugs: followed.map((f) => f.slug),
    format: subscriber.channel === "sms" ? "sms" : "telegram",
    sender: senders[subscriber.channel],
    lastSentAt: subscriber.lastSentAt,
    channelName: subscriber.channel,
    expired: subscriber.lastActiveAt.getTime() < now.getTime() - SUBSCRIPTION_DAYS * 86_400_000,
  };
}

/** An error as the admin page may show it: its kind and text, with the address itself cut out. */
function describeFailure(error: unknown, address: string): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (address ? text.split(address).join("[recipient]") : text).slice(0, 500);
}

async function recordFailure(db: Db, channel: string, description: string, now: Date) {
  await db
    .insert(messagingFailures)
    .values({ channel, failures: 1, lastError: description, lastErrorAt: now })
    .onConflictDoUpdate({ target: messagingFailures.channel, set: { failures: sql`${messagingFailures.failures} + 1`, lastError: description, lastErrorAt: now } });
}

async function forget(db: Db, target: DeliveryTarget) {
  if (target.kind === "subscriber") await db.delete(subscribers).where(eq(subscribers.id, target.id));
  else await db.delete(messagePending).where(eq(messagePending.channelId, target.id));
}

async function farewellText(db: Db, recipient: Recipient): Promise<string> {
  const t = replyTranslator(recipient.locale);
  const names = await db.select().from(towns).where(inArray(towns.slug, recipient.townSlugs ?? []));
  const list = names.map((n) => localizedName(n, recipient.locale)).join(", ");
  const first = names[0] ? (recipient.format === "sms" ? localizedName(names[0], recipient.locale) : names[0].slug) : "";
  return t(recipient.format === "sms" ? "expiredSms" : "expired", { towns: list, town: first });
}

export async function deliver(
  db: Db,
  boss: PgBoss,
  { target, jobId, keys, senders, now = new Date() }: { target: DeliveryTarget; jobId: string; keys: SubscriberKeys | null; senders: Senders; now?: Date },
): Promise<DeliveryOutcome> {
  const [state] = await db.select({ paused: messagingState.paused }).from(messagingState).where(eq(messagingState.id, 1));
  if (state?.paused) {
    // Held, not dropped: everything pending goes out once an admin resumes.
    await db.transaction((tx) => queueDelivery(boss, tx, target, MIN_SECONDS_BETWEEN_MESSAGES));
    return "paused";
  }
  const recipient = await loadRecipient(db, senders, target, now);
  if (!recipient) return "nothing";
  const wait = recipient.lastSentAt ? recipient.lastSentAt.getTime() + MIN_SECONDS_BETWEEN_MESSAGES * 1000 - now.getTime() : 0;
  if (wait > 0) {
    await db.transaction((tx) => queueDelivery(boss, tx, target, wait / 1000));
    return "deferred";
  }
  if (!recipient.sender) {
    await recordFailure(db, recipient.channelName, `No outbound ${recipient.channelName} gateway is configured; the message was dropped.`, now);
    await db.delete(messagePending).where(target.kind === "subscriber" ? eq(messagePending.subscriberId, target.id) : eq(messagePending.channelId, target.id));
    return "noSender";
  }
  // Opened only now, with a sender to hand it to: a channel turned off never decrypts anything.
  if (recipient.sealedAddress !== null && !keys) throw new Error("SUBSCRIBER_KEY is needed to reach subscribers");
  const address = recipient.plainAddress ?? keys!.open(recipient.sealedAddress!);
  if (recipient.expired) {
    await recipient.sender.send(address, await farewellText(db, recipient)).catch(() => {});
    await forget(db, target);
    return "expired";
  }

  const pending = await db
    .update(messagePending)
    .set({ claimedBy: jobId })
    .where(target.kind === "subscriber" ? eq(messagePending.subscriberId, target.id) : eq(messagePending.channelId, target.id))
    .returning();
  if (pending.length === 0) return "nothing";
  const topics: NotificationTopic[] = pending.map((p) => {
    const payload = (p.payload ?? { townSlugs: [] }) as PendingPayload;
    return { kind: p.topicKind, id: p.topicId, townSlugs: payload.townSlugs, routeIds: payload.routeIds, withdrawnWindow: payload.withdrawnWindow };
  });
  const text = await notificationText(db, { topics, townSlugs: recipient.townSlugs, locale: recipient.locale, now, format: recipient.format });
  const done = async () => {
    await db.transaction(async (tx) => {
      // A row changed again while this message was on its way was released by the relay (claimed_by
      // cleared): it stays, and the next message tells the newer state.
      await tx.delete(messagePending).where(and(inArray(messagePending.id, pending.map((p) => p.id)), eq(messagePending.claimedBy, jobId)));
      if (target.kind === "subscriber") await tx.update(subscribers).set({ lastSentAt: now }).where(eq(subscribers.id, target.id));
      else await tx.update(telegramChannels).set({ lastSentAt: now }).where(eq(telegramChannels.id, target.id));
    });
  };
  if (text === null) {
    await db.delete(messagePending).where(inArray(messagePending.id, pending.map((p) => p.id)));
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
      await db.transaction((tx) => queueDelivery(boss, tx, target, error.retryAfterSeconds));
      return "deferred";
    }
    throw new Error(describeFailure(error, address));
  }
  await done();
  return "sent";
}
