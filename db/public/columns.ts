import "server-only";
import { eq, sql } from "drizzle-orm";
import { alias, type PgSelect } from "drizzle-orm/pg-core";
import { corridorAgreements, corridorAlerts } from "../schema/agreements";
import { incidents } from "../schema/incidents";
import { organisations } from "../schema/organisations";
import { areaNotices, oblasts, towns } from "../schema/places";
import { routes, routeStatusEvents } from "../schema/routes";
import { sources } from "../schema/sources";
import { receptionPoints } from "../schema/reception-points";
import type { SourceKind, VerificationState } from "../schema/enums";
import { MAX_CLOCK_SKEW_MS } from "@/lib/freshness";

// The ONLY column sets a public read may select. Anything derived from an internal field (whether
// a review flag is pending, an incident's position) is computed here in SQL, so the internal value
// itself never reaches the application. Staff reads that need more add their columns on top of
// these in db/queries; nothing here may name an internal column directly.

/** A route's two ends: every query that shows a route joins towns twice under these names. */
export const originTown = alias(towns, "origin");
export const destinationTown = alias(towns, "destination");

/**
 * Joins `routes` in `query` to its two towns, as originTown and destinationTown (the query selects
 * from `routes` or joins it). Inner joins: a route always has both towns. Call `.$dynamic()` first.
 */
export function withRouteTowns<T extends PgSelect>(query: T) {
  return query.innerJoin(originTown, eq(routes.originTownId, originTown.id)).innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id));
}

type TownTable = typeof towns | typeof originTown | typeof destinationTown;

// Generic, so drizzle still sees which (possibly left-joined) table each column comes from.
export const placeNameColumns = <T extends TownTable | typeof oblasts>(t: T) => ({ slug: t.slug as T["slug"], nameUk: t.nameUk as T["nameUk"], nameRu: t.nameRu as T["nameRu"], nameEn: t.nameEn as T["nameEn"] });

/** A town's own point: public, it is where the town is on any map. */
export const placeColumns = <T extends TownTable>(t: T) => ({ ...placeNameColumns(t), lat: t.lat as T["lat"], lon: t.lon as T["lon"] });

/** Decimal places public incident positions keep: 0.01° is about 1.1 km north-south, 0.7 km east-west here. */
export const PUBLIC_POSITION_DECIMALS = 2;

/** An incident coordinate rounded in SQL to PUBLIC_POSITION_DECIMALS (the partner exports use it too). */
export const roundedCoordinate = (column: typeof incidents.lat | typeof incidents.lon | typeof routes.assemblyPointLat | typeof routes.assemblyPointLon) =>
  sql<number | null>`round(${column}::numeric, ${sql.raw(String(PUBLIC_POSITION_DECIMALS))})::float8`.mapWith((v) =>
    v === null ? null : Number(v),
  );

export const townColumns = {
  ...placeColumns(towns),
  aliases: towns.aliases,
  pcode: towns.pcode,
  oblast: { ...placeNameColumns(oblasts), pcode: oblasts.pcode },
  changedAt: towns.updatedAt,
};

/** Whether a review is pending, never when or which incident flagged it (both internal). */
const flaggedForReview = sql<boolean>`(${routes.reviewFlaggedAt} is not null)`.mapWith(Boolean);

// How sure a status is: what kind of source stood behind it, whether it was vouched for
// again unchanged, and how far the incident behind a flag is verified. Only kinds and states leave
// the database: never the source itself (an outlet or link may name a field reporter), never who
// confirmed, never which incident flagged the route.

/** The kind of source named since the status was last set (by its update or a later re-confirmation); null when none was. */
const statusSourceKind = sql<SourceKind | null>`(
  select s.kind from ${routeStatusEvents} e join ${sources} s on s.id = e.source_id
  where e.route_id = ${routes.id}
    and e.created_at >= coalesce((select max(u.created_at) from ${routeStatusEvents} u where u.route_id = ${routes.id} and u.kind = 'update'), '-infinity'::timestamptz)
  order by e.created_at desc limit 1)`;

/** The latest confirmation was "Confirm unchanged": the standing status vouched for again, not set anew. */
const statusReconfirmed = sql<boolean>`coalesce((
  select e.kind = 'confirm' from ${routeStatusEvents} e where e.route_id = ${routes.id} order by e.created_at desc limit 1), false)`.mapWith(Boolean);

/** For a pending flag, its incident's verification; never "false" (a retracted report is no reason to worry). */
const flagVerification = sql<Exclude<VerificationState, "false"> | null>`(
  select nullif(i.verification, 'false') from ${incidents} i
  where i.id = ${routes.reviewFlagIncidentId} and ${routes.reviewFlaggedAt} is not null)`;

/** A route as named in a window or a status event (drizzle nests one level: readers fold it into `route`). */
export const routeRefColumns = {
  routeId: routes.id,
  routeSlug: routes.slug,
  origin: placeColumns(originTown),
  destination: placeColumns(destinationTown),
};

/** Everything residents see of a route; who confirmed its status and its review flag's details stay out. */
export const routeColumns = {
  id: routes.id,
  slug: routes.slug,
  origin: placeColumns(originTown),
  destination: placeColumns(destinationTown),
  mode: routes.mode,
  status: routes.status,
  statusReasonCodes: routes.statusReasonCodes,
  statusReason: routes.statusReason,
  statusInstructions: routes.statusInstructions,
  statusConfirmedAt: routes.statusConfirmedAt,
  freshnessWindowHours: routes.freshnessWindowHours,
  flaggedForReview,
  statusSourceKind,
  statusReconfirmed,
  flagVerification,
  waypoints: routes.waypoints,
  assemblyPoint: routes.assemblyPoint,
  // Rounded in SQL like an incident's point: the exact one never leaves the database.
  assemblyPointLat: roundedCoordinate(routes.assemblyPointLat),
  assemblyPointLon: roundedCoordinate(routes.assemblyPointLon),
  assemblyPointOpens: routes.assemblyPointOpens,
  assemblyPointCloses: routes.assemblyPointCloses,
  assemblyPointCall: routes.assemblyPointCall,
  schedule: routes.schedule,
  // The organisation that runs the route, by its short name: public by nature.
  organisation: sql<string>`coalesce((select o."short_name" from ${organisations} o where o."id" = ${routes.organisationId}), '')`,
  /** The oblast of the route's origin (the API's ?oblast=). */
  originOblast: sql<string>`(select o.slug from ${oblasts} o where o.id = ${originTown.oblastId})`,
  /** The route's last write (a status set or confirmed, an edit): the API's ?changedSince=. */
  changedAt: routes.updatedAt,
};

/** What a status event says, from its own row: staff reads spread these and add who and the source. */
export const statusEventFieldColumns = {
  id: routeStatusEvents.id,
  kind: routeStatusEvents.kind,
  status: routeStatusEvents.status,
  reasonCodes: routeStatusEvents.reasonCodes,
  reason: routeStatusEvents.reason,
  instructions: routeStatusEvents.instructions,
  confirmedAt: routeStatusEvents.confirmedAt,
  recordedAt: routeStatusEvents.createdAt,
};

/** A status event without who recorded it or its source (a source may name a field reporter). */
export const statusEventColumns = {
  ...statusEventFieldColumns,
  /** The kind of the event's source only, never the source. */
  sourceKind: sql<SourceKind | null>`(select s.kind from ${sources} s where s.id = ${routeStatusEvents.sourceId})`,
  freshnessWindowHours: routes.freshnessWindowHours,
  ...routeRefColumns,
};

/** A notice; what it is about (town or oblast) is joined by its reader. */
export const noticeColumns = {
  id: areaNotices.id,
  severity: areaNotices.severity,
  textUk: areaNotices.textUk,
  textRu: areaNotices.textRu,
  textEn: areaNotices.textEn,
  issuedAt: areaNotices.issuedAt,
};

/** An agreed corridor's window: no parties, representatives, terms, claims or who logged it. */
export const corridorWindowColumns = {
  id: corridorAgreements.id,
  title: corridorAgreements.title,
  state: corridorAgreements.state,
  windowStart: corridorAgreements.windowStart,
  windowEnd: corridorAgreements.windowEnd,
  version: corridorAgreements.version,
  createdAt: corridorAgreements.createdAt,
  updatedAt: corridorAgreements.updatedAt,
};

/**
 * A CAP message published about a corridor window (db/schema/agreements.ts corridorAlerts): which
 * version, what kind, when, and the window as it was public. Nothing else of the agreement.
 */
export const corridorAlertColumns = {
  agreementId: corridorAlerts.agreementId,
  version: corridorAlerts.version,
  msgType: corridorAlerts.msgType,
  sentAt: corridorAlerts.sentAt,
  windowStart: corridorAlerts.windowStart,
  windowEnd: corridorAlerts.windowEnd,
};

/** An incident without reporter, internal description, sources or revisions; its position rounded. */
export const incidentColumns = {
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
  latRounded: roundedCoordinate(incidents.lat),
  lonRounded: roundedCoordinate(incidents.lon),
  townSlug: towns.slug,
  townUk: towns.nameUk,
  townRu: towns.nameRu,
  townEn: towns.nameEn,
  townLat: towns.lat,
  townLon: towns.lon,
};

/** When a route's status stops being fresh: its confirmation plus its freshness window (null when never confirmed). */
export const routeStaleAt = sql<Date | null>`(${routes.statusConfirmedAt} + make_interval(hours => ${routes.freshnessWindowHours}))`;

/**
 * The status the public is shown at `now`, in SQL, so a list can filter by it before paging: the
 * same rule as lib/freshness.ts routeFreshness (a stale, never-confirmed or future-stamped status
 * is "unconfirmed"; never-confirmed "unknown" stays "unknown"). A test checks that
 * both agree route by route (app/api/v1/paging.db.test.ts).
 */
export const shownRouteStatus = (now: Date) => sql<string>`(case
  when ${routes.statusConfirmedAt} is null then case when ${routes.status} = 'unknown' then 'unknown' else 'unconfirmed' end
  when ${routes.statusConfirmedAt} > ${now.toISOString()}::timestamptz + make_interval(secs => ${MAX_CLOCK_SKEW_MS / 1000}) then 'unconfirmed'
  when ${routeStaleAt} < ${now.toISOString()}::timestamptz then 'unconfirmed'
  else ${routes.status}::text end)`;

/**
 * A reception point as the public may see it: what it is, where, its counts and when they were
 * confirmed. Never who confirmed or changed it, nor which organisation's account did.
 */
export const receptionPointColumns = {
  id: receptionPoints.id,
  town: placeNameColumns(towns),
  name: receptionPoints.name,
  address: receptionPoints.address,
  status: receptionPoints.status,
  bedsTotal: receptionPoints.bedsTotal,
  bedsAccessible: receptionPoints.bedsAccessible,
  bedsFree: receptionPoints.bedsFree,
  bedsAccessibleFree: receptionPoints.bedsAccessibleFree,
  services: receptionPoints.services,
  confirmedAt: receptionPoints.confirmedAt,
  freshnessWindowHours: receptionPoints.freshnessWindowHours,
  changedAt: receptionPoints.updatedAt,
};
