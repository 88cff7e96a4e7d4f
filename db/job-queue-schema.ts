import PgBoss from "pg-boss";

// The job queue's schema and queues (pg-boss, used by server/messaging/queue.ts). They live here,
// beside the migrations, because creating them is DDL: pg-boss creates its schema, and each queue
// is a partition table of pgboss.job. With two roles (DATABASE_OWNER_URL) only the owner may do
// that, at migrate time; the app's own pg-boss then finds everything in place, and its
// createQueue calls are an INSERT … ON CONFLICT DO NOTHING that changes nothing.

export const JOB_QUEUE_SCHEMA = "pgboss";
export const DELIVERY_QUEUE = "message-delivery";
export const DEAD_LETTER_QUEUE = "message-delivery-failed";
/**
 * pg-boss's own queue for cron schedules (its timekeeper creates it at start, when `schedule` is
 * on, which is the app's setting). Not a public export of pg-boss 10: the roles test starts the
 * app's queue as the app role, so a rename in a later pg-boss fails that test, not production.
 */
const PG_BOSS_CRON_QUEUE = "__pgboss__send-it";

/**
 * The schema version this pg-boss installs, read from its own construction plans (pg-boss 10 has
 * no public constant for it); null if a later pg-boss words them differently (the roles test
 * fails then, so the check that uses this is not silently lost).
 */
export function jobQueueSchemaVersion(): number | null {
  const match = /INSERT INTO \S+\.version\s*\(version\)\s*VALUES\s*\('(\d+)'\)/i.exec(PgBoss.getConstructionPlans(JOB_QUEUE_SCHEMA));
  return match ? Number(match[1]) : null;
}

/**
 * A delivery whose instance died mid-send is retried once this has passed (found by pg-boss's
 * maintenance, every few seconds): the worker's longest send (5 s waiting for its turn, a 10 s
 * gateway timeout) fits well inside it. Retries then start after 1-2 s, doubling each time, for
 * about 50 minutes in all (11 retries) before the dead-letter queue.
 */
export const DELIVERY_QUEUE_OPTIONS = {
  policy: "stately",
  retryLimit: 11,
  retryDelay: 1,
  retryBackoff: true,
  expireInSeconds: 20,
  deadLetter: DEAD_LETTER_QUEUE,
} as const;

export async function createQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retentionDays: 30 });
  // "stately": at most one queued and one active job per target (singletonKey), so one
  // subscriber's changes in a minute wait in one job and go out as one message.
  await boss.createQueue(DELIVERY_QUEUE, { name: DELIVERY_QUEUE, ...DELIVERY_QUEUE_OPTIONS });
  // createQueue leaves an existing queue as it was: a database made by an earlier version gets
  // today's expiry and retries this way (new jobs take them from the queue).
  const current = await boss.getQueue(DELIVERY_QUEUE);
  if (current && (current.expireInSeconds !== DELIVERY_QUEUE_OPTIONS.expireInSeconds || current.retryLimit !== DELIVERY_QUEUE_OPTIONS.retryLimit || current.retryDelay !== DELIVERY_QUEUE_OPTIONS.retryDelay)) {
    await boss.updateQueue(DELIVERY_QUEUE, { name: DELIVERY_QUEUE, ...DELIVERY_QUEUE_OPTIONS });
  }
}

/**
 * Creates or upgrades pg-boss's schema and creates every queue the app uses, as the role of
 * `connectionString` (the owner). Nothing is left running: no maintenance, no cron, no polling.
 */
export async function installJobQueue(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 1, schema: JOB_QUEUE_SCHEMA, migrate: true, supervise: false, schedule: false, application_name: "corridor-migrate" });
  let failure: Error | undefined;
  boss.on("error", (error) => (failure ??= error));
  await boss.start();
  try {
    await createQueues(boss);
    await boss.createQueue(PG_BOSS_CRON_QUEUE);
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
  if (failure) throw failure;
}
