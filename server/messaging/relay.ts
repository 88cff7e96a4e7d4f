import "server-only";
import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import type { MessageTopicPayload } from "@/db/schema/messaging";
import {
  addTimeBasedTopics,
  advanceSweepClock,
  claimOutboxRows,
  deleteOutboxRows,
  getTopicScope,
  listLapsedSubscribers,
  listLinkedChannelRecipients,
  listTownSubscriberRecipients,
  upsertPendingMessages,
  type RelayRecipient,
} from "@/db/queries/message-relay";
import { SUBSCRIPTION_DAYS } from "@/db/queries/subscribers";
import { recordedStateKey } from "@/lib/messaging/told-state";
import { queueDeliveries } from "./queue";
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

function secondsUntilAllowed(lastSentAt: Date | null, now: Date): number {
  if (!lastSentAt) return 0;
  return Math.max(0, (lastSentAt.getTime() + MIN_SECONDS_BETWEEN_MESSAGES * 1000 - now.getTime()) / 1000);
}

/** Moves one batch from the outbox to pending rows and delivery jobs. Returns how many outbox rows it took. */
export async function relayOutbox(db: Db, boss: PgBoss, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await claimOutboxRows(tx, BATCH);
    if (rows.length === 0) return 0;
    // A recipient's place in its change's list becomes its job's priority (0, -1, -2 …): the
    // first recipients of every change go before the rest of any earlier change, so a new change
    // in another town overtakes a backlog instead of waiting behind it (round robin by change).
    const queued = new Map<string, RelayRecipient & { priority: number }>();
    // The linked channels, read once per batch: every topic with a town goes to all of them,
    // first, as one post reaches all its readers at once.
    const channels = await listLinkedChannelRecipients(tx);
    for (const row of rows) {
      const scope = await getTopicScope(tx, row.topicKind, row.topicId);
      const { before, ...rest } = row.payload ?? {};
      // What recipients knew before this change: the state it changed from, as it read then.
      const told = row.topicKind === "route" && before ? recordedStateKey(before, row.createdAt) : undefined;
      const payload: PendingPayload = { ...rest, ...(told ? { told } : {}), townSlugs: scope.townSlugs, routeIds: scope.routeIds };
      // A request's news goes to the one who asked, whose contact is sealed in the request itself.
      const recipients: RelayRecipient[] =
        row.topicKind === "transport_request"
          ? [{ kind: "request", id: row.topicId, lastSentAt: null }]
          : scope.townSlugs.length === 0
            ? []
            : [...channels, ...(await listTownSubscriberRecipients(tx, scope.townSlugs))];
      await upsertPendingMessages(tx, { recipients, topicKind: row.topicKind, topicId: row.topicId, payload, now });
      for (const [place, target] of recipients.entries()) {
        const key = `${target.kind}:${target.id}`;
        if (!queued.has(key)) queued.set(key, { ...target, priority: -place });
      }
    }
    await queueDeliveries(
      boss,
      tx,
      [...queued.values()].map((target) => ({ target: { kind: target.kind, id: target.id }, startAfterSeconds: secondsUntilAllowed(target.lastSentAt, now), priority: target.priority })),
    );
    await deleteOutboxRows(tx, rows.map((r) => r.id));
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
    const from = await advanceSweepClock(tx, now);
    if (from === "busy") return; // another instance is sweeping
    if (!from || from >= now) return; // the first sweep only starts the clock: nothing before it is news
    await addTimeBasedTopics(tx, { from, now });
    const lapsed = await listLapsedSubscribers(tx, { before: new Date(now.getTime() - SUBSCRIPTION_DAYS * 86_400_000), limit: 500 });
    await queueDeliveries(boss, tx, lapsed.map((id) => ({ target: { kind: "subscriber" as const, id }, startAfterSeconds: 0, priority: 0 })));
  });
}
