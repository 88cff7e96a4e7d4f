import "server-only";
import { and, asc, count, desc, eq, exists, gte, lte, sql, type SQL } from "drizzle-orm";
import type { IncidentCategory, VerificationState } from "@/db/schema/enum-values";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { corridorAgreements } from "../schema/agreements";
import { incidentAgreements, incidentRevisions, incidentRoutes, incidents, incidentSources } from "../schema/incidents";
import { towns } from "../schema/places";
import { routes } from "../schema/routes";
import { sources } from "../schema/sources";
import { users } from "../schema/users";
import { destinationTown, originTown } from "./route-columns";

/** The admins' review list: every incident, internal ones included, newest first. */
export async function listIncidentsForReview(db: Db, actor: SessionUser | null, limit = 100) {
  assertRole(actor, "admin");
  return db
    .select({
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
      townEn: towns.nameEn,
      townUk: towns.nameUk,
      townRu: towns.nameRu,
    })
    .from(incidents)
    .leftJoin(towns, eq(incidents.townId, towns.id))
    .orderBy(desc(incidents.occurredAt))
    .limit(limit);
}

export type ReviewIncident = Awaited<ReturnType<typeof listIncidentsForReview>>[number];

export type IncidentFilters = {
  town?: string;
  route?: string;
  category?: IncidentCategory;
  verification?: VerificationState;
  /** Inclusive instants (the page turns Kyiv dates into them). */
  from?: Date;
  to?: Date;
};

export const INCIDENTS_PAGE_SIZE = 25;

/** The coordinators' incident log: filtered, newest first, one page at a time, with the total. */
export async function listIncidentsForCoordinators(db: Db, actor: SessionUser | null, filters: IncidentFilters, page = 1) {
  assertRole(actor, "coordinator");
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
  const condition = and(...where);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: incidents.id,
        category: incidents.category,
        occurredAt: incidents.occurredAt,
        occurredPrecision: incidents.occurredPrecision,
        killed: incidents.killed,
        injured: incidents.injured,
        missing: incidents.missing,
        publicSummary: incidents.publicSummary,
        verification: incidents.verification,
        visibility: incidents.visibility,
        town: { slug: towns.slug, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
      })
      .from(incidents)
      .leftJoin(towns, eq(incidents.townId, towns.id))
      .where(condition)
      // The id breaks ties, so no incident is shown twice or skipped between pages.
      .orderBy(desc(incidents.occurredAt), desc(incidents.createdAt), desc(incidents.id))
      .limit(INCIDENTS_PAGE_SIZE)
      .offset((Math.max(1, page) - 1) * INCIDENTS_PAGE_SIZE),
    db.select({ n: count() }).from(incidents).leftJoin(towns, eq(incidents.townId, towns.id)).where(condition),
  ]);
  return { rows, total: total?.n ?? 0, pageSize: INCIDENTS_PAGE_SIZE };
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
    db
      .select({ id: routes.id, slug: routes.slug, origin: { nameUk: originTown.nameUk, nameRu: originTown.nameRu, nameEn: originTown.nameEn }, destination: { nameUk: destinationTown.nameUk, nameRu: destinationTown.nameRu, nameEn: destinationTown.nameEn } })
      .from(incidentRoutes)
      .innerJoin(routes, eq(incidentRoutes.routeId, routes.id))
      .innerJoin(originTown, eq(routes.originTownId, originTown.id))
      .innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
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

export type CoordinatorIncident = NonNullable<Awaited<ReturnType<typeof getIncidentForCoordinator>>>;

/** What the incident form offers to link: every route (with its line, to suggest the near ones) and agreement. */
export async function listIncidentLinkOptions(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  const [routeOptions, agreementOptions] = await Promise.all([
    db
      .select({ id: routes.id, slug: routes.slug, waypoints: routes.waypoints, origin: { nameUk: originTown.nameUk, nameRu: originTown.nameRu, nameEn: originTown.nameEn }, destination: { nameUk: destinationTown.nameUk, nameRu: destinationTown.nameRu, nameEn: destinationTown.nameEn } })
      .from(routes)
      .innerJoin(originTown, eq(routes.originTownId, originTown.id))
      .innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
      .orderBy(asc(originTown.nameEn), asc(destinationTown.nameEn)),
    db.select({ id: corridorAgreements.id, title: corridorAgreements.title }).from(corridorAgreements).orderBy(desc(corridorAgreements.windowStart)),
  ]);
  return { routes: routeOptions, agreements: agreementOptions };
}
