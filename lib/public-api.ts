import "server-only";
import { listPublicAgreementWindowsForRoutes } from "@/db/queries/agreements";
import { listPublicRouteRows } from "@/db/queries/public-api";
import type { Db } from "@/db";
import { toPublicRoute, type PublicRoute } from "./public-route";

/** Every route as the public sees it at `now`, with its line (for GeoJSON). */
export async function loadPublicRoutes(db: Db, now: Date): Promise<Array<{ route: PublicRoute; line: [number, number][] }>> {
  const rows = await listPublicRouteRows(db);
  const windows = await listPublicAgreementWindowsForRoutes(db, rows.map((r) => r.id), now);
  return rows.map((row) => ({ route: toPublicRoute(row, windows, now), line: row.waypoints }));
}

/** The site's origin for absolute links in feeds and alerts (the request's own origin). */
export function siteOrigin(request: Request): string {
  return new URL(request.url).origin;
}

/** The CAP sender: this site's host name (no spaces or commas, as CAP requires). */
export function capSender(request: Request): string {
  return new URL(request.url).hostname;
}
