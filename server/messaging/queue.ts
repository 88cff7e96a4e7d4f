import "server-only";
import PgBoss from "pg-boss";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { getDbHandle } from "@/db";
import { rowsOf } from "@/db/client";
import { createQueues, DELIVERY_QUEUE } from "@/db/job-queue-schema";

// The outbound message queue: pg-boss on the app's own database (PostgreSQL, or PGlite through
// the one embedded connection), so jobs survive restarts, retry with backoff and end in a
// dead-letter queue an admin can see. Delivery jobs are created inside the transaction that
// queued them (`sendInTransaction`), so a rolled-back change never sends and a committed one
// is never lost.

// The queues' names and creation live with the schema (creating one is DDL, done by the owner).
export { createQueues, DEAD_LETTER_QUEUE, DELIVERY_QUEUE } from "@/db/job-queue-schema";

export const MAINTENANCE_EVERY_SECONDS = 5;

/** A town's subscriber, a linked channel, or the requester of a transport request (by the request's id). */
export type DeliveryTarget = { kind: "subscriber" | "channel" | "request"; id: string };
export type DeliveryJob = { target: DeliveryTarget };

const globalForQueue = globalThis as unknown as { corridorJobQueue?: Promise<PgBoss> };

export function getJobQueue(): Promise<PgBoss> {
  globalForQueue.corridorJobQueue ??= startQueue().catch((error) => {
    globalForQueue.corridorJobQueue = undefined;
    throw error;
  });
  return globalForQueue.corridorJobQueue;
}

async function startQueue(): Promise<PgBoss> {
  const handle = await getDbHandle();
  const connection = "connectionString" in handle.jobQueue ? { connectionString: handle.jobQueue.connectionString, max: 3 } : { db: handle.jobQueue as PgBoss.Db };
  // Maintenance is what finds a job whose instance died mid-send (expired) and retries it: every
  // 5 s (one instance does it each time), so such a message is retried within half a minute.
  const boss = new PgBoss({ ...connection, schema: "pgboss", application_name: "corridor-messaging", maintenanceIntervalSeconds: MAINTENANCE_EVERY_SECONDS });
  // pg-boss reports its own failures here (a lost connection during an outage, every poll) and
  // recovers by itself: the log says so once a minute, not every second.
  let lastLogged = 0;
  boss.on("error", (error) => {
    if (Date.now() - lastLogged < 60_000) return;
    lastLogged = Date.now();
    console.error(`[messaging] job queue: ${error.message}`);
  });
  await boss.start();
  await createQueues(boss);
  return boss;
}

export function deliveryKey(target: DeliveryTarget): string {
  return `${target.kind}:${target.id}`;
}

/** pg-boss's SQL ($1, $2 …) run inside a drizzle transaction, on either driver. */
export function transactionExecutor(tx: Pick<Tx, "execute">): PgBoss.Db {
  return {
    async executeSql(text, values = []) {
      const chunks: SQL[] = [];
      const parts = text.split(/\$(\d+)/);
      parts.forEach((part, i) => {
        if (i % 2 === 0) chunks.push(sql.raw(part));
        else {
          chunks.push(sql`${asParameter(values[Number(part) - 1])}`);
        }
      });
      return { rows: rowsOf(await tx.execute(sql.join(chunks))) };
    },
  };
}

/** As node-postgres (pg-boss's own driver) sends values: undefined as NULL, plain objects as JSON. */
function asParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === "object" && !(value instanceof Date) && !Array.isArray(value) && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

/**
 * Queues a delivery in the caller's transaction; null when one is already waiting for that target
 * (it will carry this change too). `priority`: higher goes first among the jobs due (pg-boss
 * orders by priority, then age).
 */
export async function queueDelivery(boss: PgBoss, tx: Pick<Tx, "execute">, target: DeliveryTarget, startAfterSeconds: number, priority = 0): Promise<string | null> {
  const data: DeliveryJob = { target: { kind: target.kind, id: target.id } };
  // An instant, not a number of seconds: pg-boss casts both through one typed parameter, which
  // only a timestamp survives on every driver.
  const startAfter = startAfterSeconds > 0 ? new Date(Date.now() + Math.ceil(startAfterSeconds) * 1000) : undefined;
  return boss.send(DELIVERY_QUEUE, data, { singletonKey: deliveryKey(target), startAfter, priority, db: transactionExecutor(tx) });
}

/**
 * Many deliveries in one statement, in the caller's transaction (a town's thousand subscribers
 * were a thousand round trips, and the first of them heard only after the last was queued). As
 * queueDelivery, one by one: a target already waiting is skipped, its job carries this change.
 */
export async function queueDeliveries(
  boss: PgBoss,
  tx: Pick<Tx, "execute">,
  deliveries: Array<{ target: DeliveryTarget; startAfterSeconds: number; priority: number }>,
): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < deliveries.length; i += 1_000) {
    await boss.insert(
      deliveries.slice(i, i + 1_000).map(({ target, startAfterSeconds, priority }) => ({
        name: DELIVERY_QUEUE,
        data: { target: { kind: target.kind, id: target.id } } satisfies DeliveryJob,
        singletonKey: deliveryKey(target),
        priority,
        ...(startAfterSeconds > 0 ? { startAfter: new Date(now + Math.ceil(startAfterSeconds) * 1000) } : {}),
      })),
      { db: transactionExecutor(tx) },
    );
  }
}
