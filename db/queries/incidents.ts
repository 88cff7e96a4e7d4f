import "server-only";
import { isUuidText } from "@/lib/uuid-text";
import { and, asc, count, desc, eq, exists, gte, ilike, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { IncidentCategory, SourceKind, VerificationState } from "@/lib/enum-values";
import { COORDINATOR_VERIFICATIONS } from "@/lib/incident-review";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { corridorAgreements } from "../schema/agreements";
import { localizedName } from "@/lib/localized-name";
import { type FieldChanges, incidentAgreements, incidentRevisions, incidentRoutes, incidents, incidentSources } from "../schema/incidents";
import { allLanguages } from "../schema/localized-text";
import { towns } from "../schema/places";
import { routes } from "../schema/routes";
import { sources } from "../schema/sources";
import { users } from "../schema/users";
import { destinationTown, originTown, placeNameColumns, withRouteTowns } from "../public/columns";

export type IncidentFilters = {
  town?: string;
  route?: string;
  category?: IncidentCategory;
  verification?: VerificationState;
  sourceKind?: SourceKind;
  /** Words to find in the summary, the internal description or a source's outlet. */
  q?: string;
  /** Inclusive instants (the page turns Kyiv dates into them). */
  from?: Date;
  to?: Date;
};

export const INCIDENTS_PAGE_SIZE = 25;

/** `%` and `_` typed into the search box are looked for literally, not as wildcards. */
const likePattern = (words: string) => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function incidentConditions(db: Db, filters: IncidentFilters): SQL | undefined {
  const where: SQL[] = [];
  if (filters.town) where.push(eq(towns.slug, filters.town));
  if (filters.category) where.push(eq(incidents.category, filters.category));
  if (filters.verification) where.push(eq(incidents.verification, filters.verification));
  if (filters.from) where.push(gte(incidents.occurredAt, filters.from));
  if (filters.to) where.push(lte(incidents.occurredAt, filters.to));
  if (filters.route) {
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(incidentRoutes)
          .innerJoin(routes, eq(incidentRoutes.routeId, routes.id))
          .where(and(eq(incidentRoutes.incidentId, incidents.id), eq(routes.slug, filters.route))),
      ),
    );
  }
  const citing = (condition: SQL) =>
    exists(
      db
        .select({ one: sql`1` })
        .from(incidentSources)
        .innerJoin(sources, eq(incidentSources.sourceId, sources.id))
        .where(and(eq(incidentSources.incidentId, incidents.id), condition)),
    );
  if (filters.sourceKind) where.push(citing(eq(sources.kind, filters.sourceKind)));
  const q = filters.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    where.push(or(ilike(allLanguages(incidents.publicSummary), pattern), ilike(incidents.internalDescription, pattern), citing(ilike(sources.outlet, pattern)))!);
  }
  return and(...where);
}

const listColumns = {
  id: incidents.id,
  category: incidents.category,
  occurredAt: incidents.occurredAt,
  occurredPrecision: incidents.occurredPrecision,
  reportedAt: incidents.reportedAt,
  killed: incidents.killed,
  injured: incidents.injured,
  missing: incidents.missing,
  publicSummary: incidents.publicSummary,
  verification: incidents.verification,
  visibility: incidents.visibility,
  town: { slug: towns.slug, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
};

/** One page of incidents matching the filters, in the given order, with the total. */
async function listIncidentsPage(db: Db, filters: IncidentFilters, page: number, order: SQL[]) {
  const condition = incidentConditions(db, filters);
  const [rows, [total]] = await Promise.all([
    db
      .select(listColumns)
      .from(incidents)
      .leftJoin(towns, eq(incidents.townId, towns.id))
      .where(condition)
      // The id breaks ties, so no incident is shown twice or skipped between pages.
      .orderBy(...order, desc(incidents.occurredAt), desc(incidents.createdAt), desc(incidents.id))
      .limit(INCIDENTS_PAGE_SIZE)
      .offset((Math.max(1, page) - 1) * INCIDENTS_PAGE_SIZE),
    db.select({ n: count() }).from(incidents).leftJoin(towns, eq(incidents.townId, towns.id)).where(condition),
  ]);
  return { rows, total: total?.n ?? 0, pageSize: INCIDENTS_PAGE_SIZE };
}

export type IncidentListPage = Awaited<ReturnType<typeof listIncidentsPage>>;
export type IncidentListRow = IncidentListPage["rows"][number];

/** The coordinators' incident log: filtered, newest first, one page at a time, with the total. */
export async function listIncidentsForCoordinators(db: Db, actor: SessionUser | null, filters: IncidentFilters, page = 1) {
  assertRole(actor, "coordinator");
  return listIncidentsPage(db, filters, page, []);
}

/**
 * The admins' review queue: every incident, internal ones included; those still waiting for an
 * admin (unverified, corroborated) first, then the reviewed ones, each newest first.
 */
export async function listIncidentsForReview(db: Db, actor: SessionUser | null, filters: IncidentFilters, page = 1) {
  assertRole(actor, "admin");
  return listIncidentsPage(db, filters, page, [
    sql`case when ${inArray(incidents.verification, [...COORDINATOR_VERIFICATIONS])} then 0 else 1 end`,
  ]);
}

/** One incident with everything its page and edit form show, internal fields included. */
export async function getIncidentForCoordinator(db: Db, actor: SessionUser | null, id: string) {
  assertRole(actor, "coordinator");
  const [incident] = await db
    .select({
      incident: incidents,
      town: { slug: towns.slug, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
      reportedByEmail: users.email,
    })
    .from(incidents)
    .leftJoin(towns, eq(incidents.townId, towns.id))
    .leftJoin(users, eq(incidents.reportedBy, users.id))
    .where(eq(incidents.id, id));
  if (!incident) return null;
  const [incidentSourceRows, routeRows, agreementRows, revisions] = await Promise.all([
    db
      .select({ id: sources.id, kind: sources.kind, outlet: sources.outlet, url: sources.url, publishedAt: sources.publishedAt })
      .from(incidentSources)
      .innerJoin(sources, eq(incidentSources.sourceId, sources.id))
      .where(eq(incidentSources.incidentId, id))
      .orderBy(asc(sources.createdAt), asc(sources.outlet)),
    withRouteTowns(db
      .select({
        id: routes.id,
        slug: routes.slug,
        waypoints: routes.waypoints,
        status: routes.status,
        statusConfirmedAt: routes.statusConfirmedAt,
        freshnessWindowHours: routes.freshnessWindowHours,
        origin: placeNameColumns(originTown),
        destination: placeNameColumns(destinationTown),
      })
      .from(incidentRoutes)
      .innerJoin(routes, eq(incidentRoutes.routeId, routes.id))
      .$dynamic())
      .where(eq(incidentRoutes.incidentId, id)),
    db
      .select({ id: corridorAgreements.id, title: corridorAgreements.title })
      .from(incidentAgreements)
      .innerJoin(corridorAgreements, eq(incidentAgreements.agreementId, corridorAgreements.id))
      .where(eq(incidentAgreements.incidentId, id)),
    db
      .select({
        revision: incidentRevisions.revision,
        action: incidentRevisions.action,
        changes: incidentRevisions.changes,
        note: incidentRevisions.note,
        changedAt: incidentRevisions.changedAt,
        byEmail: users.email,
      })
      .from(incidentRevisions)
      .leftJoin(users, eq(incidentRevisions.changedBy, users.id))
      .where(eq(incidentRevisions.incidentId, id))
      .orderBy(desc(incidentRevisions.revision)),
  ]);
  return { ...incident.incident, town: incident.town, reportedByEmail: incident.reportedByEmail, sources: incidentSourceRows, routes: routeRows, agreements: agreementRows, revisions };
}

/**
 * What the ids recorded in revisions (a town, routes, agreements) are called, so a diff reads
 * "Kreminna → Sloviansk", not a uuid. Ids of rows deleted since are simply not in the map.
 */
export async function listRevisionNames(db: Db, actor: SessionUser | null, revisions: { changes: FieldChanges }[], locale: string) {
  assertRole(actor, "coordinator");
  const ids = { townId: new Set<string>(), routeIds: new Set<string>(), agreementIds: new Set<string>() };
  for (const { changes } of revisions) {
    for (const field of Object.keys(ids) as (keyof typeof ids)[]) {
      const change = changes[field];
      if (!change) continue;
      for (const value of [change.from, change.to].flat()) if (typeof value === "string" && isUuidText(value)) ids[field].add(value);
    }
  }
  const [townRows, routeRows, agreementRows] = await Promise.all([
    ids.townId.size ? db.select({ id: towns.id, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn }).from(towns).where(inArray(towns.id, [...ids.townId])) : [],
    ids.routeIds.size
      ? withRouteTowns(db
          .select({ id: routes.id, origin: { nameUk: originTown.nameUk, nameRu: originTown.nameRu, nameEn: originTown.nameEn }, destination: { nameUk: destinationTown.nameUk, nameRu: destinationTown.nameRu, nameEn: destinationTown.nameEn } })
          .from(routes)
          .$dynamic())
          .where(inArray(routes.id, [...ids.routeIds]))
      : [],
    ids.agreementIds.size ? db.select({ id: corridorAgreements.id, title: corridorAgreements.title }).from(corridorAgreements).where(inArray(corridorAgreements.id, [...ids.agreementIds])) : [],
  ]);
  return Object.fromEntries([
    ...townRows.map((r) => [r.id, localizedName(r, locale)]),
    ...routeRows.map((r) => [r.id, `${localizedName(r.origin, locale)} → ${localizedName(r.destination, locale)}`]),
    ...agreementRows.map((r) => [r.id, r.title]),
  ]) as Record<string, string>;
}


export type CoordinatorIncident = NonNullable<Awaited<ReturnType<typeof getIncidentForCoordinator>>>;

/** At most this many routes offered by an incident list's route filter: a town has tens; a busy hub fewer than this. */
export const INCIDENT_ROUTE_FILTER_MAX = 200;

/**
 * The routes an incident list's filter offers: those from or to the chosen town, and the route
 * already filtered by (a shared link may name one without its town). Never every route: at
 * national scale that is thousands of options on every page of the queue.
 */
export async function listIncidentRouteFilterOptions(db: Db, actor: SessionUser | null, { town, route }: { town?: string; route?: string }) {
  assertRole(actor, "coordinator");
  const which = [town ? or(eq(originTown.slug, town), eq(destinationTown.slug, town)) : undefined, route ? eq(routes.slug, route) : undefined].filter((c) => c !== undefined);
  if (which.length === 0) return [];
  return withRouteTowns(db.select({ slug: routes.slug, origin: placeNameColumns(originTown), destination: placeNameColumns(destinationTown) }).from(routes).$dynamic())
    .where(or(...which))
    .orderBy(asc(originTown.nameEn), asc(destinationTown.nameEn), asc(routes.slug))
    .limit(INCIDENT_ROUTE_FILTER_MAX);
}

/** The agreements the incident form offers to link (its routes are listRouteChoices', one town's at a time). */
export async function listIncidentAgreementOptions(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  return db.select({ id: corridorAgreements.id, title: corridorAgreements.title }).from(corridorAgreements).orderBy(desc(corridorAgreements.windowStart));
}
