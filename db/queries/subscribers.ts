import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Locale } from "@/i18n/routing";
import type { MessageChannel } from "@/lib/enum-values";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { subscribers, subscriptions } from "../schema/messaging";
import { towns } from "../schema/places";

// Residents' own subscriptions, written on their behalf by a messaging webhook that the channel
// authenticated (Telegram's secret token, the SMS gateway's signature): there is no staff actor
// and no audit row, because an audit row would be a list of people waiting to leave. The caller
// passes the address already sealed and hashed (lib/sealing.ts).

export type SubscriberAddress = { channel: MessageChannel; addressHash: string };
export type SealedSubscriberAddress = SubscriberAddress & { addressSealed: string };

/** At most this many towns per subscriber: enough for a family's towns, not a scraper's list. */
export const MAX_TOWNS_PER_SUBSCRIBER = 5;

/** How long a subscription lasts after the resident last wrote to us. */
export const SUBSCRIPTION_DAYS = 30;

export type SubscriberView = { id: string; locale: Locale; townSlugs: string[] };

const byAddress = (a: SubscriberAddress) => and(eq(subscribers.channel, a.channel), eq(subscribers.addressHash, a.addressHash));

export async function getSubscriber(db: Db, address: SubscriberAddress): Promise<SubscriberView | null> {
  const [row] = await db.select({ id: subscribers.id, locale: subscribers.locale }).from(subscribers).where(byAddress(address)).limit(1);
  if (!row) return null;
  const rows = await db
    .select({ slug: towns.slug })
    .from(subscriptions)
    .innerJoin(towns, eq(subscriptions.townId, towns.id))
    .where(eq(subscriptions.subscriberId, row.id))
    .orderBy(asc(subscriptions.createdAt), asc(towns.slug));
  return { id: row.id, locale: row.locale as Locale, townSlugs: rows.map((r) => r.slug) };
}

/** Creates the subscriber if new (in `locale`), or marks them active; returns their id. */
async function upsertSubscriber(db: Pick<Db, "insert">, address: SealedSubscriberAddress, locale: Locale, now: Date, setLocale: boolean): Promise<string> {
  const [row] = await db
    .insert(subscribers)
    .values({ ...address, locale, createdAt: now, lastActiveAt: now })
    .onConflictDoUpdate({
      target: [subscribers.channel, subscribers.addressHash],
      set: setLocale ? { lastActiveAt: now, locale } : { lastActiveAt: now },
    })
    .returning({ id: subscribers.id });
  return row!.id;
}

export type SubscribeResult = { outcome: "subscribed" | "alreadySubscribed" | "tooManyTowns" | "noSuchTown"; townSlugs: string[] };

export async function subscribeToTown(
  db: Db,
  { address, townSlug, locale, now }: { address: SealedSubscriberAddress; townSlug: string; locale: Locale; now: Date },
): Promise<SubscribeResult> {
  return db.transaction(async (tx) => {
    const [town] = await tx.select({ id: towns.id }).from(towns).where(eq(towns.slug, townSlug)).limit(1);
    if (!town) return { outcome: "noSuchTown", townSlugs: [] };
    const subscriberId = await upsertSubscriber(tx, address, locale, now, false);
    // One subscriber's subscriptions are written one at a time: the limit cannot be raced past.
    await tx.execute(sql`select id from subscribers where id = ${subscriberId} for update`);
    const existing = await tx
      .select({ townId: subscriptions.townId, slug: towns.slug })
      .from(subscriptions)
      .innerJoin(towns, eq(subscriptions.townId, towns.id))
      .where(eq(subscriptions.subscriberId, subscriberId));
    const slugs = existing.map((e) => e.slug);
    if (existing.some((e) => e.townId === town.id)) return { outcome: "alreadySubscribed", townSlugs: slugs };
    if (existing.length >= MAX_TOWNS_PER_SUBSCRIBER) return { outcome: "tooManyTowns", townSlugs: slugs };
    await tx.insert(subscriptions).values({ subscriberId, townId: town.id, createdAt: now });
    return { outcome: "subscribed", townSlugs: [...slugs, townSlug] };
  });
}

/** Ends one town's subscription, or every one with `townSlug` null (the subscriber row stays, with its language). */
export async function unsubscribeFromTown(db: Db, { address, townSlug, now }: { address: SubscriberAddress; townSlug: string | null; now: Date }): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(subscribers).set({ lastActiveAt: now }).where(byAddress(address)).returning({ id: subscribers.id });
    if (!row) return 0;
    const townFilter = townSlug === null ? undefined : sql`${subscriptions.townId} in (select id from towns where slug = ${townSlug})`;
    const removed = await tx.delete(subscriptions).where(and(eq(subscriptions.subscriberId, row.id), townFilter)).returning({ townId: subscriptions.townId });
    return removed.length;
  });
}

/**
 * The subscriber, their subscriptions and anything queued for them, gone at once: by address on
 * STOP, by id when the gateway says the address is gone for good or the subscription lapsed.
 * The only place a subscriber is deleted (the foreign keys cascade to the rest).
 */
export async function deleteSubscriber(db: Db, who: SubscriberAddress | { id: string }): Promise<boolean> {
  const removed = await db
    .delete(subscribers)
    .where("id" in who ? eq(subscribers.id, who.id) : byAddress(who))
    .returning({ id: subscribers.id });
  return removed.length > 0;
}

/** The language every later message to this address is written in. */
export async function setSubscriberLocale(db: Db, { address, locale, now }: { address: SealedSubscriberAddress; locale: Locale; now: Date }): Promise<void> {
  await upsertSubscriber(db, address, locale, now, true);
}

/** A resident who writes to us is active: their subscription's 30 days start again. */
export async function touchSubscriber(db: Db, { address, now }: { address: SubscriberAddress; now: Date }): Promise<void> {
  await db.update(subscribers).set({ lastActiveAt: now }).where(byAddress(address));
}

/** For the admin page: how many subscribers per town and channel; never who. */
export async function countSubscriptionsByTown(
  db: Db,
  actor: SessionUser | null,
): Promise<Array<{ townSlug: string; nameUk: string; nameRu: string; nameEn: string; channel: MessageChannel; subscribers: number }>> {
  assertRole(actor, "admin");
  const rows = await db
    .select({ townSlug: towns.slug, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn, channel: subscribers.channel, subscribers: count() })
    .from(subscriptions)
    .innerJoin(subscribers, eq(subscriptions.subscriberId, subscribers.id))
    .innerJoin(towns, eq(subscriptions.townId, towns.id))
    .groupBy(towns.slug, towns.nameUk, towns.nameRu, towns.nameEn, subscribers.channel)
    .orderBy(asc(towns.slug), asc(subscribers.channel));
  return rows.map((r) => ({ ...r, subscribers: Number(r.subscribers) }));
}
