import "server-only";
import { publicAssemblyPoint } from "@/lib/assembly-point";
import { routeReport } from "@/lib/route-report";
import { reportInstructionText } from "@/lib/route-report-text";
import { toPlaceIso } from "@/lib/iso-time";
import { nameSet } from "@/lib/localized-name";
import { EMPTY_LOCALIZED_TEXT } from "@/lib/localized-text";
import { reasonLabelSet } from "@/lib/reason-codes";
import { statusConfidence } from "@/lib/status-confidence";
import type { Db } from "../client";
import { listPublicCorridorWindows } from "./corridor-windows";
import { nextTimeBasedChange } from "@/lib/next-change";
import type { SortKey } from "@/lib/cursor-page";
import { listPublicRoutes, nextPublicRouteStaleAt, pagePublicRoutes, type PublicPage } from "./routes";
import type { PublicApiRoute, PublicOpenCorridorWindow, PublicRoute, PublicRouteFilter } from "./types";

// The API's projection of a route, from the same route report as every other output. Once a status
// is stale it is "unconfirmed": an old "open" is never repeated, and neither is its reason.

/** The active window covering the route if any, else the next one (windows come soonest first). */
function currentOrNextWindow(windows: PublicOpenCorridorWindow[], routeId: string) {
  const mine = windows.filter((w) => w.routes.some((r) => r.id === routeId));
  return mine.find((w) => w.phase === "active") ?? mine.find((w) => w.phase === "upcoming") ?? null;
}

function toApiRoute(route: PublicRoute, windows: PublicOpenCorridorWindow[], now: Date): PublicApiRoute {
  const w = currentOrNextWindow(windows, route.id);
  const report = routeReport({ ...route, windows: w ? [w] : [] }, now);
  const f = report.freshness;
  const reasonShown = report.showReason;
  return {
    id: route.id,
    slug: route.slug,
    mode: route.mode,
    origin: { slug: route.origin.slug, name: nameSet(route.origin) },
    destination: { slug: route.destination.slug, name: nameSet(route.destination) },
    status: f.shownStatus,
    lastReportedWarning: f.lastReportedWarning,
    fresh: f.fresh,
    confirmedAt: f.confirmedAt ? toPlaceIso(f.confirmedAt) : null,
    freshUntil: f.staleAt ? toPlaceIso(f.staleAt) : null,
    reasonCodes: report.reasonCodes,
    reasonLabels: reasonShown ? reasonLabelSet(route.statusReasonCodes) : EMPTY_LOCALIZED_TEXT,
    reason: reasonShown ? route.statusReason : EMPTY_LOCALIZED_TEXT,
    flagged: report.flagged,
    confidence: statusConfidence(route),
    corridorWindow:
      w
        ? { agreementId: w.id, title: w.title, phase: w.phase, start: toPlaceIso(w.windowStart), end: toPlaceIso(w.windowEnd) }
        : null,
    state: report.state,
    instruction: report.instruction,
    instructions: report.instructions.map((i) => ({ code: i.code, at: i.at ? toPlaceIso(new Date(i.at)) : null })),
    instructionText: { uk: reportInstructionText(report, now, "uk"), ru: reportInstructionText(report, now, "ru"), en: reportInstructionText(report, now, "en") },
    assemblyPoint: publicAssemblyPoint(route),
  };
}

/** Every route as the public sees it at `now`, with its line (for GeoJSON) and what the API filters on. */
export async function listPublicRouteStatuses(
  db: Db,
  { now }: { now: Date },
): Promise<Array<{ route: PublicApiRoute; line: PublicRoute["waypoints"]; oblast: string; changedAt: Date }>> {
  const [routes, windows] = await Promise.all([listPublicRoutes(db), listPublicCorridorWindows(db, { now })]);
  return routes.map((route) => ({ route: toApiRoute(route, windows, now), line: route.waypoints, oblast: route.originOblast, changedAt: route.changedAt }));
}

/**
 * One page of routes as the public sees them at `now` (db/public/routes.ts pagePublicRoutes: by
 * slug, filtered and paged in SQL), with when the answer about every route next changes by the
 * clock alone: a status leaving its freshness window, a corridor window starting or ending. Of every
 * route, not only this page's: a route turning "unconfirmed" joins the answer to ?status=unconfirmed.
 */
export async function pagePublicRouteStatuses(
  db: Db,
  args: PublicRouteFilter & { now: Date; after?: SortKey | null; limit?: number },
): Promise<PublicPage<{ route: PublicApiRoute; line: PublicRoute["waypoints"] }> & { nextChange: Date | null }> {
  const { now } = args;
  const [page, windows, staleAt] = await Promise.all([pagePublicRoutes(db, args), listPublicCorridorWindows(db, { now }), nextPublicRouteStaleAt(db, { now })]);
  const instants = [staleAt, ...windows.flatMap((w) => [w.windowStart, w.windowEnd])];
  return {
    items: page.items.map((route) => ({ route: toApiRoute(route, windows, now), line: route.waypoints })),
    total: page.total,
    next: page.next,
    nextChange: nextTimeBasedChange(now, { instants }),
  };
}
