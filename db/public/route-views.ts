import "server-only";
import type { Db } from "../client";
import { listPublicCorridorWindows } from "./corridor-windows";
import { listRecentRouteIncidents } from "./incidents";
import { listActiveAreaNotices } from "./notices";
import { getPublicRoute, listPublicRoutesFrom } from "./routes";
import { listPublicStatusEvents } from "./status-events";
import { getPublicTown } from "./towns";
import type { PublicRoute, PublicRouteDetail, PublicRouteView, PublicTownView } from "./types";

/** Routes with their active or upcoming windows and recent incidents. */
async function withWindowsAndIncidents(db: Db, list: PublicRoute[], now: Date): Promise<PublicRouteView[]> {
  const routeIds = list.map((r) => r.id);
  const [windows, incidents] = await Promise.all([
    listPublicCorridorWindows(db, { now, routeIds }),
    listRecentRouteIncidents(db, { now, routeIds }),
  ]);
  return list.map((route) => ({
    ...route,
    windows: windows.filter((w) => w.routes.some((r) => r.id === route.id)),
    incidents: incidents.find((i) => i.routeId === route.id)?.incidents ?? [],
  }));
}

/** The resident town page: the town, its notices in force, and every route out of it. Null if no such town. */
export async function getPublicTownView(db: Db, { slug, now }: { slug?: string; now: Date }): Promise<PublicTownView | null> {
  const town = await getPublicTown(db, { slug });
  if (!town) return null;
  const [notices, routes] = await Promise.all([
    listActiveAreaNotices(db, { now, slug: town.slug }),
    listPublicRoutesFrom(db, { slug: town.slug }),
  ]);
  return { town, notices, routes: await withWindowsAndIncidents(db, routes, now) };
}

/** The resident route page: the route, its windows and incidents, and its status history (never who set it). */
export async function getPublicRouteView(db: Db, { slug, now }: { slug?: string; now: Date }): Promise<PublicRouteDetail | null> {
  const route = await getPublicRoute(db, { slug });
  if (!route) return null;
  const [[view], history] = await Promise.all([
    withWindowsAndIncidents(db, [route], now),
    listPublicStatusEvents(db, { slug: route.slug, limit: 50 }),
  ]);
  return { route: view!, history };
}
