import "server-only";
import { and, asc, count, desc, eq, gte, inArray, lt, lte, ne, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { STATUS_REASON_CODES, type IncidentCategory, type SourceKind, type VerificationState } from "@/lib/enum-values";
import type { IncidentExportRow, ExportSource } from "@/lib/hxl/incidents";
import type { RouteStatusExportRow } from "@/lib/hxl/routes";
import type { ExportScope } from "@/lib/hxl/scope";
import { reasonLabel } from "@/lib/reason-codes";
import { assertRole } from "@/lib/roles";
import { PLACE_TIME_ZONE } from "@/lib/time";
import type { SessionUser } from "@/lib/session-user";
import { rowsOf, type Db } from "../client";
import { incidents, incidentSources } from "../schema/incidents";
import { organisations } from "../schema/organisations";
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

// ---------------------------------------------------------------------------------------------
// Route status history as CSV text written by PostgreSQL
//
// The whole history is 100,000 rows of 33 cells. Formatting them in JavaScript (an object per row,
// a time-zone lookup per instant, csv-stringify per cell) cost more CPU than the queries, and its
// garbage as much again. PostgreSQL writes each record instead, cell by cell by the rules of
// lib/hxl/csv.ts (csvRecords); exports.db.test.ts holds the two to the same bytes, tricky cells included.

/** Rows a page of the CSV history holds: one query per 5,000 rows (about 2 MB of text), still one page in memory. */
export const ROUTE_CSV_PAGE_SIZE = 5000;

// What csv-stringify's escape_formulas prefixes with an apostrophe: a cell a spreadsheet would run.
const FORMULA_START = "[-=+@\\t\\r\uFF1D\uFF0B\uFF0D\uFF20]";
// A cell that needs more than itself: a formula start, or a character that makes it quoted.
const NEEDS_CARE = sql.raw(`E'^${FORMULA_START}|[",\\r\\n]'`);
const STARTS_AS_FORMULA = sql.raw(`E'^${FORMULA_START}'`);
const QUOTED = sql.raw(`E'[",\\r\\n]'`);

/**
 * One CSV cell (csvRecords' rules): null and "" empty; a formula start gets an apostrophe; quoted
 * when it holds " , CR or LF. Almost every cell is itself, decided by one regular expression.
 */
function csvCell(value: SQL | AnyColumn): SQL<string> {
  const guarded = sql`(case when ${value} ~ ${STARTS_AS_FORMULA} then '''' else '' end || ${value})`;
  return sql<string>`(case when ${value} is null then '' when ${value} !~ ${NEEDS_CARE} then ${value} when ${value} ~ ${QUOTED} then '"' || replace(${guarded}, '"', '""') || '"' else ${guarded} end)`;
}

/** lib/hxl/time.ts exportTime in SQL: the place's wall-clock time to the second, with its offset ("+03:00"). */
function csvTime(value: SQL | AnyColumn): SQL<string> {
  const zone = sql`${PLACE_TIME_ZONE}::text`;
  const offset = sql`((${value} at time zone ${zone}) - (${value} at time zone 'UTC'))`;
  return sql<string>`(to_char(${value} at time zone ${zone}, 'YYYY-MM-DD"T"HH24:MI:SS') || case when ${offset} < interval '0' then '-' || to_char(-${offset}, 'HH24:MI') else '+' || to_char(${offset}, 'HH24:MI') end)`;
}

type PageColumns = Record<string, SQL | AnyColumn>;

/** The record's cells in routeStatusColumns(scope) order (lib/hxl/routes.ts), each as SQL text, from the page's text columns. */
function routeCsvCells(p: PageColumns, scope: ExportScope): SQL[] {
  // Text only this code writes (uuids, enum values, "UKR", codes joined by " | ") never needs care.
  const plain = (name: string) => sql`coalesce(${p[name]!}, '')`;
  const text = (name: string) => csvCell(p[name]!);
  const end = (side: "origin" | "dest") => [
    ...["NameEn", "NameUk", "Pcode", "HromadaEn", "HromadaPcode", "OblastEn", "OblastPcode"].map((c) => text(`${side}${c}`)),
    plain(`${side}Country`),
  ];
  const cells = [
    plain("id"),
    text("routeSlug"),
    ...end("origin"),
    ...end("dest"),
    plain("mode"),
    text("organisation"),
    plain("kind"),
    plain("status"),
    plain("reasonCodes"),
    text("reasonLabels"),
    text("reasonUk"),
    text("reasonRu"),
    text("reasonEn"),
    csvTime(p.confirmedAt!),
    csvTime(p.recordedAt!),
    text("sourceOutlet"),
    text("sourceUrl"),
    plain("sourceKind"),
  ];
  if (scope === "internal") cells.push(text("confirmedByOrganisation"));
  return cells;
}

const REASON_CODES = sql.raw(`array[${STATUS_REASON_CODES.map((c) => `'${c}'`).join(",")}]::text[]`);

/**
 * A status event's reason codes, each once in the form's order (sortedReasonCodes), joined by
 * `separator`: as codes, or worded as reasonLabels(codes, "en").
 */
function reasonCodesText(codes: SQL, what: "code" | "label", separator: string): SQL<string | null> {
  const labels = sql`array[${sql.join(STATUS_REASON_CODES.map((c) => sql`${reasonLabel(c, "en")}::text`), sql`, `)}]`;
  // An event without a reason code skips the subquery.
  return sql<string | null>`case when cardinality(${codes}) > 0 then (select string_agg(x.${sql.raw(what)}, ${separator}::text order by x.n) from unnest(${REASON_CODES}, ${labels}) with ordinality as x(code, label, n) where x.code = any(${codes}::text[])) end`;
}

/** countryOfPcode(pcode)?.code in SQL. */
const countryOf = (pcode: AnyColumn) => sql<string | null>`case when upper(left(${pcode}, 2)) = 'UA' then 'UKR' end`;

type CsvPageRow = { id: string; routeSlug: string; at: string; line: string };

/**
 * One page of the history as CSV lines. The page's events are picked first, narrow (route by route
 * in slug order, each route's events through its own index, a lateral join PostgreSQL cannot turn
 * into a hash join): with the whole row and a page of 5,000, the planner chose to hash-join and sort
 * every remaining event on disk for each page (300 ms a page in the middle, 30 s in all). Then the
 * page's 5,000 rows are joined to their names, and written.
 */
async function routeCsvPage(db: Db, scope: ExportScope, filters: RouteStatusExportFilters, asOf: Date | undefined, after: RouteCursor | null, limit: number): Promise<CsvPageRow[]> {
  const where = routeStatusWhere(filters, asOf);
  const internal = scope === "internal";
  const withheld = withheldSource(scope);
  const routesFrom = after ? sql`where ${routes.slug} >= ${after.slug}::text` : sql``;
  if (after) {
    where.push(sql`(r.slug > ${after.slug}::text or (${routeStatusEvents.confirmedAt}, ${routeStatusEvents.id}) > (${after.at}::timestamptz, ${after.id}::uuid))`);
  }
  const e = sql.raw("pick");
  const cells = routeCsvCells(
    Object.fromEntries(
      ["id", "routeSlug", "mode", "organisation", "kind", "status", "reasonCodes", "reasonLabels", "reasonUk", "reasonRu", "reasonEn", "confirmedAt", "recordedAt", "sourceOutlet", "sourceUrl", "sourceKind", "confirmedByOrganisation"]
        .concat((["origin", "dest"] as const).flatMap((side) => ["NameEn", "NameUk", "Pcode", "HromadaEn", "HromadaPcode", "OblastEn", "OblastPcode", "Country"].map((c) => `${side}${c}`)))
        .map((name) => [name, sql.raw(`page."${name}"`)]),
    ),
    scope,
  );
  const result = await db.execute(sql`
    with pick as materialized (
      select ev.*
      from (select ${routes.id} as id, ${routes.slug} as slug from ${routes} ${routesFrom} order by ${routes.slug}) r
      cross join lateral (
        -- What the record needs of the event, so the page never joins the events table again.
        select ${sql.join(
          [routeStatusEvents.id, routeStatusEvents.routeId, routeStatusEvents.confirmedAt, routeStatusEvents.createdAt, routeStatusEvents.kind, routeStatusEvents.status, routeStatusEvents.reasonCodes, routeStatusEvents.reason, routeStatusEvents.sourceId, routeStatusEvents.createdBy],
          sql`, `,
        )}
        from ${routeStatusEvents}
        where ${and(sql`${routeStatusEvents.routeId} = r.id`, ...where)}
        order by ${routeStatusEvents.confirmedAt}, ${routeStatusEvents.id}
        limit ${limit}
      ) ev
      order by r.slug, ev.confirmed_at, ev.id
      limit ${limit}
    ),
    page as materialized (
      select
        ${e}.id::text as "id",
        ${e}.id as "eventId",
        ${routes.slug} as "routeSlug",
        ${e}.confirmed_at::text as "at",
        ${routes.mode}::text as "mode",
        route_organisation.short_name as "organisation",
        ${originTown.nameEn} as "originNameEn", ${originTown.nameUk} as "originNameUk", ${originTown.pcode} as "originPcode",
        origin_hromada.name_en as "originHromadaEn", origin_hromada.pcode as "originHromadaPcode",
        ${originOblast.nameEn} as "originOblastEn", ${originOblast.pcode} as "originOblastPcode", ${countryOf(originOblast.pcode)} as "originCountry",
        ${destinationTown.nameEn} as "destNameEn", ${destinationTown.nameUk} as "destNameUk", ${destinationTown.pcode} as "destPcode",
        destination_hromada.name_en as "destHromadaEn", destination_hromada.pcode as "destHromadaPcode",
        ${destinationOblast.nameEn} as "destOblastEn", ${destinationOblast.pcode} as "destOblastPcode", ${countryOf(destinationOblast.pcode)} as "destCountry",
        ${e}.kind::text as "kind",
        ${e}.status::text as "status",
        ${reasonCodesText(sql`${e}.reason_codes`, "code", " | ")} as "reasonCodes",
        ${reasonCodesText(sql`${e}.reason_codes`, "label", "; ")} as "reasonLabels",
        ${e}.reason->>'uk' as "reasonUk", ${e}.reason->>'ru' as "reasonRu", ${e}.reason->>'en' as "reasonEn",
        ${e}.confirmed_at as "confirmedAt",
        ${e}.created_at as "recordedAt",
        ${sources.kind}::text as "sourceKind",
        case when ${withheld} then null else ${sources.outlet} end as "sourceOutlet",
        case when ${withheld} then null else ${sources.url} end as "sourceUrl",
        -- Who confirmed a status is internal; even then only the organisation, never the person.
        ${internal ? sql`confirmer_organisation.short_name` : sql`null::text`} as "confirmedByOrganisation"
      from pick
      join ${routes} on ${routes.id} = ${e}.route_id
      join ${towns} as "origin" on ${originTown.id} = ${routes.originTownId}
      join ${towns} as "destination" on ${destinationTown.id} = ${routes.destinationTownId}
      join ${oblasts} as "origin_oblast" on ${originOblast.id} = ${originTown.oblastId}
      join ${oblasts} as "destination_oblast" on ${destinationOblast.id} = ${destinationTown.oblastId}
      left join ${hromadas} as origin_hromada on origin_hromada.id = ${originTown.hromadaId}
      left join ${hromadas} as destination_hromada on destination_hromada.id = ${destinationTown.hromadaId}
      left join ${organisations} as route_organisation on route_organisation.id = ${routes.organisationId}
      left join ${sources} on ${sources.id} = ${e}.source_id
      left join ${users} as confirmer on confirmer.id = ${e}.created_by
      left join ${organisations} as confirmer_organisation on confirmer_organisation.id = confirmer.organisation_id
    )
    select page."id" as "id", page."routeSlug" as "routeSlug", page."at" as "at",
           concat_ws(',', ${sql.join(cells, sql`, `)}) || ${sql.raw(`E'\\r\\n'`)} as "line"
    from page
    order by page."routeSlug", page."confirmedAt", page."eventId"`);
  return rowsOf<CsvPageRow>(result);
}

/**
 * The route status history as CSV records (routeStatusColumns(scope), each line ending in CRLF), one
 * array of lines per page, in exportRouteStatusPages' order. Admins only.
 */
export function exportRouteStatusCsvPages(
  db: Db,
  actor: SessionUser | null,
  options: ExportOptions<RouteStatusExportFilters>,
): AsyncGenerator<string[], void, undefined> {
  assertRole(actor, "admin");
  const { scope, filters = {}, pageSize = ROUTE_CSV_PAGE_SIZE, asOf } = options;
  return (async function* pages() {
    let after: RouteCursor | null = null;
    for (;;) {
      const rows = await routeCsvPage(db, scope, filters, asOf, after, pageSize);
      if (rows.length === 0) return;
      yield rows.map((r) => r.line);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      after = { slug: last.routeSlug, at: last.at, id: last.id };
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
