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
  recordRelayProgress,
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
// merge), and queues one delivery per recipient. A change with many recipients is relayed in
// several short transactions of at most RECIPIENTS_PER_TRANSACTION: one for ten thousand held
// back the first message, and every other town's change, until it committed. Each transaction
// records in the outbox row how far it went, with that batch's pending rows and jobs, and the
// last one deletes the row: a crash anywhere leaves either the batch to do again or nothing, and
// never queues a recipient twice.

const BATCH = 100;
/** Recipients queued in one transaction at most (a few hundred milliseconds of work even under load). */
export const RECIPIENTS_PER_TRANSACTION = 500;
/** A recipient hears at most one message a minute. */
export const MIN_SECONDS_BETWEEN_MESSAGES = 60;

export type PendingPayload = Required<Pick<NotificationTopic, "townSlugs">> & MessageTopicPayload & { routeIds?: string[] };

function secondsUntilAllowed(lastSentAt: Date | null, now: Date): number {
  if (!lastSentAt) return 0;
  return Math.max(0, (lastSentAt.getTime() + MIN_SECONDS_BETWEEN_MESSAGES * 1000 - now.getTime()) / 1000);
}

/**
 * Moves one transaction's worth from the outbox to pending rows and delivery jobs: whole changes
 * while they fit in `recipientsPerTransaction`, and the next part of one that does not. Returns
 * how many outbox rows it worked on (finished or advanced); 0 when the outbox is empty.
 */
export async function relayOutbox(db: Db, boss: PgBoss, now = new Date(), { recipientsPerTransaction = RECIPIENTS_PER_TRANSACTION } = {}): Promise<number> {
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
    let budget = recipientsPerTransaction;
    const finished: number[] = [];
    let worked = 0;
    for (const row of rows) {
      if (budget <= 0) break;
      worked++;
      const scope = await getTopicScope(tx, row.topicKind, row.topicId);
      const { before, ...rest } = row.payload ?? {};
      // What recipients knew before this change: the state it changed from, as it read then.
      const told = row.topicKind === "route" && before ? recordedStateKey(before, row.createdAt) : undefined;
      const payload: PendingPayload = { ...rest, ...(told ? { told } : {}), townSlugs: scope.townSlugs, routeIds: scope.routeIds };
      let recipients: RelayRecipient[];
      let done = true;
      if (row.topicKind === "transport_request") {
        // A request's news goes to the one who asked, whose contact is sealed in the request itself.
        recipients = [{ kind: "request", id: row.topicId, lastSentAt: null }];
      } else if (scope.townSlugs.length === 0) {
        recipients = [];
      } else {
        // The channels go in the change's first transaction, whole (they are few); then the
        // subscribers in id order, as many as the budget leaves, one more read to learn whether
        // any remain.
        const first = row.relayedCount === 0 ? channels : [];
        const room = Math.max(0, budget - first.length);
        const subscribers = await listTownSubscriberRecipients(tx, scope.townSlugs, { after: row.relayedThrough, limit: room + 1 });
        done = subscribers.length <= room;
        recipients = [...first, ...subscribers.slice(0, room)];
      }
      await upsertPendingMessages(tx, { recipients, topicKind: row.topicKind, topicId: row.topicId, payload, now });
      for (const [place, target] of recipients.entries()) {
        const key = `${target.kind}:${target.id}`;
        if (!queued.has(key)) queued.set(key, { ...target, priority: -(row.relayedCount + place) });
      }
      budget -= recipients.length;
      if (done) finished.push(row.id);
      else {
        const lastSubscriber = recipients.findLast((r) => r.kind === "subscriber");
        await recordRelayProgress(tx, row.id, { relayedCount: row.relayedCount + Math.max(1, recipients.length), relayedThrough: lastSubscriber?.id ?? row.relayedThrough });
      }
    }
    await queueDeliveries(
      boss,
      tx,
      [...queued.values()].map((target) => ({ target: { kind: target.kind, id: target.id }, startAfterSeconds: secondsUntilAllowed(target.lastSentAt, now), priority: target.priority })),
    );
    await deleteOutboxRows(tx, finished);
    return worked;
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
