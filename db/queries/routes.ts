import "server-only";
import { and, asc, eq, inArray, isNotNull, isNull, like, or, sql, type SQL } from "drizzle-orm";
import type { RouteMode, RouteStatus } from "@/db/schema/enums";
import { routeFreshness } from "@/lib/freshness";
import type { LocalizedText } from "@/lib/localized-text";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { towns } from "../schema/places";
import { routes, type LonLat } from "../schema/routes";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { assertOrganisationExists } from "./organisations";
import { destinationTown, originTown, routeColumns, shownRouteStatus, withRouteTowns } from "../public/columns";
import { getActorOrganisationId } from "./organisations";
import { lockRouteAtVersion } from "./route-lock";
import { isUniqueViolation, RefusedWriteError } from "./write-errors";

export type RouteFilters = {
  /** Origin town slug. */
  origin?: string;
  status?: RouteStatus;
  /** Only routes past their freshness window (computed with the same rule the public sees). */
  stale?: boolean;
  /** Only routes flagged by a nearby incident. */
  flagged?: boolean;
};

/** The coordinators' view of routes, including who last confirmed each (internal). */
export async function listRoutesForCoordinators(db: Db, actor: SessionUser | null, filters: RouteFilters = {}, now = new Date()) {
  assertRole(actor, "coordinator");
  const where: SQL[] = [];
  if (filters.origin) where.push(eq(originTown.slug, filters.origin));
  if (filters.status) where.push(eq(routes.status, filters.status));
  if (filters.flagged) where.push(isNotNull(routes.reviewFlaggedAt));
  const rows = await withRouteTowns(db
    .select({
      // The public columns, and the internal ones coordinators see on top.
      ...routeColumns,
      // Staff edit the exact point: the public columns round it.
      assemblyPointLat: routes.assemblyPointLat,
      assemblyPointLon: routes.assemblyPointLon,
      reviewFlaggedAt: routes.reviewFlaggedAt,
      originTownId: routes.originTownId,
      version: routes.version,
      confirmedByEmail: users.email,
    })
    .from(routes)
    .$dynamic())
    .leftJoin(users, eq(routes.statusConfirmedBy, users.id))
    .where(and(...where))
    .orderBy(asc(originTown.nameEn), asc(destinationTown.nameEn));
  return filters.stale ? rows.filter((r) => !routeFreshness(r, now).fresh) : rows;
}

export type CoordinatorRoute = Awaited<ReturnType<typeof listRoutesForCoordinators>>[number];

/** The most routes one staff page lists; the next page follows by `after`. */
export const STAFF_ROUTES_PAGE = 100;

/** Where a staff list of routes continues: the last row's origin name, destination name and slug. */
export type StaffRouteKey = [string, string, string];

export type StaffRouteQuery = Omit<RouteFilters, "origin"> & {
  /** Origin town slugs; empty or absent for every town. */
  origins?: readonly string[];
  after?: StaffRouteKey | null;
  limit?: number;
};

/**
 * A page of the coordinators' routes, filtered and paged in SQL (in the fixed order town, then
 * destination, then slug), so no staff page reads every route of a national deployment. `next`:
 * the key of the page after, or null at the end; `total`: how many match the filters.
 */
export async function pageRoutesForCoordinators(db: Db, actor: SessionUser | null, query: StaffRouteQuery = {}, now = new Date()) {
  assertRole(actor, "coordinator");
  const limit = Math.min(Math.max(1, query.limit ?? STAFF_ROUTES_PAGE), STAFF_ROUTES_PAGE);
  const where: SQL[] = [];
  if (query.origins && query.origins.length > 0) where.push(inArray(originTown.slug, [...query.origins]));
  if (query.status) where.push(eq(routes.status, query.status));
  if (query.flagged) where.push(isNotNull(routes.reviewFlaggedAt));
  // The same rule as routeFreshness: never confirmed, or shown "unconfirmed" now.
  if (query.stale) where.push(or(isNull(routes.statusConfirmedAt), sql`${shownRouteStatus(now)} = 'unconfirmed'`)!);
  const filtered = and(...where);
  const after = query.after ? sql`(${originTown.nameEn}, ${destinationTown.nameEn}, ${routes.slug}) > (${query.after[0]}, ${query.after[1]}, ${query.after[2]})` : undefined;
  const [rows, [counted]] = await Promise.all([
    withRouteTowns(db
      .select({ ...routeColumns, reviewFlaggedAt: routes.reviewFlaggedAt, originTownId: routes.originTownId, version: routes.version, confirmedByEmail: users.email })
      .from(routes)
      .$dynamic())
      .leftJoin(users, eq(routes.statusConfirmedBy, users.id))
      .where(and(filtered, after))
      .orderBy(asc(originTown.nameEn), asc(destinationTown.nameEn), asc(routes.slug))
      .limit(limit + 1),
    withRouteTowns(db.select({ n: sql<number>`count(*)::int` }).from(routes).$dynamic()).where(filtered),
  ]);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const next: StaffRouteKey | null = rows.length > limit && last ? [last.origin.nameEn, last.destination.nameEn, last.slug] : null;
  return { items, next, total: counted?.n ?? 0 };
}

/**
 * The towns routes leave from, each with whether the acting coordinator's organisation (read from
 * the database, not the session) runs a route from it: the staff lists' town filter and their default.
 */
export async function listCoordinatorOriginTowns(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  const organisationId = actor ? await getActorOrganisationId(db, actor) : null;
  const own = organisationId ? sql<boolean>`bool_or(${routes.organisationId} = ${organisationId})` : sql<boolean>`false`;
  return db
    .select({ slug: towns.slug, nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn, own: own.mapWith(Boolean) })
    .from(routes)
    .innerJoin(towns, eq(routes.originTownId, towns.id))
    .groupBy(towns.id)
    .orderBy(asc(towns.nameEn), asc(towns.slug));
}

/** One route with everything its coordinator page and edit form show. */
export async function getRouteForCoordinator(db: Db, actor: SessionUser | null, slug: string) {
  assertRole(actor, "coordinator");
  const [route] = await withRouteTowns(db
    .select({
      ...routeColumns,
      reviewFlaggedAt: routes.reviewFlaggedAt,
      originTownId: routes.originTownId,
      destinationTownId: routes.destinationTownId,
      version: routes.version,
      organisationId: routes.organisationId,
      confirmedByEmail: users.email,
      originPoint: { lat: originTown.lat, lon: originTown.lon },
      destinationPoint: { lat: destinationTown.lat, lon: destinationTown.lon },
    })
    .from(routes)
    .$dynamic())
    .leftJoin(users, eq(routes.statusConfirmedBy, users.id))
    .where(eq(routes.slug, slug))
    .limit(1);
  return route ?? null;
}

export type CoordinatorRouteDetail = NonNullable<Awaited<ReturnType<typeof getRouteForCoordinator>>>;

export type RouteInput = {
  originTownId: string;
  destinationTownId: string;
  waypoints: LonLat[];
  mode: RouteMode;
  assemblyPoint: LocalizedText;
  /** Left out: unchanged on an edit, none on a new route. */
  assemblyPointLat?: number | null | undefined;
  assemblyPointLon?: number | null | undefined;
  assemblyPointOpens?: string | null | undefined;
  assemblyPointCloses?: string | null | undefined;
  assemblyPointCall?: string | null | undefined;
  schedule: LocalizedText;
  organisationId: string | null;
  freshnessWindowHours: number;
};

const auditable = (r: typeof routes.$inferSelect) => ({
  slug: r.slug,
  originTownId: r.originTownId,
  destinationTownId: r.destinationTownId,
  waypoints: r.waypoints,
  mode: r.mode,
  assemblyPoint: r.assemblyPoint,
  assemblyPointLat: r.assemblyPointLat,
  assemblyPointLon: r.assemblyPointLon,
  assemblyPointOpens: r.assemblyPointOpens,
  assemblyPointCloses: r.assemblyPointCloses,
  assemblyPointCall: r.assemblyPointCall,
  schedule: r.schedule,
  organisationId: r.organisationId,
  freshnessWindowHours: r.freshnessWindowHours,
  status: r.status,
  statusReason: r.statusReason,
  statusConfirmedAt: r.statusConfirmedAt,
  version: r.version,
});

type Reader = Pick<Db, "select">;

async function townSlugs(tx: Reader, input: Pick<RouteInput, "originTownId" | "destinationTownId">) {
  const found = await tx
    .select({ id: towns.id, slug: towns.slug })
    .from(towns)
    .where(or(eq(towns.id, input.originTownId), eq(towns.id, input.destinationTownId)));
  const origin = found.find((t) => t.id === input.originTownId);
  const destination = found.find((t) => t.id === input.destinationTownId);
  if (!origin) throw new RefusedWriteError("originTownId", { code: "invalidChoice" });
  if (!destination) throw new RefusedWriteError("destinationTownId", { code: "invalidChoice" });
  return { origin: origin.slug, destination: destination.slug };
}

/** "lysychansk-bakhmut", or "lysychansk-bakhmut-2" when a second route joins the same towns. */
async function freeRouteSlug(tx: Reader, base: string): Promise<string> {
  const taken = new Set(
    (await tx.select({ slug: routes.slug }).from(routes).where(or(eq(routes.slug, base), like(routes.slug, `${base}-%`)))).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new route starts as "unknown" with no confirmation: nobody has vouched for it yet. */
export async function createRoute(db: Db, actor: SessionUser | null, input: RouteInput): Promise<{ id: string; slug: string }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const slugs = await townSlugs(tx, input);
    await assertOrganisationExists(tx, input.organisationId);
    const slug = await freeRouteSlug(tx, `${slugs.origin}-${slugs.destination}`);
    const [created] = await tx
      .insert(routes)
      .values({ ...input, slug, status: "unknown", createdBy: actor.id, updatedBy: actor.id })
      .returning()
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new RefusedWriteError("form", { code: "tryAgain" });
        throw error;
      });
    await writeAudit(tx, { actor, action: "route.create", entityType: "route", entityId: created!.id, after: auditable(created!) });
    return { id: created!.id, slug: created!.slug };
  });
}

/** Saves an edit of the route's line and details made on `baseVersion`. The status is untouched. */
export async function updateRouteDetails(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, input }: { id: string; baseVersion: number; input: RouteInput },
): Promise<{ slug: string; version: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const before = await lockRouteAtVersion(tx, id, baseVersion);
    const slugs = await townSlugs(tx, input);
    await assertOrganisationExists(tx, input.organisationId);
    // A slug names its towns; a route moved to other towns gets a new one, so an old link
    // cannot come to mean a different road.
    const townsChanged = input.originTownId !== before.originTownId || input.destinationTownId !== before.destinationTownId;
    const slug = townsChanged ? await freeRouteSlug(tx, `${slugs.origin}-${slugs.destination}`) : before.slug;
    // Triggers: the public version is bumped (no message: the outbox trigger watches status, reasons, flag and confirmation, which an edit leaves alone).
    const [after] = await tx
      .update(routes)
      .set({ ...input, slug, version: before.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(and(eq(routes.id, id), eq(routes.version, baseVersion)))
      .returning();
    await writeAudit(tx, { actor, action: "route.update", entityType: "route", entityId: id, before: auditable(before), after: auditable(after!) });
    return { slug: after!.slug, version: after!.version };
  });
}

/** The most routes a form offers for one town: a town's own routes are far fewer anywhere in the country. */
export const ROUTE_CHOICES_MAX = 100;

/**
 * The routes a form (an agreement's, an incident's) offers to tick: those from or to one town,
 * and those the record already names (so an edit never drops a route it cannot show). Never every
 * route: at national scale that is 3,000 checkboxes on every form. `more` says the town has more
 * routes than are offered (at most ROUTE_CHOICES_MAX), so a cut list is said, never silent.
 */
export async function listRouteChoices(db: Db, actor: SessionUser | null, { town, include = [] }: { town?: string; include?: string[] }) {
  assertRole(actor, "coordinator");
  const ids = include.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const which = [town ? or(eq(originTown.slug, town), eq(destinationTown.slug, town)) : undefined, ids.length > 0 ? inArray(routes.id, ids) : undefined].filter(
    (c) => c !== undefined,
  );
  if (which.length === 0) return { routes: [], more: false };
  const rows = await withRouteTowns(db
    .select({
      id: routes.id,
      slug: routes.slug,
      waypoints: routes.waypoints,
      origin: { nameUk: originTown.nameUk, nameRu: originTown.nameRu, nameEn: originTown.nameEn },
      destination: { nameUk: destinationTown.nameUk, nameRu: destinationTown.nameRu, nameEn: destinationTown.nameEn },
    })
    .from(routes)
    .$dynamic())
    .where(or(...which))
    // The routes already named first, so the cut never falls on them.
    .orderBy(...(ids.length > 0 ? [sql`${inArray(routes.id, ids)} desc`] : []), asc(originTown.nameEn), asc(destinationTown.nameEn), asc(routes.slug))
    .limit(ROUTE_CHOICES_MAX + ids.length + 1);
  const limit = ROUTE_CHOICES_MAX + ids.length;
  return { routes: rows.slice(0, limit), more: rows.length > limit };
}

export type RouteChoice = Awaited<ReturnType<typeof listRouteChoices>>["routes"][number];
