import "server-only";
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { runCountDays } from "@/lib/transport-runs";
import type { Db } from "../client";
import { towns } from "../schema/places";
import { transportRuns } from "../schema/transport-runs";
import type { PublicTransportRunCounts } from "./types";

/**
 * How many runs leave from a town today and tomorrow (Kyiv days), and how many of those take
 * wheelchairs or stretchers: "2 runs for people with limited mobility planned tomorrow". Counts
 * of planned or boarding runs whose window has not passed; nothing else of a run ever leaves
 * here (not its time, place, vehicle or organisation, let alone who is on it), so a count cannot
 * point anyone at a pickup.
 */
export async function getPublicTransportRunCounts(db: Db, { slug, now = new Date() }: { slug?: string; now?: Date }): Promise<PublicTransportRunCounts | null> {
  if (!slug) return null;
  const { tomorrow, dayAfter } = runCountDays(now);
  const accessible = sql`(${transportRuns.wheelchairPlaces} > 0 or ${transportRuns.stretcherPlaces} > 0)`;
  const isToday = sql`${transportRuns.departsFrom} < ${tomorrow.toISOString()}::timestamptz`;
  const [row] = await db
    .select({
      today: sql<number>`count(*) filter (where ${isToday})::int`,
      todayAccessible: sql<number>`count(*) filter (where ${isToday} and ${accessible})::int`,
      tomorrow: sql<number>`count(*) filter (where not ${isToday})::int`,
      tomorrowAccessible: sql<number>`count(*) filter (where not ${isToday} and ${accessible})::int`,
      nextWindowEnd: sql<string | null>`min(${transportRuns.departsUntil})`,
    })
    .from(transportRuns)
    .innerJoin(towns, eq(transportRuns.townId, towns.id))
    .where(
      and(
        eq(towns.slug, slug),
        inArray(transportRuns.status, ["planned", "boarding"]),
        gt(transportRuns.departsUntil, now),
        lt(transportRuns.departsFrom, dayAfter),
      ),
    );
  if (!row) return null;
  const windowEnd = row.nextWindowEnd ? new Date(row.nextWindowEnd) : null;
  const changesAt = windowEnd && windowEnd < tomorrow ? windowEnd : tomorrow;
  return { today: row.today, todayAccessible: row.todayAccessible, tomorrow: row.tomorrow, tomorrowAccessible: row.tomorrowAccessible, changesAt };
}
