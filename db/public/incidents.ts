import "server-only";
import { and, asc, count, desc, eq, gt, gte, inArray, lt, ne, or, type SQL } from "drizzle-orm";
import { boundedLimit } from "@/lib/pagination";
import { isUuidText } from "@/lib/uuid-text";
import type { Db } from "../client";
import { incidentRoutes, incidents } from "../schema/incidents";
import { oblasts, towns } from "../schema/places";
import { incidentColumns } from "./columns";
import type { PublicIncident } from "./types";

/** A route page lists the incidents of the last 30 days linked to it, at most this many. */
export const RECENT_INCIDENT_DAYS = 30;
export const RECENT_INCIDENTS_PER_ROUTE = 5;

const DAY = 24 * 60 * 60 * 1000;

/** Published: visibility public and not retracted as false. */
const published = and(eq(incidents.visibility, "public"), ne(incidents.verification, "false"));

type IncidentRow = Awaited<ReturnType<typeof selectIncidents>>[number];

function toPublicIncident(r: IncidentRow): PublicIncident {
  return {
    id: r.id,
    category: r.category,
    occurredAt: r.occurredAt,
    occurredPrecision: r.occurredPrecision,
    geoPrecision: r.geoPrecision,
    killed: r.killed,
    injured: r.injured,
    missing: r.missing,
    // `published` already excludes "false"; the check keeps the type honest.
    verification: r.verification === "false" ? "unverified" : r.verification,
    publicSummary: r.publicSummary,
    town:
      r.townSlug === null
        ? null
        : { slug: r.townSlug, nameUk: r.townUk!, nameRu: r.townRu!, nameEn: r.townEn!, lat: r.townLat!, lon: r.townLon! },
    roundedPoint: r.latRounded === null || r.lonRounded === null ? null : { lat: r.latRounded, lon: r.lonRounded },
  };
}

function selectIncidents(db: Db, where: SQL | undefined) {
  return db
    .select(incidentColumns)
    .from(incidents)
    .leftJoin(towns, eq(incidents.townId, towns.id))
    .where(and(published, where))
    .orderBy(desc(incidents.occurredAt), asc(incidents.id));
}

/**
 * Published incidents, newest first. The exact position never leaves the database: it is rounded
 * in SQL. Reporter, internal description, sources and revisions are not selected.
 */
export async function listPublicIncidents(db: Db, { limit, slug }: { limit?: number; slug?: string } = {}): Promise<PublicIncident[]> {
  // `slug`: only those in or near that town (the API's ?town=).
  const where = slug === undefined ? undefined : eq(towns.slug, slug);
  return (await selectIncidents(db, where).limit(boundedLimit(limit, 500, 10_000))).map(toPublicIncident);
}

export type PublicIncidentPage = { items: PublicIncident[]; total: number; next: [string, string] | null };

/**
 * One page of published incidents, newest first (then by id, so equal times keep one order),
 * after the (occurredAt, id) key `after`; with how many match in all, and the key of the next
 * page while more remain. Filters by town, oblast and changed since (logged or edited).
 */
export async function listPublicIncidentPage(
  db: Db,
  { limit, slug, oblast, changedSince, after }: { limit?: number; slug?: string; oblast?: string; changedSince?: Date; after?: readonly (string | number)[] | null } = {},
): Promise<PublicIncidentPage> {
  const size = boundedLimit(limit, 500, 10_000);
  const inOblast = oblast === undefined ? undefined : inArray(incidents.townId, db.select({ id: towns.id }).from(towns).innerJoin(oblasts, eq(towns.oblastId, oblasts.id)).where(eq(oblasts.slug, oblast)));
  const filters = and(slug === undefined ? undefined : eq(towns.slug, slug), inOblast, changedSince ? gte(incidents.updatedAt, changedSince) : undefined);
  const [afterAt, afterId] = after ?? [];
  const position =
    typeof afterAt === "string" && typeof afterId === "string" && isUuidText(afterId)
      ? or(lt(incidents.occurredAt, new Date(afterAt)), and(eq(incidents.occurredAt, new Date(afterAt)), gt(incidents.id, afterId)))
      : undefined;
  const [rows, [counted]] = await Promise.all([
    selectIncidents(db, and(filters, position)).limit(size + 1),
    db.select({ n: count() }).from(incidents).leftJoin(towns, eq(incidents.townId, towns.id)).where(and(published, filters)),
  ]);
  const items = rows.slice(0, size).map(toPublicIncident);
  const last = items.at(-1);
  return { items, total: counted?.n ?? 0, next: rows.length > size && last ? [last.occurredAt.toISOString(), last.id] : null };
}

/** Each route's recent published incidents (see RECENT_INCIDENT_DAYS), newest first. */
export async function listRecentRouteIncidents(
  db: Db,
  { now, routeIds }: { now: Date; routeIds?: string[] },
): Promise<Array<{ routeId: string; incidents: PublicIncident[] }>> {
  routeIds = [...new Set(routeIds ?? [])].filter(isUuidText);
  if (routeIds.length === 0) return [];
  // One query: each link row carries its incident, newest first.
  const rows = await db
    .select({ ...incidentColumns, routeId: incidentRoutes.routeId })
    .from(incidentRoutes)
    .innerJoin(incidents, eq(incidentRoutes.incidentId, incidents.id))
    .leftJoin(towns, eq(incidents.townId, towns.id))
    .where(and(inArray(incidentRoutes.routeId, routeIds), published, gte(incidents.occurredAt, new Date(now.getTime() - RECENT_INCIDENT_DAYS * DAY))))
    .orderBy(desc(incidents.occurredAt), asc(incidents.id));
  return routeIds.map((routeId) => ({
    routeId,
    incidents: rows.filter((r) => r.routeId === routeId).slice(0, RECENT_INCIDENTS_PER_ROUTE).map(toPublicIncident),
  }));
}
