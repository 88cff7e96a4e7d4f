import "server-only";
import { and, asc, desc, eq, gt, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { agreementRoutes, corridorAgreements } from "../schema/agreements";
import { incidents } from "../schema/incidents";
import { oblasts, towns } from "../schema/places";
import { routes, routeStatusEvents } from "../schema/routes";
import { destinationTown, originTown, routeListingColumns } from "./route-columns";

// Reads for the public API and feeds (app/api/v1, app/feeds). No session is needed, so each
// function is safe by construction instead: it selects an explicit list of PUBLIC columns, and
// anything derived from an internal field (the review flag, incident positions) is computed in SQL
// so the internal value itself never reaches the application. Never `select()` a whole row here.

const townNames = (t: typeof towns | typeof originTown | typeof destinationTown) => ({
  slug: t.slug,
  nameUk: t.nameUk,
  nameRu: t.nameRu,
  nameEn: t.nameEn,
});

export type PublicNames = { slug: string; nameUk: string; nameRu: string; nameEn: string };

/** Decimal places public incident positions keep: 0.01° is about 1.1 km north-south, 0.7 km east-west here. */
export const PUBLIC_POSITION_DECIMALS = 2;

// ---------------------------------------------------------------------------------------------
// Towns

export type PublicTown = PublicNames & {
  aliases: string[];
  pcode: string | null;
  oblast: PublicNames & { pcode: string | null };
  lat: number;
  lon: number;
};

/** Towns that are the origin or destination of at least one route, by English name. */
export async function listPublicTowns(db: Db): Promise<PublicTown[]> {
  const hasRoute = or(
    inArray(towns.id, db.select({ id: routes.originTownId }).from(routes)),
    inArray(towns.id, db.select({ id: routes.destinationTownId }).from(routes)),
  );
  const rows = await db
    .select({
      ...townNames(towns),
      aliases: towns.aliases,
      pcode: towns.pcode,
      lat: towns.lat,
      lon: towns.lon,
      oblast: { slug: oblasts.slug, nameUk: oblasts.nameUk, nameRu: oblasts.nameRu, nameEn: oblasts.nameEn, pcode: oblasts.pcode },
    })
    .from(towns)
    .innerJoin(oblasts, eq(towns.oblastId, oblasts.id))
    .where(hasRoute)
    .orderBy(asc(towns.nameEn), asc(towns.slug));
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Routes

/** The route listing columns shared with the public board, plus what the API adds. */
export type PublicRouteRow = Awaited<ReturnType<typeof listPublicRouteRows>>[number];

/** Every route, with both towns, its line and its public status facts. */
export async function listPublicRouteRows(db: Db) {
  const { reviewFlaggedAt: _internalFlagTime, ...listing } = routeListingColumns;
  return db
    .select({
      id: routes.id,
      ...listing,
      /** Only whether a review is pending: when and by which incident is internal. */
      flagged: sql<boolean>`(${routes.reviewFlaggedAt} is not null)`.mapWith(Boolean),
      waypoints: routes.waypoints,
      originPoint: { lat: originTown.lat, lon: originTown.lon },
    })
    .from(routes)
    .innerJoin(originTown, eq(routes.originTownId, originTown.id))
    .innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
    .orderBy(asc(originTown.nameEn), asc(destinationTown.nameEn), asc(routes.slug));
}

// ---------------------------------------------------------------------------------------------
// Route status events (the status feed and CAP alerts)

const statusEventColumns = {
  id: routeStatusEvents.id,
  routeId: routeStatusEvents.routeId,
  kind: routeStatusEvents.kind,
  status: routeStatusEvents.status,
  reason: routeStatusEvents.reason,
  confirmedAt: routeStatusEvents.confirmedAt,
  recordedAt: routeStatusEvents.createdAt,
  routeSlug: routes.slug,
  freshnessWindowHours: routes.freshnessWindowHours,
  origin: { ...townNames(originTown), lat: originTown.lat, lon: originTown.lon },
  destination: townNames(destinationTown),
};

function selectStatusEvents(db: Db) {
  return db
    .select(statusEventColumns)
    .from(routeStatusEvents)
    .innerJoin(routes, eq(routeStatusEvents.routeId, routes.id))
    .innerJoin(originTown, eq(routes.originTownId, originTown.id))
    .innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id));
}

export type PublicStatusEvent = Awaited<ReturnType<typeof listPublicStatusEvents>>[number];

/** The newest status events across all routes, newest first (who recorded them is internal). */
export async function listPublicStatusEvents(db: Db, limit = 50) {
  return selectStatusEvents(db)
    .orderBy(desc(routeStatusEvents.confirmedAt), desc(routeStatusEvents.createdAt), desc(routeStatusEvents.id))
    .limit(limit);
}

/** Each route's newest status event: the alerts currently in force (or lapsed, by their expiry). */
export async function listLatestPublicStatusEvents(db: Db) {
  const newest = db
    .selectDistinctOn([routeStatusEvents.routeId], { id: routeStatusEvents.id })
    .from(routeStatusEvents)
    .orderBy(routeStatusEvents.routeId, desc(routeStatusEvents.confirmedAt), desc(routeStatusEvents.createdAt), desc(routeStatusEvents.id));
  return selectStatusEvents(db)
    .where(inArray(routeStatusEvents.id, newest))
    .orderBy(desc(routeStatusEvents.confirmedAt), asc(routeStatusEvents.id));
}

/** One status event, and the one before it on the same route (which a CAP Update references). */
export async function getPublicStatusEvent(db: Db, id: string) {
  const [event] = await selectStatusEvents(db).where(eq(routeStatusEvents.id, id)).limit(1);
  if (!event) return null;
  const [previous] = await db
    .select({ id: routeStatusEvents.id, recordedAt: routeStatusEvents.createdAt })
    .from(routeStatusEvents)
    .where(
      and(
        eq(routeStatusEvents.routeId, event.routeId),
        ne(routeStatusEvents.id, event.id),
        or(
          lt(routeStatusEvents.confirmedAt, event.confirmedAt),
          and(eq(routeStatusEvents.confirmedAt, event.confirmedAt), lt(routeStatusEvents.id, event.id)),
        ),
      ),
    )
    .orderBy(desc(routeStatusEvents.confirmedAt), desc(routeStatusEvents.id))
    .limit(1);
  return { ...event, previous: previous ?? null };
}

// ---------------------------------------------------------------------------------------------
// Corridor windows (CAP alerts): agreed agreements only; parties, representatives, terms and
// claims stay on the coordinators' pages.

export type PublicCorridorWindow = {
  id: string;
  title: string;
  windowStart: Date;
  windowEnd: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  routes: Array<{ slug: string; origin: PublicNames & { lat: number; lon: number }; destination: PublicNames }>;
};

const corridorColumns = {
  id: corridorAgreements.id,
  title: corridorAgreements.title,
  windowStart: corridorAgreements.windowStart,
  windowEnd: corridorAgreements.windowEnd,
  version: corridorAgreements.version,
  createdAt: corridorAgreements.createdAt,
  updatedAt: corridorAgreements.updatedAt,
};

async function withCorridorRoutes(db: Db, rows: Array<Omit<PublicCorridorWindow, "routes">>): Promise<PublicCorridorWindow[]> {
  if (rows.length === 0) return [];
  const covered = await db
    .select({
      agreementId: agreementRoutes.agreementId,
      slug: routes.slug,
      origin: { ...townNames(originTown), lat: originTown.lat, lon: originTown.lon },
      destination: townNames(destinationTown),
    })
    .from(agreementRoutes)
    .innerJoin(routes, eq(agreementRoutes.routeId, routes.id))
    .innerJoin(originTown, eq(routes.originTownId, originTown.id))
    .innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
    .where(inArray(agreementRoutes.agreementId, rows.map((r) => r.id)))
    .orderBy(asc(originTown.nameEn), asc(routes.slug));
  return rows.map((r) => ({ ...r, routes: covered.filter((c) => c.agreementId === r.id).map(({ agreementId: _, ...c }) => c) }));
}

/** Agreed corridor windows that have not ended at `now`, soonest first. */
export async function listPublicCorridorWindows(db: Db, now: Date): Promise<PublicCorridorWindow[]> {
  const rows = await db
    .select(corridorColumns)
    .from(corridorAgreements)
    .where(and(eq(corridorAgreements.state, "agreed"), gt(corridorAgreements.windowEnd, now)))
    .orderBy(asc(corridorAgreements.windowStart), asc(corridorAgreements.id));
  return withCorridorRoutes(db, rows);
}

/** One agreed corridor window (ended or not); null for any other state. */
export async function getPublicCorridorWindow(db: Db, id: string): Promise<PublicCorridorWindow | null> {
  const rows = await db
    .select(corridorColumns)
    .from(corridorAgreements)
    .where(and(eq(corridorAgreements.id, id), eq(corridorAgreements.state, "agreed")))
    .limit(1);
  return (await withCorridorRoutes(db, rows))[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Incidents

/** An incident coordinate rounded in SQL to PUBLIC_POSITION_DECIMALS (also used by the partner exports). */
export const rounded = (column: typeof incidents.lat | typeof incidents.lon) =>
  sql<number | null>`round(${column}::numeric, ${sql.raw(String(PUBLIC_POSITION_DECIMALS))})::float8`.mapWith((v) =>
    v === null ? null : Number(v),
  );

export type PublicIncident = {
  id: string;
  category: (typeof incidents.$inferSelect)["category"];
  occurredAt: Date;
  occurredPrecision: (typeof incidents.$inferSelect)["occurredPrecision"];
  geoPrecision: (typeof incidents.$inferSelect)["geoPrecision"];
  killed: number | null;
  injured: number | null;
  missing: number | null;
  verification: (typeof incidents.$inferSelect)["verification"];
  publicSummary: string;
  town: (PublicNames & { lat: number; lon: number }) | null;
  /** Rounded in the database to PUBLIC_POSITION_DECIMALS; null when only the town is known. */
  roundedPoint: { lat: number; lon: number } | null;
};

/**
 * Public incidents (visibility public and not retracted as false), newest first. The exact
 * position never leaves the database: it is rounded in SQL. Reporter, internal description,
 * sources' internal notes and revisions are not selected.
 */
export async function listPublicIncidents(db: Db, limit = 500): Promise<PublicIncident[]> {
  const rows = await db
    .select({
      id: incidents.id,
      category: incidents.category,
      occurredAt: incidents.occurredAt,
      occurredPrecision: incidents.occurredPrecision,
      geoPrecision: incidents.geoPrecision,
      killed: incidents.killed,
      injured: incidents.injured,
      missing: incidents.missing,
      verification: incidents.verification,
      publicSummary: incidents.publicSummary,
      latRounded: rounded(incidents.lat),
      lonRounded: rounded(incidents.lon),
      townSlug: towns.slug,
      townUk: towns.nameUk,
      townRu: towns.nameRu,
      townEn: towns.nameEn,
      townLat: towns.lat,
      townLon: towns.lon,
    })
    .from(incidents)
    .leftJoin(towns, eq(incidents.townId, towns.id))
    .where(and(eq(incidents.visibility, "public"), ne(incidents.verification, "false")))
    .orderBy(desc(incidents.occurredAt), asc(incidents.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    occurredAt: r.occurredAt,
    occurredPrecision: r.occurredPrecision,
    geoPrecision: r.geoPrecision,
    killed: r.killed,
    injured: r.injured,
    missing: r.missing,
    verification: r.verification,
    publicSummary: r.publicSummary,
    town:
      r.townSlug === null
        ? null
        : { slug: r.townSlug, nameUk: r.townUk!, nameRu: r.townRu!, nameEn: r.townEn!, lat: r.townLat!, lon: r.townLon! },
    roundedPoint: r.latRounded === null || r.lonRounded === null ? null : { lat: r.latRounded, lon: r.lonRounded },
  }));
}
