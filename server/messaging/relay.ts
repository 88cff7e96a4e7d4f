import "server-only";
import type PgBoss from "pg-boss";
import { and, asc, eq, gt, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { rowsOf } from "@/db/client";
import { agreementRoutes, corridorAgreements } from "@/db/schema/agreements";
import { messageOutbox, messagePending, messagingState, subscribers, subscriptions, telegramChannels, type MessageTopicPayload } from "@/db/schema/messaging";
import { areaNotices, towns } from "@/db/schema/places";
import { routes } from "@/db/schema/routes";
import { SUBSCRIPTION_DAYS } from "@/db/queries/subscribers";
import type { MessageTopicKind } from "@/lib/enum-values";
import { queueDelivery, type DeliveryTarget } from "./queue";
import type { NotificationTopic } from "./replies";

// The relay between the outbox (filled by triggers, migration 0009) and the delivery queue. It
// works out which towns a change is about and who follows them, records one pending row per
// recipient and topic (a topic already pending is not added twice: changes within a minute
// merge), and queues one delivery per recipient — all in one transaction with deleting the
// outbox rows, so a crash anywhere leaves either everything to do again or nothing.

const BATCH = 100;
/** A recipient hears at most one message a minute. */
export const MIN_SECONDS_BETWEEN_MESSAGES = 60;

export type PendingPayload = Required<Pick<NotificationTopic, "townSlugs">> & MessageTopicPayload & { routeIds?: string[] };

/** Which towns (by slug) and routes a topic concerns, as things stand now. */
async function topicScope(tx: Tx, kind: MessageTopicKind, id: string): Promise<{ townSlugs: string[]; routeIds: string[] }> {
  if (kind === "route") {
    const rows = await tx.select({ slug: towns.slug }).from(routes).innerJoin(towns, eq(routes.originTownId, towns.id)).where(eq(routes.id, id));
    return { townSlugs: rows.map((r) => r.slug), routeIds: [id] };
  }
  if (kind === "agreement") {
    const rows = await tx
      .select({ routeId: routes.id, slug: towns.slug })
      .from(agreementRoutes)
      .innerJoin(routes, eq(agreementRoutes.routeId, routes.id))
      .innerJoin(towns, eq(routes.originTownId, towns.id))
      .where(eq(agreementRoutes.agreementId, id));
    return { townSlugs: [...new Set(rows.map((r) => r.slug))], routeIds: rows.map((r) => r.routeId) };
  }
  // A notice about a town reaches that town's subscribers; one about an oblast, every town in it.
  const rows = rowsOf<{ slug: string }>(
    await tx.execute(sql`
      select t.slug from ${areaNotices} n join ${towns} t on t.id = n.town_id or t.oblast_id = n.oblast_id where n.id = ${id}`),
  );
  return { townSlugs: [...new Set(rows.map((r) => r.slug))], routeIds: [] };
}

type Recipient = DeliveryTarget & { lastSentAt: Date | null };

async function recipientsOf(tx: Tx, townSlugs: string[], channels: Recipient[]): Promise<Recipient[]> {
  const subs =
    townSlugs.length === 0
      ? []
      : await tx
          .selectDistinct({ id: subscribers.id, lastSentAt: subscribers.lastSentAt })
          .from(subscriptions)
          .innerJoin(subscribers, eq(subscriptions.subscriberId, subscribers.id))
          .innerJoin(towns, eq(subscriptions.townId, towns.id))
          .where(inArray(towns.slug, townSlugs));
  // An organisation's channel hears every public change, whichever town; first, as one post
  // reaches all its readers at once.
  return [...(townSlugs.length === 0 ? [] : channels), ...subs.map((s) => ({ kind: "subscriber" as const, ...s }))];
}

function secondsUntilAllowed(lastSentAt: Date | null, now: Date): number {
  if (!lastSentAt) return 0;
  return Math.max(0, (lastSentAt.getTime() + MIN_SECONDS_BETWEEN_MESSAGES * 1000 - now.getTime()) / 1000);
}

/** Moves one batch from the outbox to pending rows and delivery jobs. Returns how many outbox rows it took. */
export async function relayOutbox(db: Db, boss: PgBoss, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    // SKIP LOCKED: instances relaying at the same time take different rows, never the same twice.
    const rows = rowsOf<{ id: number; topic_kind: MessageTopicKind; topic_id: string; payload: MessageTopicPayload | null }>(
      await tx.execute(sql`select id, topic_kind, topic_id, payload from ${messageOutbox} order by id limit ${BATCH} for update skip locked`),
    );
    if (rows.length === 0) return 0;
    // A recipient's place in its change's list becomes its job's priority (0, -1, -2 …): the
    // first recipients of every change go before the rest of any earlier change, so a new change
    // in another town overtakes a backlog instead of waiting behind it (round robin by change).
    const queued = new Map<string, Recipient & { priority: number }>();
    // The linked channels, read once per batch: every topic with a town goes to all of them.
    const channels: Recipient[] = (await tx.select({ id: telegramChannels.id, lastSentAt: telegramChannels.lastSentAt }).from(telegramChannels)).map((c) => ({
      kind: "channel" as const,
      ...c,
    }));
    for (const row of rows) {
      const scope = await topicScope(tx, row.topic_kind, row.topic_id);
      const payload: PendingPayload = { ...(row.payload ?? {}), townSlugs: scope.townSlugs, routeIds: scope.routeIds };
      for (const [place, target] of (await recipientsOf(tx, scope.townSlugs, channels)).entries()) {
        const column = target.kind === "subscriber" ? messagePending.subscriberId : messagePending.channelId;
        await tx
          .insert(messagePending)
          .values({ [target.kind === "subscriber" ? "subscriberId" : "channelId"]: target.id, topicKind: row.topic_kind, topicId: row.topic_id, payload, createdAt: now })
          .onConflictDoUpdate({
            target: [column, messagePending.topicKind, messagePending.topicId],
            targetWhere: isNotNull(column),
            // The newest scope wins (a withdrawn window after its agreement), the row stays one.
            set: { payload, claimedBy: null },
          });
        const key = `${target.kind}:${target.id}`;
        if (!queued.has(key)) queued.set(key, { ...target, priority: -place });
      }
    }
    for (const target of queued.values()) await queueDelivery(boss, tx, target, secondsUntilAllowed(target.lastSentAt, now), target.priority);
    await tx.delete(messageOutbox).where(inArray(messageOutbox.id, rows.map((r) => Number(r.id))));
    return rows.length;
  });
}

/**
 * Queues what time alone changes: a status whose confirmation lapsed (now "unconfirmed"), a
 * corridor window that opened, a notice whose start came; and a delivery for each subscriber
 * silent for 30 days (told their subscription ended, then deleted). Covers the time since the
 * last sweep, by any instance, exactly once (the state row is locked while it runs).
 */
export async function sweepTimeBased(db: Db, boss: PgBoss, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [state] = rowsOf<{ swept_until: Date | string | null }>(
      await tx.execute(sql`select swept_until from ${messagingState} where id = 1 for update skip locked`),
    );
    if (!state) return; // another instance is sweeping
    const from = state.swept_until ? new Date(state.swept_until) : null;
    await tx.update(messagingState).set({ sweptUntil: now }).where(eq(messagingState.id, 1));
    if (!from || from >= now) return; // the first sweep only starts the clock: nothing before it is news
    const lapsed = await tx
      .select({ id: routes.id })
      .from(routes)
      .where(
        and(
          isNotNull(routes.statusConfirmedAt),
          // Fresh at the last sweep, stale now, by lib/freshness.ts's edge: a status is fresh up to and
          // including confirmation + window, stale after it (freshness-edge.db.test.ts holds both to it).
          // Plain SQL with instants as text: postgres.js binds a Date only against a typed column.
          sql`${routes.statusConfirmedAt} + make_interval(hours => ${routes.freshnessWindowHours}) >= ${from.toISOString()}::timestamptz`,
          sql`${routes.statusConfirmedAt} + make_interval(hours => ${routes.freshnessWindowHours}) < ${now.toISOString()}::timestamptz`,
        ),
      );
    const opened = await tx
      .select({ id: corridorAgreements.id })
      .from(corridorAgreements)
      .where(and(eq(corridorAgreements.state, "agreed"), gt(corridorAgreements.windowStart, from), lte(corridorAgreements.windowStart, now)));
    const started = await tx
      .select({ id: areaNotices.id })
      .from(areaNotices)
      .where(and(gt(areaNotices.issuedAt, from), lte(areaNotices.issuedAt, now), lt(areaNotices.createdAt, areaNotices.issuedAt)));
    const topics = [
      ...lapsed.map((r) => ({ topicKind: "route" as const, topicId: r.id })),
      ...opened.map((r) => ({ topicKind: "agreement" as const, topicId: r.id })),
      ...started.map((r) => ({ topicKind: "notice" as const, topicId: r.id })),
    ];
    if (topics.length > 0) await tx.insert(messageOutbox).values(topics.map((t) => ({ ...t, createdAt: now })));
    const expired = await tx
      .select({ id: subscribers.id })
      .from(subscribers)
      .where(lt(subscribers.lastActiveAt, new Date(now.getTime() - SUBSCRIPTION_DAYS * 86_400_000)))
      .orderBy(asc(subscribers.lastActiveAt))
      .limit(500);
    for (const s of expired) await queueDelivery(boss, tx, { kind: "subscriber", id: s.id }, 0);
  });
}
