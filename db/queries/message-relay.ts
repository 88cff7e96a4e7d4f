import "server-only";
import { and, asc, eq, gt, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { MessageTopicKind } from "@/lib/enum-values";
import { rowsOf, type Tx } from "../client";
import { agreementRoutes, corridorAgreements } from "../schema/agreements";
import { messageOutbox, messagePending, messagingState, subscribers, subscriptions, telegramChannels, type MessageTopicPayload } from "../schema/messaging";
import { areaNotices, towns } from "../schema/places";
import { routes } from "../schema/routes";

// What the messaging relay and its time sweep read and write (server/messaging/relay.ts runs
// them, in its own transactions): the outbox the triggers fill, who follows which town, and the
// pending rows each delivery job sends from. No staff actor: the worker acts for the system.

export type OutboxRow = {
  id: number;
  topicKind: MessageTopicKind;
  topicId: string;
  payload: MessageTopicPayload | null;
  createdAt: Date;
  /** Recipients already queued by earlier transactions (a large change is relayed in several). */
  relayedCount: number;
  /** The last subscriber, in id order, already queued; null before the first. */
  relayedThrough: string | null;
};

/**
 * Takes up to `limit` outbox rows: changes not yet begun first, then those under way, each oldest
 * first, so a new change is not queued behind the rest of a large one. SKIP LOCKED, so instances
 * relaying at once take different rows.
 */
export async function claimOutboxRows(tx: Tx, limit: number): Promise<OutboxRow[]> {
  const rows = rowsOf<{
    id: number | string;
    topic_kind: MessageTopicKind;
    topic_id: string;
    payload: MessageTopicPayload | null;
    created_at: Date | string;
    relayed_count: number;
    relayed_through: string | null;
  }>(
    await tx.execute(sql`
      select id, topic_kind, topic_id, payload, created_at, relayed_count, relayed_through from ${messageOutbox}
      order by relayed_count > 0, id limit ${limit} for update skip locked`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    topicKind: r.topic_kind,
    topicId: r.topic_id,
    payload: r.payload,
    createdAt: new Date(r.created_at),
    relayedCount: Number(r.relayed_count),
    relayedThrough: r.relayed_through,
  }));
}

export async function deleteOutboxRows(tx: Tx, ids: number[]): Promise<void> {
  if (ids.length > 0) await tx.delete(messageOutbox).where(inArray(messageOutbox.id, ids));
}

/** Records how far a change's relay has gone, in the transaction that queued that far. */
export async function recordRelayProgress(tx: Tx, id: number, { relayedCount, relayedThrough }: { relayedCount: number; relayedThrough: string | null }): Promise<void> {
  await tx.update(messageOutbox).set({ relayedCount, relayedThrough }).where(eq(messageOutbox.id, id));
}

/** Which towns (by slug) and routes a topic concerns, as things stand now. */
export async function getTopicScope(tx: Tx, kind: MessageTopicKind, id: string): Promise<{ townSlugs: string[]; routeIds: string[] }> {
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
  // A request's news is for its requester alone (the relay addresses it), never a town's subscribers.
  if (kind === "transport_request") return { townSlugs: [], routeIds: [] };
  // A notice about a town reaches that town's subscribers; one about an oblast, every town in it.
  const rows = rowsOf<{ slug: string }>(
    await tx.execute(sql`
      select t.slug from ${areaNotices} n join ${towns} t on t.id = n.town_id or t.oblast_id = n.oblast_id where n.id = ${id}`),
  );
  return { townSlugs: [...new Set(rows.map((r) => r.slug))], routeIds: [] };
}

export type RelayRecipient = { kind: "subscriber" | "channel" | "request"; id: string; lastSentAt: Date | null };

export async function listLinkedChannelRecipients(tx: Tx): Promise<RelayRecipient[]> {
  const rows = await tx.select({ id: telegramChannels.id, lastSentAt: telegramChannels.lastSentAt }).from(telegramChannels).orderBy(asc(telegramChannels.id));
  return rows.map((c) => ({ kind: "channel" as const, ...c }));
}

/** Everyone subscribed to any of these towns, each once, in id order: up to `limit` of them after `after`. */
export async function listTownSubscriberRecipients(tx: Tx, townSlugs: string[], { after, limit }: { after: string | null; limit: number }): Promise<RelayRecipient[]> {
  if (townSlugs.length === 0 || limit <= 0) return [];
  const rows = await tx
    .selectDistinct({ id: subscribers.id, lastSentAt: subscribers.lastSentAt })
    .from(subscriptions)
    .innerJoin(subscribers, eq(subscriptions.subscriberId, subscribers.id))
    .innerJoin(towns, eq(subscriptions.townId, towns.id))
    .where(and(inArray(towns.slug, townSlugs), after ? gt(subscribers.id, after) : undefined))
    .orderBy(asc(subscribers.id))
    .limit(limit);
  return rows.map((s) => ({ kind: "subscriber" as const, ...s }));
}

/** Rows a multi-row insert takes at once: well under PostgreSQL's 65,535 parameters. */
const PENDING_CHUNK = 2_000;

/**
 * One pending row per recipient for this topic, in as few statements as the recipients allow (a
 * town's thousand subscribers were a thousand round trips). A topic already pending for a
 * recipient stays one row: the newest scope wins (a withdrawn window after its agreement), and a
 * delivery under way that claimed it leaves it for the next message. What the recipient knows
 * (`told`) stays the older row's: it knew the state before the first of the merged changes, and
 * a row without it (always news) stays without it.
 */
export async function upsertPendingMessages(
  tx: Tx,
  { recipients, topicKind, topicId, payload, now }: { recipients: RelayRecipient[]; topicKind: MessageTopicKind; topicId: string; payload: MessageTopicPayload; now: Date },
): Promise<void> {
  const columns = {
    subscriber: ["subscriberId", messagePending.subscriberId],
    channel: ["channelId", messagePending.channelId],
    request: ["requestId", messagePending.requestId],
  } as const;
  for (const kind of ["subscriber", "channel", "request"] as const) {
    const ids = recipients.filter((r) => r.kind === kind).map((r) => r.id);
    const [field, column] = columns[kind];
    for (let i = 0; i < ids.length; i += PENDING_CHUNK) {
      await tx
        .insert(messagePending)
        .values(ids.slice(i, i + PENDING_CHUNK).map((id) => ({ [field]: id, topicKind, topicId, payload, createdAt: now })))
        .onConflictDoUpdate({
          target: [column, messagePending.topicKind, messagePending.topicId],
          targetWhere: isNotNull(column),
          set: {
            payload: sql`(excluded.payload - 'told') || case when ${messagePending.payload} ? 'told' then jsonb_build_object('told', ${messagePending.payload} -> 'told') else '{}'::jsonb end`,
            claimedBy: null,
          },
        });
    }
  }
}

/**
 * Moves the sweep's clock to `now`; returns where it stood (null the first time), or "busy" when
 * another instance is sweeping. The state row stays locked until the caller's transaction ends.
 */
export async function advanceSweepClock(tx: Tx, now: Date): Promise<Date | null | "busy"> {
  const [state] = rowsOf<{ swept_until: Date | string | null }>(await tx.execute(sql`select swept_until from ${messagingState} where id = 1 for update skip locked`));
  if (!state) return "busy";
  await tx.update(messagingState).set({ sweptUntil: now }).where(eq(messagingState.id, 1));
  return state.swept_until ? new Date(state.swept_until) : null;
}

/**
 * Topics that time alone made news in (from, now]: a status whose confirmation lapsed (now
 * "unconfirmed"), a corridor window that opened, a notice whose start came. Added to the outbox.
 */
export async function addTimeBasedTopics(tx: Tx, { from, now }: { from: Date; now: Date }): Promise<number> {
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
  return topics.length;
}

/** Subscribers silent since `before`, longest silent first: their subscription has ended. */
export async function listLapsedSubscribers(tx: Tx, { before, limit }: { before: Date; limit: number }): Promise<string[]> {
  const rows = await tx.select({ id: subscribers.id }).from(subscribers).where(lt(subscribers.lastActiveAt, before)).orderBy(asc(subscribers.lastActiveAt)).limit(limit);
  return rows.map((r) => r.id);
}
