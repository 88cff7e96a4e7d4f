import type { RouteMode, RouteStatus } from "@/db/schema/enum-values";
import { routeFreshness } from "./freshness";
import { toPlaceIso } from "./iso-time";

// The public projection of a route for the API and GeoJSON: what residents may act on, computed
// at read time. Once a status is stale it is "unconfirmed" (an old "open" is never repeated).

type Names = { slug: string; nameUk: string; nameRu: string; nameEn: string };

export type PublicRouteFacts = {
  id: string;
  slug: string;
  mode: RouteMode;
  status: RouteStatus;
  statusReason: string;
  statusConfirmedAt: Date | null;
  freshnessWindowHours: number;
  flagged: boolean;
  origin: Names;
  destination: Names;
};

export type PublicWindowFacts = {
  routeId: string;
  agreementId: string;
  title: string;
  windowStart: Date;
  windowEnd: Date;
  phase: "active" | "upcoming";
};

export type PublicPlaceName = { slug: string; name: { uk: string; ru: string; en: string } };

export type PublicRoute = {
  id: string;
  slug: string;
  mode: RouteMode;
  origin: PublicPlaceName;
  destination: PublicPlaceName;
  /** What the public is shown: the coordinator's status while fresh, "unconfirmed" once stale. */
  status: RouteStatus | "unconfirmed";
  /** A stale closed/caution is still worth knowing; a stale open is never repeated. */
  lastReportedWarning: "closed" | "caution" | null;
  fresh: boolean;
  confirmedAt: string | null;
  /** When the status stops (or stopped) being fresh. */
  freshUntil: string | null;
  /** Shown only while the status may be shown: the reason of a stale "open" would read as current. */
  reason: string;
  /** An incident was reported near the line and a coordinator has not yet reviewed it. */
  flagged: boolean;
  corridorWindow: {
    agreementId: string;
    title: string;
    phase: "active" | "upcoming";
    start: string;
    end: string;
  } | null;
};

export const placeName = (n: Names): PublicPlaceName => ({ slug: n.slug, name: { uk: n.nameUk, ru: n.nameRu, en: n.nameEn } });

/** The active window if any, else the next one (windows come sorted by start). */
export function currentOrNextWindow<W extends PublicWindowFacts>(windows: W[], routeId: string): W | null {
  const mine = windows.filter((w) => w.routeId === routeId);
  return mine.find((w) => w.phase === "active") ?? mine.find((w) => w.phase === "upcoming") ?? null;
}

export function toPublicRoute(route: PublicRouteFacts, windows: PublicWindowFacts[], now: Date): PublicRoute {
  const f = routeFreshness(route, now);
  const w = currentOrNextWindow(windows, route.id);
  const reasonShown = f.fresh || f.lastReportedWarning !== null;
  return {
    id: route.id,
    slug: route.slug,
    mode: route.mode,
    origin: placeName(route.origin),
    destination: placeName(route.destination),
    status: f.shownStatus,
    lastReportedWarning: f.lastReportedWarning,
    fresh: f.fresh,
    confirmedAt: f.confirmedAt ? toPlaceIso(f.confirmedAt) : null,
    freshUntil: f.staleAt ? toPlaceIso(f.staleAt) : null,
    reason: reasonShown ? route.statusReason : "",
    flagged: route.flagged,
    corridorWindow: w
      ? { agreementId: w.agreementId, title: w.title, phase: w.phase, start: toPlaceIso(w.windowStart), end: toPlaceIso(w.windowEnd) }
      : null,
  };
}
