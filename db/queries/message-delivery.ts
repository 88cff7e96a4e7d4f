import "server-only";
import { asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { MessageChannel } from "@/lib/enum-values";
import type { Db } from "../client";
import { messagePending, messagingFailures, messagingState, subscribers, subscriptions, telegramChannels } from "../schema/messaging";
import { towns } from "../schema/places";

// What one delivery job reads and writes (server/messaging/delivery.ts runs them): its
// recipient, the pending rows it sends from, and the failures the admin page counts. No staff
// actor: the worker acts for the system, and nothing here reveals an address in clear.

export type DeliveryTargetRef = { kind: "subscriber" | "channel" | "request"; id: string };

const pendingOf = (target: DeliveryTargetRef) =>
  target.kind === "subscriber" ? eq(messagePending.subscriberId, target.id) : target.kind === "channel" ? eq(messagePending.channelId, target.id) : eq(messagePending.requestId, target.id);

export async function isMessagingPaused(db: Db): Promise<boolean> {
  const [state] = await db.select({ paused: messagingState.paused }).from(messagingState).where(eq(messagingState.id, 1));
  return state?.paused ?? false;
}

export type DeliveryRecipientRow =
  | { kind: "channel"; chatId: string; locale: string; lastSentAt: Date | null }
  | { kind: "subscriber"; channel: MessageChannel; addressSealed: string; locale: string; lastSentAt: Date | null; lastActiveAt: Date; townSlugs: string[] };

/** A channel or subscriber as a delivery needs it (a subscriber's towns by slug); null once gone. */
export async function getDeliveryRecipient(db: Db, target: DeliveryTargetRef): Promise<DeliveryRecipientRow | null> {
  return (await getDeliveryRecipients(db, [target]))[0] ?? null;
}

/**
 * The recipients of a batch of deliveries, in its order (null for one gone), in at most three
 * queries whatever the batch's size: a fan-out spent most of its database time here, per message.
 */
export async function getDeliveryRecipients(db: Db, targets: DeliveryTargetRef[]): Promise<(DeliveryRecipientRow | null)[]> {
  const subscriberIds = targets.filter((t) => t.kind === "subscriber").map((t) => t.id);
  const channelIds = targets.filter((t) => t.kind === "channel").map((t) => t.id);
  const [subscriberRows, followed, channelRows] = await Promise.all([
    subscriberIds.length ? db.select().from(subscribers).where(inArray(subscribers.id, subscriberIds)) : [],
    subscriberIds.length
      ? db
          .select({ subscriberId: subscriptions.subscriberId, slug: towns.slug })
          .from(subscriptions)
          .innerJoin(towns, eq(subscriptions.townId, towns.id))
          .where(inArray(subscriptions.subscriberId, subscriberIds))
          .orderBy(asc(towns.slug))
      : [],
    channelIds.length ? db.select().from(telegramChannels).where(inArray(telegramChannels.id, channelIds)) : [],
  ]);
  const subscriberById = new Map(subscriberRows.map((s) => [s.id, s]));
  const channelById = new Map(channelRows.map((c) => [c.id, c]));
  return targets.map((target): DeliveryRecipientRow | null => {
    if (target.kind === "request") return null; // a requester is read by request-notifications.ts
    if (target.kind === "channel") {
      const channel = channelById.get(target.id);
      return channel ? { kind: "channel", chatId: channel.chatId, locale: channel.locale, lastSentAt: channel.lastSentAt } : null;
    }
    const subscriber = subscriberById.get(target.id);
    if (!subscriber) return null;
    return {
      kind: "subscriber",
      channel: subscriber.channel as MessageChannel,
      addressSealed: subscriber.addressSealed,
      locale: subscriber.locale,
      lastSentAt: subscriber.lastSentAt,
      lastActiveAt: subscriber.lastActiveAt,
      townSlugs: followed.filter((f) => f.subscriberId === subscriber.id).map((f) => f.slug),
    };
  });
}

/** Counts a failed send for the admin page; `description` must already name no address. */
export async function recordDeliveryFailure(db: Db, { channel, description, now }: { channel: string; description: string; now: Date }): Promise<void> {
  await db
    .insert(messagingFailures)
    .values({ channel, failures: 1, lastError: description, lastErrorAt: now })
    .onConflictDoUpdate({ target: messagingFailures.channel, set: { failures: sql`${messagingFailures.failures} + 1`, lastError: description, lastErrorAt: now } });
}

/** Everything pending for a recipient, dropped unsent (no gateway for it, or a channel gone). */
export async function dropPendingMessages(db: Db, target: DeliveryTargetRef): Promise<void> {
  await db.delete(messagePending).where(pendingOf(target));
}

/** Marks everything pending for a recipient as this job's and returns it. */
export async function claimPendingMessages(db: Db, target: DeliveryTargetRef, jobId: string) {
  return db.update(messagePending).set({ claimedBy: jobId }).where(pendingOf(target)).returning();
}

export async function deletePendingMessages(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.delete(messagePending).where(inArray(messagePending.id, ids));
}

/**
 * After the gateway accepted the message: its pending rows go, and the recipient's last message
 * is now. A row changed again while the message was on its way was released by the relay
 * (claimed_by cleared): it stays, and the next message tells the newer state; what the recipient
 * knows of those routes is now what this message told (`told`: route id to its state's key).
 */
export async function completeDelivery(
  db: Db,
  { target, pendingIds, jobId, now, told = {} }: { target: DeliveryTargetRef; pendingIds: number[]; jobId: string; now: Date; told?: Record<string, string> },
): Promise<void> {
  // One statement, so one round trip and atomic without a transaction of its own: this runs
  // once per message sent, at the gateway's rate.
  const toldJson = JSON.stringify(told);
  // A requester has no row of their own to stamp: their request is the target.
  const stamp =
    target.kind === "request"
      ? sql`select 1`
      : sql`update ${target.kind === "subscriber" ? subscribers : telegramChannels} set last_sent_at = ${now.toISOString()}::timestamptz where id = ${target.id}`;
  await db.execute(sql`
    with done as (
      delete from ${messagePending} where ${inArray(messagePending.id, pendingIds.length ? pendingIds : [-1])} and ${messagePending.claimedBy} = ${jobId}
    ), known as (
      update ${messagePending} set payload = coalesce(${messagePending.payload}, '{}'::jsonb) || jsonb_build_object('told', ${toldJson}::jsonb -> (${messagePending.topicId}::text))
      where ${pendingOf(target)} and ${messagePending.topicKind} = 'route' and ${messagePending.claimedBy} is distinct from ${jobId}::uuid
        and ${toldJson}::jsonb ? (${messagePending.topicId}::text)
    )
    ${stamp}`);
}

/** Towns by slug, with their names in every language, for a message that names them. */
export async function listTownNamesBySlug(db: Db, slugs: string[]) {
  if (slugs.length === 0) return [];
  return db.select().from(towns).where(inArray(towns.slug, slugs)).orderBy(asc(towns.slug));
}

/**
 * Stores the subscriber key's check value if none is stored yet, and returns the stored one: a
 * different value means the addresses were sealed with another key.
 */
export async function storeSubscriberKeyCheck(db: Db, check: string): Promise<string | null> {
  await db.update(messagingState).set({ keyCheck: check }).where(isNull(messagingState.keyCheck));
  const [state] = await db.select({ keyCheck: messagingState.keyCheck }).from(messagingState).where(eq(messagingState.id, 1));
  return state?.keyCheck ?? null;
}
