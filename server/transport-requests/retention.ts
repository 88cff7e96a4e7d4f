import "server-only";
import type { Db } from "@/db/client";
import { deleteAbandonedRequestDialogues } from "@/db/queries/request-dialogues";
import { eraseExpiredTransportRequestPersonal } from "@/db/queries/transport-requests";
import { DEFAULT_TRANSPORT_REQUEST_RETENTION_DAYS } from "@/lib/transport-requests";

// Personal details of closed requests are erased on a timer of their own in every instance, not
// when someone happens to open a page: a request closed 14 days ago is erased within the next
// run whether or not anyone is using the site. Several instances may run it at once; the erasure
// is one UPDATE of rows still holding a sealed value, so each row is erased exactly once.

export const RETENTION_EVERY_MS = 15 * 60 * 1000;

export type RetentionTimer = { stop(): void; runNow(): Promise<number> };

export function startTransportRequestRetention(
  db: Db,
  { everyMs = RETENTION_EVERY_MS, days = DEFAULT_TRANSPORT_REQUEST_RETENTION_DAYS, now = () => new Date() }: { everyMs?: number; days?: number; now?: () => Date } = {},
): RetentionTimer {
  let running: Promise<number> | null = null;
  const runNow = () => {
    // A request begun in the bot and never finished holds an address too: a day without an answer erases it.
    running ??= eraseExpiredTransportRequestPersonal(db, { now: now(), days })
      .then(async (erased) => {
        await deleteAbandonedRequestDialogues(db, now());
        return erased;
      })
      .finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    runNow().catch((error: unknown) => console.error(`corridor: erasing expired transport requests failed: ${error instanceof Error ? error.message : String(error)}`));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runNow };
}
