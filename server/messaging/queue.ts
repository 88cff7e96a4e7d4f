import "server-only";
import PgBoss from "pg-boss";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { getDbHandle } from "@/db";
import { rowsOf } from "@/db/client";

// The outbound message queue: pg-boss on the app's own database (PostgreSQL, or PGlite through
// the one embedded connection), so jobs survive restarts, retry with backoff and end in a
// dead-letter queue an admin can see. Delivery jobs are created inside the transaction that
// queued them (`sendInTransaction`), so a rolled-back change never sends and a committed one
// is never lost.

export const DELIVERY_QUEUE = "message-delivery";
export const DEAD_LETTER_QUEUE = "message-delivery-failed";

export type DeliveryTarget = { kind: "subscriber" | "channel"; id: string };
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
  const boss = new PgBoss({ ...connection, schema: "pgboss", application_name: "corridor-messaging" });
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

export async function createQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retentionDays: 30 });
  // "stately": at most one queued and one active job per target (singletonKey), so one
  // subscriber's changes in a minute wait in one job and go out as one message.
  await boss.createQueue(DELIVERY_QUEUE, {
    name: DELIVERY_QUEUE,
    policy: "stately",
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
    deadLetter: DEAD_LETTER_QUEUE,
  });
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

/** Queues a delivery in the caller's transaction; null when one is already waiting for that target (it will carry this change too). */
export async function queueDelivery(boss: PgBoss, tx: Pick<Tx, "execute">, target: DeliveryTarget, startAfterSeconds: number): Promise<string | null> {
  const data: DeliveryJob = { target: { kind: target.kind, id: target.id } };
  // An instant, not a number of seconds: pg-boss casts both through one typed parameter, which
  // only a timestamp survives on every driver.
  const startAfter = startAfterSeconds > 0 ? new Date(Date.now() + Math.ceil(startAfterSeconds) * 1000) : undefined;
  return boss.send(DELIVERY_QUEUE, data, { singletonKey: deliveryKey(target), startAfter, db: transactionExecutor(tx) });
}
