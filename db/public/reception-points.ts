import "server-only";
import { and, asc, count, eq, gt, gte, sql } from "drizzle-orm";
import type { SortKey } from "@/lib/cursor-page";
import { receptionReport } from "@/lib/reception-report";
import type { Db } from "../client";
import { towns } from "../schema/places";
import { receptionPoints } from "../schema/reception-points";
import { receptionPointColumns } from "./columns";
import type { PublicPage } from "./routes";
import type { PublicReceptionPoint } from "./types";

// Reception points for residents and partners. Each row leaves here already judged at `now`
// (lib/reception-report.ts): a stale count of free beds is dropped here, before any output sees it.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function selectPoints(db: Db) {
  return db.select(receptionPointColumns).from(receptionPoints).innerJoin(towns, eq(receptionPoints.townId, towns.id));
}

type Row = Awaited<ReturnType<ReturnType<typeof selectPoints>["execute"]>>[number];

const judged = (now: Date) => ({ id, town, name, address, changedAt, ...facts }: Row): PublicReceptionPoint => ({ id, town, name, address, changedAt, report: receptionReport(facts, now) });

/** The reception points in the town of `slug` (the destination's page), oldest first. */
export async function listPublicReceptionPoints(db: Db, { now, slug }: { now: Date; slug?: string }): Promise<PublicReceptionPoint[]> {
  if (!slug) return [];
  const rows = await selectPoints(db).where(eq(towns.slug, slug)).orderBy(asc(receptionPoints.createdAt), asc(receptionPoints.id)).limit(200);
  return rows.map(judged(now));
}

/**
 * One page of reception points by id (in `town`, changed since `changedSince` when given), at
 * most `limit` (1 to 1,000), with how many match and the earliest instant one of them goes stale.
 */
export async function pagePublicReceptionPoints(
  db: Db,
  { now, after, limit, town, changedSince }: { now: Date; after?: SortKey | null; limit?: number; town?: string; changedSince?: Date },
): Promise<PublicPage<PublicReceptionPoint> & { nextChange: Date | null }> {
  const size = Math.min(1_000, Math.max(1, Math.floor(limit ?? 100)));
  const where = and(town === undefined ? undefined : eq(towns.slug, town), changedSince === undefined ? undefined : gte(receptionPoints.updatedAt, changedSince));
  const start = after?.length === 1 && typeof after[0] === "string" && UUID.test(after[0]) ? gt(receptionPoints.id, sql`${after[0]}::uuid`) : undefined;
  const [rows, [counted]] = await Promise.all([
    selectPoints(db).where(and(where, start)).orderBy(asc(receptionPoints.id)).limit(size + 1),
    db.select({ total: count() }).from(receptionPoints).innerJoin(towns, eq(receptionPoints.townId, towns.id)).where(where),
  ]);
  const items = rows.slice(0, size).map(judged(now));
  return { items, total: counted?.total ?? 0, next: rows.length > size ? [items.at(-1)!.id] : null, nextChange: nextReceptionChange(items, now) };
}

/** The earliest instant, from `now` on, at which one of `points` stops being fresh. */
function nextReceptionChange(points: readonly PublicReceptionPoint[], now: Date): Date | null {
  const ahead = points.flatMap((p) => (p.report.staleAt && p.report.staleAt.getTime() >= now.getTime() ? [p.report.staleAt.getTime()] : []));
  return ahead.length === 0 ? null : new Date(Math.min(...ahead));
}
