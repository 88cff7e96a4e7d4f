import "server-only";
import type { Db } from "@/db/client";
import { listPublicReceptionPoints } from "@/db/public/reception-points";
import { countActiveAreaNoticesByOblast, HOME_NOTICES_MAX, listActiveAreaNotices, OBLAST_NOTICES_MAX } from "@/db/public/notices";
import { getPublicOblastView, listPublicOblastSummaries } from "@/db/public/oblasts";
import { nextPublicRouteStaleAt } from "@/db/public/routes";
import { getPublicTownView } from "@/db/public/route-views";
import { listSearchableTowns } from "@/db/public/towns";
import { MAX_QUERY_LENGTH, townMatcher } from "@/lib/town-search";
import type { LiteHomeData, LiteOblastData, LiteTownData } from "./render";
import { getPublicTransportRequestCounts } from "@/db/public/transport-requests";
import { getPublicTransportRunCounts } from "@/db/public/transport-runs";

/** What a lite town page shows (its own view; it links to its oblast), or null if no such town. */
export async function liteTownData(db: Db, { slug, now }: { slug: string; now: Date }): Promise<Omit<LiteTownData, "locale"> | null> {
  const [view, transportRequests, receptionPoints, transportRuns] = await Promise.all([
    getPublicTownView(db, { slug, now }),
    getPublicTransportRequestCounts(db, { slug }),
    listPublicReceptionPoints(db, { now, slug }),
    getPublicTransportRunCounts(db, { slug, now }),
  ]);
  if (!view) return null;
  return { now, town: view.town, notices: view.notices, townRoutes: view.routes, transportRequests: transportRequests ?? { open: 0, beingHandled: 0 }, receptionPoints, transportRuns };
}

/**
 * The lite home: the oblasts with counts, the warnings, and for a search the towns it may mean
 * (the names are matched here; the page carries only the matches). `staleAt`: when a count next
 * changes by the clock alone.
 */
export async function liteHomeData(db: Db, { now, query }: { now: Date; query: string }): Promise<Omit<LiteHomeData, "locale"> & { staleAt: Date | null }> {
  const q = query.trim().slice(0, MAX_QUERY_LENGTH);
  const [oblasts, notices, noticeCounts, staleAt, searchable] = await Promise.all([
    listPublicOblastSummaries(db, { now }),
    listActiveAreaNotices(db, { now, limit: HOME_NOTICES_MAX }),
    countActiveAreaNoticesByOblast(db, { now }),
    nextPublicRouteStaleAt(db, { now }),
    q ? listSearchableTowns(db) : Promise.resolve([]),
  ]);
  const matches = q ? townMatcher(searchable)(q).map((m) => m.town) : [];
  return { now, oblasts, notices, noticeCounts, query: q, matches, staleAt };
}

/** An oblast's lite page, or null if no such oblast. */
export async function liteOblastData(db: Db, { slug, now }: { slug: string; now: Date }): Promise<Omit<LiteOblastData, "locale"> | null> {
  const [view, notices, noticeCounts] = await Promise.all([
    getPublicOblastView(db, { slug, now }),
    listActiveAreaNotices(db, { now, oblast: slug, limit: OBLAST_NOTICES_MAX }),
    countActiveAreaNoticesByOblast(db, { now }),
  ]);
  return view && { now, view, notices, noticeTotal: noticeCounts.get(slug) ?? 0 };
}
