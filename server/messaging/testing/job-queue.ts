import PgBoss from "pg-boss";
import type { DbHandle } from "@/db/client";
import { createQueues, MAINTENANCE_EVERY_SECONDS } from "../queue";

/** A started pg-boss on a test database, its queues created; the tests drive its jobs themselves. */
export async function startTestJobQueue(handle: Pick<DbHandle, "jobQueue">, options: { maintenance?: boolean } = {}): Promise<PgBoss> {
  const connection = "connectionString" in handle.jobQueue ? { connectionString: handle.jobQueue.connectionString, max: 2 } : { db: handle.jobQueue as PgBoss.Db };
  const maintenance = options.maintenance ?? false;
  const boss = new PgBoss({ ...connection, schema: "pgboss", supervise: maintenance, schedule: maintenance, maintenanceIntervalSeconds: MAINTENANCE_EVERY_SECONDS });
  await boss.start();
  await createQueues(boss);
  return boss;
}
