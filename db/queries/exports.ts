import "server-only";
import { and, asc, count, desc, eq, gte, inArray, lt, lte, ne, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { IncidentCategory, SourceKind, VerificationState } from "@/lib/enum-values";
import type { IncidentExportRow, ExportSource } from "@/lib/hxl/incidents";
import type { RouteStatusExportRow } from "@/lib/hxl/routes";
import type { ExportScope } from "@/lib/hxl/scope";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { incidents, incidentSources } from "../schema/incidents";
import { hromadas, oblasts, towns } from "../schema/places";
import { routes, routeStatusEvents } from "../schema/routes";
import { sources } from "../schema/sources";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { organisationShortName } from "./organisations";
import { destinationTown, originTown, roundedCoordinate, withRouteTowns } from "../public/columns";

// Admins' exports. Each export is read in pages with KEYSET pagination: a page is "the
// next N rows after the last one sent", ordered by a unique key, so 100,000 incidents stream with one
// page in memory, no OFFSET scan that grows with every page, and no server-side cursor (PGlite has
// none). The partner scope is safe by construction: internal columns are replaced by NULL in SQL and
// exact positions are rounded in SQL, so those values never reach the application.

export const EXPORT_PAGE_SIZE = 1000;

export type IncidentExportFilters = {
  category?: IncidentCategory;
  verification?: VerificationState;
  /** Occurred at or after this instant. */
  from?: Date;
  /** Occurred before this instant (exclusive: the start of the day after the last day asked for). */
  before?: Date;
};

export type ExportOptions<F> = {
  scope: ExportScope;
  filters?: F;
  pageSize?: number;
  /**
   * Only rows recorded at or before this instant: the count said before the first byte and the rows
   * streamed after it then describe the same set, however many are added while the file downloads.
   */
  asOf?: Date;
};

/** Records an export before its first byte is sent: handing data out is a disclosure an admin answers for. */
export async function recordExport(
  db: Db,
  actor: SessionUser | null,
  entry: { action: string; scope: ExportScope; filters: Record<string, unknown> },
): Promise<void> {
  assertRole(actor, "admin");
  await writeAudit(db, {
    actor,
    action: entry.action,
    entityType: "export",
    after: { scope: entry.scope, filters: entry.filters },
  });
}

// The keyset's time as PostgreSQL's own text (microseconds and offset included): a JS Date keeps only
// milliseconds, and a cursor that lost the microseconds would repeat or skip rows on the boundary.
const timeText = (column: typeof incidents.occurredAt | typeof routeStatusEvents.confirmedAt) =>
  sql<string>`${column}::text`;

// ---------------------------------------------------------------------------------------------
// Incidents

const float = (value: SQL) => sql<number | null>`${value}`.mapWith((v) => (v === null ? null : Number(v)));

function incidentColumns(scope: ExportScope) {
  const internal = scope === "internal";
  return {
    id: incidents.id,
    category: incidents.category,
    occurredAt: incidents.occurredAt,
    occurredPrecision: incidents.occurredPrecision,
    reportedAt: incidents.reportedAt,
    updatedAt: incidents.updatedAt,
    killed: incidents.killed,
    injured: incidents.injured,
    missing: incidents.missing,
    verification: incidents.verification,
    visibility: incidents.visibility,
    publicSummary: incidents.publicSummary,
    // Partner: rounded to about 1 km in SQL, like the public GeoJSON; internal: the exact point.
    lat: internal ? float(sql`${incidents.lat}`) : roundedCoordinate(incidents.lat),
    lon: internal ? float(sql`${incidents.lon}`) : roundedCoordinate(incidents.lon),
    internalDescription: internal ? sql<string | null>`${incidents.internalDescription}` : sql<string | null>`null`,
    // Public (the public API gives it too): how exactly the place is known, not where it is.
    geoPrecision: incidents.geoPrecision,
    reportingOrganisation: internal ? organisationShortName(users.organisationId) : sql<string | null>`null`,
    town: { slug: towns.slug, nameEn: towns.nameEn, nameUk: towns.nameUk, nameRu: towns.nameRu, pcode: towns.pcode, lat: towns.lat, lon: towns.lon },
    oblast: { nameEn: oblasts.nameEn, nameUk: oblasts.nameUk, pcode: oblasts.pcode },
    hromada: { nameEn: hromadaOf(towns.hromadaId, "name_en"), pcode: hromadaOf(towns.hromadaId, "pcode") },
    cursorAt: timeText(incidents.occurredAt),
  };
}

/** A town's hromada's English name or OCHA P-code (admin level 3), null for a town without one: one row by primary key. */
function hromadaOf(hromadaId: AnyColumn, column: "name_en" | "pcode") {
  return sql<string | null>`(select h.${sql.raw(column)} from ${hromadas} h where h.id = ${hromadaId})`;
}

type IncidentCursor = { at: string; id: string };

function incidentWhere(scope: ExportScope, filters: IncidentExportFilters, asOf: Date | undefined): SQL[] {
  const where: SQL[] = [];
  if (scope === "partner") where.push(eq(incidents.visibility, "public"), ne(incidents.verification, "false"));
  if (filters.category) where.push(eq(incidents.category, filters.category));
  if (filters.verification) where.push(eq(incidents.verification, filters.verification));
  if (filters.from) where.push(gte(incidents.occurredAt, filters.from));
  if (filters.before) where.push(lt(incidents.occurredAt, filters.before));
  if (asOf) where.push(lte(incidents.createdAt, asOf));
  return where;
}

async function incidentPage(
  db: Db,
  scope: ExportScope,
  filters: IncidentExportFilters,
  asOf: Date | undefined,
  after: IncidentCursor | null,
  limit: number,
) {
  const where = incidentWhere(scope, filters, asOf);
  if (after) {
    // Newest first; the id breaks ties between incidents that occurred at the same instant. The
    // plain "<=" lets the planner use the occurred_at index; the row comparison does the rest.
    where.push(
      sql`${incidents.occurredAt} <= ${after.at}::timestamptz`,
      sql`(${incidents.occurredAt}, ${incidents.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const query = db.select(incidentColumns(scope)).from(incidents).leftJoin(towns, eq(incidents.townId, towns.id)).leftJoin(oblasts, eq(towns.oblastId, oblasts.id));
  const joined = scope === "internal" ? query.leftJoin(users, eq(incidents.reportedBy, users.id)) : query;
  return joined
    .where(and(...where))
    // "nulls last" as in incidents_occurred_idx (the column is never null): with the index's own
    // order PostgreSQL walks the index and sorts only ties by id (an incremental sort), reading about
    // one page of rows; with plain "desc" (nulls first) it read and sorted every remaining row for
    // each page, 13 ms instead of 0.5 ms a page in the middle of 100,000.
    .orderBy(sql`${incidents.occurredAt} desc nulls last`, desc(incidents.id))
    .limit(limit);
}

/**
 * In the partner scope only published sources (agencies, official channels, media) are named and
 * linked. An eyewitness is a person, and a field report or an "other" source may name a contact or
 * point at an internal document: for those only the kind is given.
 */
const withheldSource = (scope: ExportScope) =>
  scope === "partner" ? sql`${sources.kind} not in (${sql.join(PUBLISHED_SOURCE_KINDS.map((k) => sql`${k}`), sql`, `)})` : sql`false`;

const PUBLISHED_SOURCE_KINDS: readonly SourceKind[] = ["wire_agency", "official_channel", "local_media", "international_media"];

/** The sources of a page of incidents, in one query (not one per incident). */
async function sourcesOf(db: Db, scope: ExportScope, incidentIds: string[]): Promise<Map<string, ExportSource[]>> {
  const bySource = new Map<string, ExportSource[]>();
  if (incidentIds.length === 0) return bySource;
  const withheld = withheldSource(scope);
  const rows = await db
    .select({
      incidentId: incidentSources.incidentId,
      kind: sources.kind,
      outlet: sql<string | null>`case when ${withheld} then null else ${sources.outlet} end`,
      url: sql<string | null>`case when ${withheld} then null else ${sources.url} end`,
      publishedAt: sources.publishedAt,
    })
    .from(incidentSources)
    .innerJoin(sources, eq(incidentSources.sourceId, sources.id))
    .where(inArray(incidentSources.incidentId, incidentIds))
    .orderBy(asc(incidentSources.incidentId), asc(sources.createdAt), asc(sources.outlet), asc(sources.id));
  for (const { incidentId, ...source } of rows) {
    const list = bySource.get(incidentId);
    if (list) list.push(source);
    else bySource.set(incidentId, [source]);
  }
  return bySource;
}

type IncidentPageRow = Awaited<ReturnType<typeof incidentPage>>[number];

function toIncidentRow(r: IncidentPageRow, scope: ExportScope, rowSources: ExportSource[]): IncidentExportRow {
  const town = r.town;
  const position =
    r.lat !== null && r.lon !== null
      ? { lat: r.lat, lon: r.lon, basis: scope === "internal" ? ("exact" as const) : ("rounded" as const) }
      : town
        ? { lat: town.lat, lon: town.lon, basis: "town" as const }
        : null;
  return {
    id: r.id,
    category: r.category,
    occurredAt: r.occurredAt,
    occurredPrecision: r.occurredPrecision,
    reportedAt: r.reportedAt,
    updatedAt: r.updatedAt,
    town: town ? { slug: town.slug, nameEn: town.nameEn, nameUk: town.nameUk, nameRu: town.nameRu, pcode: town.pcode } : null,
    oblast: r.oblast,
    hromada: r.hromada.pcode === null ? null : r.hromada,
    position,
    geoPrecision: r.geoPrecision,
    killed: r.killed,
    injured: r.injured,
    missing: r.missing,
    verification: r.verification,
    visibility: r.visibility,
    publicSummary: r.publicSummary,
    sources: rowSources,
    internal:
      scope === "internal"
        ? {
            description: r.internalDescription ?? "",
            reportingOrganisation: r.reportingOrganisation,
          }
        : null,
  };
}

/**
 * Incidents for an export, newest first, one page per iteration. Admins only: the role is checked
 * here, when the export is asked for, not when the first page is read.
 */
export function exportIncidentPages(
  db: Db,
  actor: SessionUser | null,
  options: ExportOptions<IncidentExportFilters>,
): AsyncGenerator<IncidentExportRow[], void, undefined> {
  assertRole(actor, "admin");
  const { scope, filters = {}, pageSize = EXPORT_PAGE_SIZE, asOf } = options;
  return (async function* pages() {
    let after: IncidentCursor | null = null;
    for (;;) {
      const rows = await incidentPage(db, scope, filters, asOf, after, pageSize);
      if (rows.length === 0) return;
      const bySource = await sourcesOf(db, scope, rows.map((r) => r.id));
      yield rows.map((r) => toIncidentRow(r, scope, bySource.get(r.id) ?? []));
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      after = { at: last.cursorAt, id: last.id };
    }
  })();
}

/** How many incidents exportIncidentPages gives for the same options (the file's X-Total-Count). Admins only. */
export async function countIncidentExport(db: Db, actor: SessionUser | null, options: ExportOptions<IncidentExportFilters>): Promise<number> {
  assertRole(actor, "admin");
  const [row] = await db.select({ n: count() }).from(incidents).where(and(...incidentWhere(options.scope, options.filters ?? {}, options.asOf)));
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Route status history

export type RouteStatusExportFilters = {
  /** Confirmed at or after this instant. */
  from?: Date;
  /** Confirmed before this instant. */
  before?: Date;
};

const originOblast = alias(oblasts, "origin_oblast");
const destinationOblast = alias(oblasts, "destination_oblast");
const confirmer = alias(users, "confirmer");

type RouteCursor = { slug: string; at: string; id: string };

function routeStatusWhere(filters: RouteStatusExportFilters, asOf: Date | undefined): SQL[] {
  const where: SQL[] = [];
  if (filters.from) where.push(gte(routeStatusEvents.confirmedAt, filters.from));
  if (filters.before) where.push(lt(routeStatusEvents.confirmedAt, filters.before));
  if (asOf) where.push(lte(routeStatusEvents.createdAt, asOf));
  return where;
}

async function routeStatusPage(
  db: Db,
  scope: ExportScope,
  filters: RouteStatusExportFilters,
  asOf: Date | undefined,
  after: RouteCursor | null,
  limit: number,
) {
  const where = routeStatusWhere(filters, asOf);
  if (after) {
    // Route by route, each route's history oldest first. The plain ">=" on the slug starts the walk
    // of the routes' slug index at the cursor's route; with the row comparison alone PostgreSQL
    // walked every earlier route and its events again for each page, so a page in the middle of
    // 100,000 events took 240 ms instead of 20 ms and the whole history 87 s.
    where.push(
      sql`${routes.slug} >= ${after.slug}::text`,
      sql`(${routes.slug}, ${routeStatusEvents.confirmedAt}, ${routeStatusEvents.id}) > (${after.slug}::text, ${after.at}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const query = withRouteTowns(db
    .select({
      id: routeStatusEvents.id,
      routeSlug: routes.slug,
      mode: routes.mode,
      organisation: organisationShortName(routes.organisationId),
      origin: {
        nameEn: originTown.nameEn,
        nameUk: originTown.nameUk,
        pcode: originTown.pcode,
        oblastEn: originOblast.nameEn,
        oblastPcode: originOblast.pcode,
        hromadaEn: hromadaOf(originTown.hromadaId, "name_en"),
        hromadaPcode: hromadaOf(originTown.hromadaId, "pcode"),
      },
      destination: {
        nameEn: destinationTown.nameEn,
        nameUk: destinationTown.nameUk,
        pcode: destinationTown.pcode,
        oblastEn: destinationOblast.nameEn,
        oblastPcode: destinationOblast.pcode,
        hromadaEn: hromadaOf(destinationTown.hromadaId, "name_en"),
        hromadaPcode: hromadaOf(destinationTown.hromadaId, "pcode"),
      },
      kind: routeStatusEvents.kind,
      status: routeStatusEvents.status,
      reasonCodes: routeStatusEvents.reasonCodes,
      reason: routeStatusEvents.reason,
      confirmedAt: routeStatusEvents.confirmedAt,
      recordedAt: routeStatusEvents.createdAt,
      sourceKind: sources.kind,
      sourceOutlet: sql<string | null>`case when ${withheldSource(scope)} then null else ${sources.outlet} end`,
      sourceUrl: sql<string | null>`case when ${withheldSource(scope)} then null else ${sources.url} end`,
      // Who confirmed a status is internal; even then only the organisation, never the person.
      confirmedByOrganisation: scope === "internal" ? organisationShortName(confirmer.organisationId) : sql<string | null>`null`,
      cursorAt: timeText(routeStatusEvents.confirmedAt),
    })
    .from(routeStatusEvents)
    .innerJoin(routes, eq(routeStatusEvents.routeId, routes.id))
    .$dynamic())
    .innerJoin(originOblast, eq(originTown.oblastId, originOblast.id))
    .innerJoin(destinationOblast, eq(destinationTown.oblastId, destinationOblast.id))
    .leftJoin(sources, eq(routeStatusEvents.sourceId, sources.id));
  const joined = scope === "internal" ? query.leftJoin(confirmer, eq(routeStatusEvents.createdBy, confirmer.id)) : query;
  return joined
    .where(and(...where))
    .orderBy(asc(routes.slug), asc(routeStatusEvents.confirmedAt), asc(routeStatusEvents.id))
    .limit(limit);
}

/** Every route's status history (updates and re-confirmations), route by route, oldest first. Admins only. */
export function exportRouteStatusPages(
  db: Db,
  actor: SessionUser | null,
  options: ExportOptions<RouteStatusExportFilters>,
): AsyncGenerator<RouteStatusExportRow[], void, undefined> {
  assertRole(actor, "admin");
  const { scope, filters = {}, pageSize = EXPORT_PAGE_SIZE, asOf } = options;
  return (async function* pages() {
    let after: RouteCursor | null = null;
    for (;;) {
      const rows = await routeStatusPage(db, scope, filters, asOf, after, pageSize);
      if (rows.length === 0) return;
      yield rows.map(({ cursorAt: _cursor, sourceKind, sourceOutlet, sourceUrl, confirmedByOrganisation, ...r }) => ({
        ...r,
        source: sourceKind === null ? null : { kind: sourceKind, outlet: sourceOutlet, url: sourceUrl },
        internal: scope === "internal" ? { confirmedByOrganisation } : null,
      }));
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      after = { slug: last.routeSlug, at: last.cursorAt, id: last.id };
    }
  })();
}

/**
 * How many status events exportRouteStatusPages gives for the same options (the file's
 * X-Total-Count): every event belongs to a route, so the events alone are counted. Admins only.
 */
export async function countRouteStatusExport(db: Db, actor: SessionUser | null, options: ExportOptions<RouteStatusExportFilters>): Promise<number> {
  assertRole(actor, "admin");
  const [row] = await db.select({ n: count() }).from(routeStatusEvents).where(and(...routeStatusWhere(options.filters ?? {}, options.asOf)));
  return row?.n ?? 0;
}
