import "server-only";
import { and, asc, desc, eq, gte, inArray, ne } from "drizzle-orm";
import type { Db } from "../client";
import { incidentRoutes, incidents } from "../schema/incidents";
import { oblasts, towns } from "../schema/places";
import { routes, routeStatusEvents } from "../schema/routes";
import { listPublicAgreementWindowsForRoutes, type PublicAgreementWindow } from "./agreements";
import { listActiveAreaNotices, type PublicTownName } from "./public-routes";
import { destinationTown, originTown, routeListingColumns } from "./route-columns";

// Public reads for the resident town and route pages. Every select names its columns: no users
// join, no internal description, reporter or reviewer note, no exact incident position, and not
// who confirmed a status. A later schema field cannot leak through here by accident.

/** Recent incidents: those of the last 30 days, at most this many per route. */
export const RECENT_INCIDENT_DAYS = 30;
export const RECENT_INCIDENTS_PER_ROUTE = 5;

const DAY = 24 * 60 * 60 * 1000;

/** Names and aliases of every town, for the resident search. */
export async function listSearchableTowns(db: Db) {
  return db
    .select({ slug: towns.slug, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn, aliases: towns.aliases })
    .from(towns)
    .orderBy(asc(towns.nameEn));
}

export type SearchableTownRow = Awaited<ReturnType<typeof listSearchableTowns>>[number];

const publicTownColumns = {
  id: towns.id,
  slug: towns.slug,
  nameUk: towns.nameUk,
  nameRu: towns.nameRu,
  nameEn: towns.nameEn,
  lat: towns.lat,
  lon: towns.lon,
  oblastId: towns.oblastId,
  oblast: { slug: oblasts.slug, nameUk: oblasts.nameUk, nameRu: oblasts.nameRu, nameEn: oblasts.nameEn },
};

const publicRouteColumns = {
  id: routes.id,
  ...routeListingColumns,
  waypoints: routes.waypoints,
  assemblyPoint: routes.assemblyPoint,
  schedule: routes.schedule,
  organisation: routes.organisation,
  originPoint: { lat: originTown.lat, lon: originTown.lon },
  destinationPoint: { lat: destinationTown.lat, lon: destinationTown.lon },
};

export type PublicIncident = {
  id: string;
  category: (typeof incidents.$inferSelect)["category"];
  occurredAt: Date;
  occurredPrecision: (typeof incidents.$inferSelect)["occurredPrecision"];
  killed: number | null;
  injured: number | null;
  missing: number | null;
  publicSummary: string;
  verification: Exclude<(typeof incidents.$inferSelect)["verification"], "false">;
  /** The town it happened in or near (the public position; the exact point is internal). */
  town: PublicTownName | null;
};

async function selectRoutes(db: Db, where: ReturnType<typeof eq>) {
  const rows = await db
    .select(publicRouteColumns)
    .from(routes)
    .innerJoin(originTown, eq(routes.originTownId, originTown.id))
    .innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
    .where(where)
    .orderBy(asc(destinationTown.nameEn));
  // Which incident flagged the route is internal: only whether a review is pending.
  return rows.map(({ reviewFlaggedAt, ...route }) => ({ ...route, flaggedForReview: reviewFlaggedAt !== null }));
}

export type PublicRoute = Awaited<ReturnType<typeof selectRoutes>>[number];

export type PublicRouteView = PublicRoute & {
  /** The active or next agreed corridor window, soonest first. */
  windows: Omit<PublicAgreementWindow, "routeId">[];
  incidents: PublicIncident[];
};

/** Public, not retracted incidents linked to the routes, newest first, per route. */
async function recentIncidents(db: Db, routeIds: string[], now: Date): Promise<Map<string, PublicIncident[]>> {
  const byRoute = new Map<string, PublicIncident[]>();
  if (routeIds.length === 0) return byRoute;
  const rows = await db
    .select({
      routeId: incidentRoutes.routeId,
      id: incidents.id,
      category: incidents.category,
      occurredAt: incidents.occurredAt,
      occurredPrecision: incidents.occurredPrecision,
      killed: incidents.killed,
      injured: incidents.injured,
      missing: incidents.missing,
      publicSummary: incidents.publicSummary,
      verification: incidents.verification,
      townSlug: towns.slug,
      townUk: towns.nameUk,
      townRu: towns.nameRu,
      townEn: towns.nameEn,
    })
    .from(incidentRoutes)
    .innerJoin(incidents, eq(incidentRoutes.incidentId, incidents.id))
    .leftJoin(towns, eq(incidents.townId, towns.id))
    .where(
      and(
        inArray(incidentRoutes.routeId, routeIds),
        eq(incidents.visibility, "public"),
        ne(incidents.verification, "false"),
        gte(incidents.occurredAt, new Date(now.getTime() - RECENT_INCIDENT_DAYS * DAY)),
      ),
    )
    .orderBy(desc(incidents.occurredAt), asc(incidents.id));
  for (const { routeId, townSlug, townUk, townRu, townEn, verification, ...incident } of rows) {
    const list = byRoute.get(routeId) ?? [];
    if (verification === "false" || list.length >= RECENT_INCIDENTS_PER_ROUTE) continue;
    list.push({
      ...incident,
      verification,
      town: townSlug !== null ? { slug: townSlug, nameUk: townUk!, nameRu: townRu!, nameEn: townEn! } : null,
    });
    byRoute.set(routeId, list);
  }
  return byRoute;
}

async function withWindowsAndIncidents(db: Db, list: PublicRoute[], now: Date): Promise<PublicRouteView[]> {
  const ids = list.map((r) => r.id);
  const [windows, incidentsByRoute] = await Promise.all([listPublicAgreementWindowsForRoutes(db, ids, now), recentIncidents(db, ids, now)]);
  return list.map((route) => ({
    ...route,
    windows: windows.filter((w) => w.routeId === route.id).map(({ routeId: _, ...w }) => w),
    incidents: incidentsByRoute.get(route.id) ?? [],
  }));
}


/** The resident town page: the town, its notices in force, and every route out of it. Null if no such town. */
export async function getPublicTownView(db: Db, slug: string, now: Date) {
  const [town] = await db.select(publicTownColumns).from(towns).innerJoin(oblasts, eq(towns.oblastId, oblasts.id)).where(eq(towns.slug, slug));
  if (!town) return null;
  const [notices, routeList] = await Promise.all([listActiveAreaNotices(db, now, town), selectRoutes(db, eq(routes.originTownId, town.id))]);
  const { id: _id, oblastId: _oblastId, ...publicTown } = town;
  return { town: publicTown, notices, routes: await withWindowsAndIncidents(db, routeList, now) };
}

export type PublicTownView = NonNullable<Awaited<ReturnType<typeof getPublicTownView>>>;

export type PublicStatusEvent = {
  id: string;
  kind: (typeof routeStatusEvents.$inferSelect)["kind"];
  status: (typeof routeStatusEvents.$inferSelect)["status"];
  reason: string;
  confirmedAt: Date;
};

/** The resident route page: the route, its window and incidents, and its status history (never who set it). */
export async function getPublicRouteView(db: Db, slug: string, now: Date) {
  const [route] = await withWindowsAndIncidents(db, await selectRoutes(db, eq(routes.slug, slug)), now);
  if (!route) return null;
  const history: PublicStatusEvent[] = await db
    .select({
      id: routeStatusEvents.id,
      kind: routeStatusEvents.kind,
      status: routeStatusEvents.status,
      reason: routeStatusEvents.reason,
      confirmedAt: routeStatusEvents.confirmedAt,
    })
    .from(routeStatusEvents)
    .where(eq(routeStatusEvents.routeId, route.id))
    .orderBy(desc(routeStatusEvents.confirmedAt), desc(routeStatusEvents.createdAt))
    .limit(50);
  return { route, history };
}

export type PublicRouteDetail = NonNullable<Awaited<ReturnType<typeof getPublicRouteView>>>;
