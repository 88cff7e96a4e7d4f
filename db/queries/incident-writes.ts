import "server-only";
import { asc, eq, inArray, max, sql } from "drizzle-orm";
import type { VerificationState } from "@/lib/enum-values";
import type { IncidentInput } from "@/lib/forms/incident-schema";
import { routesNear, type LatLon } from "@/lib/geo/proximity";
import { fieldChanges } from "@/lib/incident-changes";
import { COORDINATOR_VERIFICATIONS, isAdminReviewed } from "@/lib/incident-review";
import { toPlaceLocalInput } from "@/lib/time";
import { assertRole, roleSatisfies } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db, Tx } from "../client";
import { corridorAgreements } from "../schema/agreements";
import { incidentAgreements, incidentRevisions, incidentRoutes, incidents, incidentSources } from "../schema/incidents";
import { towns } from "../schema/places";
import { routes } from "../schema/routes";
import { sources } from "../schema/sources";
import { writeAudit } from "./audit";
import { resolveSourceIds } from "./sources";
import { staleVersionError } from "./stale-version";
import { NotFoundError, RefusedWriteError } from "./write-errors";

export type { IncidentInput } from "@/lib/forms/incident-schema";


/**
 * Logging and editing move an incident only between unverified and corroborated, whoever the
 * actor: verifying, disputing and retracting happen in an admin's review (incident-review.ts),
 * which requires a note, keeps visibility consistent and withdraws route flags. An edit form
 * must not be a way around that, even for an admin.
 */
function assertMayVerify(from: VerificationState | null, to: VerificationState) {
  if (from === to) return;
  if (!COORDINATOR_VERIFICATIONS.includes(to) || (from !== null && !COORDINATOR_VERIFICATIONS.includes(from))) {
    throw new RefusedWriteError("verification", { code: "verificationByReview" });
  }
}

async function assertLinksExist(tx: Tx, input: IncidentInput) {
  if (input.townId) {
    const [town] = await tx.select({ id: towns.id }).from(towns).where(eq(towns.id, input.townId));
    if (!town) throw new RefusedWriteError("townId", { code: "invalidChoice" });
  }
  if (input.routeIds.length) {
    const found = await tx.select({ id: routes.id }).from(routes).where(inArray(routes.id, input.routeIds));
    if (found.length !== new Set(input.routeIds).size) throw new RefusedWriteError("routeIds", { code: "invalidChoice" });
  }
  if (input.agreementIds.length) {
    const found = await tx.select({ id: corridorAgreements.id }).from(corridorAgreements).where(inArray(corridorAgreements.id, input.agreementIds));
    if (found.length !== new Set(input.agreementIds).size) throw new RefusedWriteError("agreementIds", { code: "invalidChoice" });
  }
}

/** Where the incident is for proximity: its point, else its town's point. */
export async function locationOf(tx: Tx, input: Pick<IncidentInput, "lat" | "lon" | "townId">): Promise<LatLon | null> {
  if (input.lat !== null && input.lon !== null) return { lat: input.lat, lon: input.lon };
  if (!input.townId) return null;
  const [town] = await tx.select({ lat: towns.lat, lon: towns.lon }).from(towns).where(eq(towns.id, input.townId));
  return town ?? null;
}

/**
 * Flags every route whose line passes within `flagKm` of the incident "incident reported nearby,
 * under review". Flagging bumps the route's version, so a confirmation made from a page that did
 * not show the flag is refused instead of silently clearing it. Returns the flagged routes' slugs.
 */
export async function flagRoutesNear(
  tx: Tx,
  actor: SessionUser,
  { incidentId, at, flagKm, now }: { incidentId: string; at: LatLon | null; flagKm: number; now: Date },
) {
  if (!at) return [];
  const candidates = await tx.select({ id: routes.id, slug: routes.slug, waypoints: routes.waypoints }).from(routes);
  const near = routesNear(at, candidates, flagKm);
  if (near.length === 0) return [];
  const ids = near.map((n) => n.route.id);
  // Lock in one order (by id) so two incidents flagging overlapping routes queue instead of
  // deadlocking, and bump the version from the locked row, never from the unlocked read above.
  await tx.select({ id: routes.id }).from(routes).where(inArray(routes.id, ids)).orderBy(asc(routes.id)).for("update");
  // Triggers: a newly set review flag queues residents' messages (message_outbox); the public version is bumped.
  await tx
    .update(routes)
    .set({ reviewFlaggedAt: now, reviewFlagIncidentId: incidentId, version: sql`${routes.version} + 1`, updatedAt: now, updatedBy: actor.id })
    .where(inArray(routes.id, ids));
  return near.map((n) => n.route.slug);
}

async function linkAll(tx: Tx, actor: SessionUser, incidentId: string, input: IncidentInput, existingSources: (typeof sources.$inferSelect)[] = []) {
  const sourceIds = await resolveSourceIds(tx, actor, input.sources, existingSources);
  if (sourceIds.length) await tx.insert(incidentSources).values(sourceIds.map((sourceId) => ({ incidentId, sourceId })));
  const routeIds = [...new Set(input.routeIds)];
  if (routeIds.length) await tx.insert(incidentRoutes).values(routeIds.map((routeId) => ({ incidentId, routeId })));
  const agreementIds = [...new Set(input.agreementIds)];
  if (agreementIds.length) await tx.insert(incidentAgreements).values(agreementIds.map((agreementId) => ({ incidentId, agreementId })));
}

/** What a revision compares: every field a coordinator can change, sources as "outlet <url>". */
const revisionView = (row: Omit<IncidentInput, "sources" | "routeIds" | "agreementIds">, links: { sources: string[]; routeIds: string[]; agreementIds: string[] }) => ({
  category: row.category,
  occurredAt: row.occurredAt,
  occurredPrecision: row.occurredPrecision,
  townId: row.townId,
  lat: row.lat,
  lon: row.lon,
  geoPrecision: row.geoPrecision,
  killed: row.killed,
  injured: row.injured,
  missing: row.missing,
  // One row per language, so a revision shows which translation changed, not two whole objects.
  publicSummaryUk: row.publicSummary.uk,
  publicSummaryRu: row.publicSummary.ru,
  publicSummaryEn: row.publicSummary.en,
  internalDescription: row.internalDescription,
  verification: row.verification,
  sources: links.sources,
  routeIds: [...links.routeIds].sort(),
  agreementIds: [...links.agreementIds].sort(),
});

/** A source as a revision lists it: every field the form edits, so any change shows. */
const sourceLabel = (s: { kind: string; outlet: string; url: string | null; publishedAt: Date | null }) =>
  [s.outlet, s.url && `<${s.url}>`, `(${s.kind})`, s.publishedAt && toPlaceLocalInput(s.publishedAt)].filter(Boolean).join(" ");
/** Sorted, so the order rows happen to be listed in is not recorded as a change. */
const sourceLabels = (list: Parameters<typeof sourceLabel>[0][]) => list.map(sourceLabel).sort();

function columnsOf(input: IncidentInput) {
  const { sources: _s, routeIds: _r, agreementIds: _a, ...columns } = input;
  return columns;
}

/**
 * Logs an incident with its sources and links, its first revision, the review flag on every
 * route near it (unless it is marked false) and the audit row, all in one transaction.
 */
export async function createIncident(
  db: Db,
  actor: SessionUser | null,
  { input, flagKm, now = new Date() }: { input: IncidentInput; flagKm: number; now?: Date },
) {
  assertRole(actor, "coordinator");
  assertMayVerify(null, input.verification);
  return db.transaction(async (tx) => {
    await assertLinksExist(tx, input);
    const [created] = await tx
      .insert(incidents)
      .values({ ...columnsOf(input), reportedAt: now, reportedBy: actor.id, visibility: "internal" })
      .returning({ id: incidents.id });
    const id = created!.id;
    await linkAll(tx, actor, id, input);
    const changes = fieldChanges({}, revisionView(input, { sources: sourceLabels(input.sources), routeIds: input.routeIds, agreementIds: input.agreementIds }));
    await tx.insert(incidentRevisions).values({ incidentId: id, revision: 1, action: "create", changes, changedBy: actor.id, changedAt: now });
    const flagged = input.verification === "false" ? [] : await flagRoutesNear(tx, actor, { incidentId: id, at: await locationOf(tx, input), flagKm, now });
    await writeAudit(tx, { actor, action: "incident.create", entityType: "incident", entityId: id, after: { ...changes, flaggedRoutes: flagged } });
    return { id, flaggedRoutes: flagged };
  });
}

/**
 * Saves an edit made on `baseVersion` as a new revision listing the changed fields. Routes are
 * flagged again only when the edit moves the incident or un-marks it false: fixing a typo must
 * not re-flag a route a coordinator has already reviewed.
 */
export async function updateIncident(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, input, flagKm, now = new Date() }: { id: string; baseVersion: number; input: IncidentInput; flagKm: number; now?: Date },
) {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(incidents).where(eq(incidents.id, id)).for("update");
    if (!before) throw new NotFoundError("incident");
    if (before.version !== baseVersion) {
      throw await staleVersionError(tx, "incident", { version: before.version, updatedAt: before.updatedAt, updatedBy: before.updatedBy });
    }
    if (isAdminReviewed(before) && !roleSatisfies(actor.role, "admin")) throw new RefusedWriteError("form", { code: "incidentReviewedByAdmin" });
    assertMayVerify(before.verification, input.verification);
    // A time in the hour the clocks go back reads the same both times: keep the stored instant
    // when the form shows it unchanged, so re-saving does not move it by an hour.
    if (toPlaceLocalInput(before.occurredAt) === toPlaceLocalInput(input.occurredAt)) input = { ...input, occurredAt: before.occurredAt };
    await assertLinksExist(tx, input);
    const oldLinks = await currentLinks(tx, id);
    const oldSources = await tx
      .select({ source: sources })
      .from(incidentSources)
      .innerJoin(sources, eq(incidentSources.sourceId, sources.id))
      .where(eq(incidentSources.incidentId, id));
    const after = { ...columnsOf(input) };
    await tx.update(incidents).set({ ...after, version: before.version + 1, updatedAt: now, updatedBy: actor.id }).where(eq(incidents.id, id));
    // Links are replaced as a set; source rows stay (other facts may cite them).
    await tx.delete(incidentSources).where(eq(incidentSources.incidentId, id));
    await tx.delete(incidentRoutes).where(eq(incidentRoutes.incidentId, id));
    await tx.delete(incidentAgreements).where(eq(incidentAgreements.incidentId, id));
    await linkAll(tx, actor, id, input, oldSources.map((r) => r.source));
    const changes = fieldChanges(
      revisionView(before, oldLinks),
      revisionView(input, { sources: sourceLabels(input.sources), routeIds: input.routeIds, agreementIds: input.agreementIds }),
    );
    const [last] = await tx.select({ n: max(incidentRevisions.revision) }).from(incidentRevisions).where(eq(incidentRevisions.incidentId, id));
    await tx.insert(incidentRevisions).values({ incidentId: id, revision: (last?.n ?? 0) + 1, action: "edit", changes, changedBy: actor.id, changedAt: now });
    const wasAt = await locationOf(tx, before);
    const isAt = await locationOf(tx, input);
    const moved = wasAt?.lat !== isAt?.lat || wasAt?.lon !== isAt?.lon || (before.verification === "false" && input.verification !== "false");
    const flagged = moved && input.verification !== "false" ? await flagRoutesNear(tx, actor, { incidentId: id, at: isAt, flagKm, now }) : [];
    await writeAudit(tx, { actor, action: "incident.update", entityType: "incident", entityId: id, before: { version: before.version }, after: { changes, flaggedRoutes: flagged } });
    return { id, version: before.version + 1, flaggedRoutes: flagged };
  });
}

async function currentLinks(tx: Tx, incidentId: string) {
  const srcs = await tx
    .select({ kind: sources.kind, outlet: sources.outlet, url: sources.url, publishedAt: sources.publishedAt })
    .from(incidentSources)
    .innerJoin(sources, eq(incidentSources.sourceId, sources.id))
    .where(eq(incidentSources.incidentId, incidentId));
  const rts = await tx.select({ id: incidentRoutes.routeId }).from(incidentRoutes).where(eq(incidentRoutes.incidentId, incidentId));
  const agrs = await tx.select({ id: incidentAgreements.agreementId }).from(incidentAgreements).where(eq(incidentAgreements.incidentId, incidentId));
  return { sources: sourceLabels(srcs), routeIds: rts.map((r) => r.id), agreementIds: agrs.map((a) => a.id) };
}
