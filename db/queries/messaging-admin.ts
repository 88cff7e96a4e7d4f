import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { messagePending, messagingFailures, messagingState, subscribers, telegramChannels } from "../schema/messaging";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { countSubscriptionsByTown } from "./subscribers";
import { RefusedWriteError } from "./write-errors";

// What an admin sees of messaging: counts, never people. No query here returns an address,
// a subscriber id or a message text.

export type MessagingOverview = {
  paused: boolean;
  pausedAt: Date | null;
  pausedBy: string | null;
  version: number;
  subscriptions: Awaited<ReturnType<typeof countSubscriptionsByTown>>;
  pendingTopics: number;
  /** When the oldest change not yet told to everyone was relayed, and how long ago; null when nothing waits. */
  oldestPendingAt: Date | null;
  oldestPendingSeconds: number | null;
  /** Recipients still to be told something, by the gateway that will tell them (linked channels are Telegram's). */
  pendingRecipients: { telegram: number; sms: number };
  linkedChannels: number;
  failures: Array<{ channel: string; failures: number; lastError: string; lastErrorAt: Date | null }>;
};

export async function getMessagingOverview(db: Db, actor: SessionUser | null, now = new Date()): Promise<MessagingOverview> {
  assertRole(actor, "admin");
  const [[state], subscriptions, [pending], [channels], failures, [waiting]] = await Promise.all([
    db
      .select({ paused: messagingState.paused, pausedAt: messagingState.pausedAt, pausedBy: users.email, version: messagingState.version })
      .from(messagingState)
      .leftJoin(users, eq(messagingState.pausedBy, users.id))
      .where(eq(messagingState.id, 1)),
    countSubscriptionsByTown(db, actor),
    db.select({ n: sql<number>`count(*)::int` }).from(messagePending),
    db.select({ n: sql<number>`count(*)::int` }).from(telegramChannels),
    db.select().from(messagingFailures).orderBy(asc(messagingFailures.channel)),
    db
      .select({
        oldest: sql<Date | string | null>`min(${messagePending.createdAt})`,
        sms: sql<number>`count(distinct ${messagePending.subscriberId}) filter (where ${subscribers.channel} = 'sms')::int`,
        telegram: sql<number>`count(distinct coalesce(${messagePending.subscriberId}, ${messagePending.channelId})) filter (where ${subscribers.channel} is distinct from 'sms')::int`,
      })
      .from(messagePending)
      .leftJoin(subscribers, eq(messagePending.subscriberId, subscribers.id)),
  ]);
  const oldest = waiting?.oldest ? new Date(waiting.oldest) : null;
  return {
    paused: state?.paused ?? false,
    pausedAt: state?.pausedAt ?? null,
    pausedBy: state?.pausedBy ?? null,
    version: state?.version ?? 1,
    subscriptions,
    pendingTopics: pending?.n ?? 0,
    oldestPendingAt: oldest,
    oldestPendingSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
    pendingRecipients: { telegram: Number(waiting?.telegram ?? 0), sms: Number(waiting?.sms ?? 0) },
    linkedChannels: channels?.n ?? 0,
    failures,
  };
}

/**
 * The switch for every outbound message. Paused messages are held, not dropped (the delivery
 * jobs wait and re-check), so resuming sends what is still true then.
 */
export async function setMessagingPaused(db: Db, actor: SessionUser | null, { paused, baseVersion, now = new Date() }: { paused: boolean; baseVersion: number; now?: Date }) {
  assertRole(actor, "admin");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(messagingState).where(eq(messagingState.id, 1)).for("update");
    if (!before || before.version !== baseVersion) throw new RefusedWriteError("form", { code: "messagingChanged" });
    const version = before.version + 1;
    await tx
      .update(messagingState)
      .set({ paused, pausedAt: paused ? now : null, pausedBy: paused ? actor.id : null, version })
      .where(eq(messagingState.id, 1));
    await writeAudit(tx, {
      actor,
      action: paused ? "messaging.pause" : "messaging.resume",
      entityType: "messaging",
      entityId: null,
      before: { paused: before.paused, version: before.version },
      after: { paused, version },
    });
    return { version };
  });
}
