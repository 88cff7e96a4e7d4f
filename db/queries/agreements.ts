import "server-only";
import type { LocalizedText } from "@/lib/localized-text";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { AgreementState, ClaimStance, PartyRole } from "@/db/schema/enums";
import { AGREEMENT_TRANSITIONS, canApply, type AgreementAction } from "@/lib/agreement-window";
import type { SourceInput } from "@/lib/forms/source-fields";
import { assertRole } from "@/lib/roles";
import { toPlaceLocalInput } from "@/lib/time";
import type { SessionUser } from "@/lib/session-user";
import type { Db, Tx } from "../client";
import { agreementClaims, agreementParties, agreementRoutes, agreementSources, corridorAgreements } from "../schema/agreements";
import { routes } from "../schema/routes";
import { sources } from "../schema/sources";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { listPublicCorridorWindows } from "../public/corridor-windows";
import { destinationTown, originTown, placeNameColumns, withRouteTowns } from "../public/columns";
import { insertSources, resolveSourceIds } from "./sources";
import { staleVersionError } from "./stale-version";
import { NotFoundError, RefusedWriteError } from "./write-errors";

export type PartyInput = {
  /** An existing party of this agreement (kept, so its claims stay linked), or null for a new one. */
  id: string | null;
  name: string;
  role: PartyRole;
  representative: string;
};

export type AgreementInput = {
  title: LocalizedText;
  routeIds: string[];
  parties: PartyInput[];
  /** UTC instants of the window the coordinator entered in Kyiv local time. */
  windowStart: Date;
  windowEnd: Date;
  terms: LocalizedText;
  sources: SourceInput[];
};

export type ClaimInput = {
  partyId: string;
  /** Who said it; blank means the party itself. */
  claimant: string;
  stance: ClaimStance;
  statement: string;
  claimedAt: Date;
  source: SourceInput | null;
};

/** The routes a set of agreements covers, with both towns' names for "Origin → Destination". */
function coveredRoutes(db: Pick<Db, "select">, agreementIds: string[]) {
  return withRouteTowns(db
    .select({
      agreementId: agreementRoutes.agreementId,
      id: routes.id,
      slug: routes.slug,
      origin: placeNameColumns(originTown),
      destination: placeNameColumns(destinationTown),
    })
    .from(agreementRoutes)
    .innerJoin(routes, eq(agreementRoutes.routeId, routes.id))
    .$dynamic())
    .where(inArray(agreementRoutes.agreementId, agreementIds))
    .orderBy(asc(originTown.nameEn), asc(destinationTown.nameEn));
}

const groupBy = <T extends { agreementId: string }>(rows: T[]) => {
  const map = new Map<string, Omit<T, "agreementId">[]>();
  for (const { agreementId, ...rest } of rows) map.set(agreementId, [...(map.get(agreementId) ?? []), rest]);
  return map;
};

/** Every agreement, newest first, with the routes it covers and its parties' names. */
export async function listAgreementsForCoordinators(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  const rows = await db
    .select({
      id: corridorAgreements.id,
      title: corridorAgreements.title,
      state: corridorAgreements.state,
      windowStart: corridorAgreements.windowStart,
      windowEnd: corridorAgreements.windowEnd,
      windowTimeZone: corridorAgreements.windowTimeZone,
      createdAt: corridorAgreements.createdAt,
    })
    .from(corridorAgreements)
    .orderBy(desc(corridorAgreements.createdAt), desc(corridorAgreements.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [routeRows, partyRows] = await Promise.all([
    coveredRoutes(db, ids),
    db
      .select({ agreementId: agreementParties.agreementId, id: agreementParties.id, name: agreementParties.name, role: agreementParties.role })
      .from(agreementParties)
      .where(inArray(agreementParties.agreementId, ids))
      .orderBy(asc(agreementParties.role), asc(agreementParties.name)),
  ]);
  const routesOf = groupBy(routeRows);
  const partiesOf = groupBy(partyRows);
  return rows.map((r) => ({ ...r, routes: routesOf.get(r.id) ?? [], parties: partiesOf.get(r.id) ?? [] }));
}

export type CoordinatorAgreementListItem = Awaited<ReturnType<typeof listAgreementsForCoordinators>>[number];

/**
 * One agreement with everything its page and edit form show: parties (conflict parties first),
 * covered routes, sources, and the claims ledger in the order the statements were made.
 */
export async function getAgreementForEdit(db: Db, actor: SessionUser | null, id: string) {
  assertRole(actor, "coordinator");
  const [agreement] = await db
    .select({
      id: corridorAgreements.id,
      title: corridorAgreements.title,
      state: corridorAgreements.state,
      windowStart: corridorAgreements.windowStart,
      windowEnd: corridorAgreements.windowEnd,
      windowTimeZone: corridorAgreements.windowTimeZone,
      terms: corridorAgreements.terms,
      version: corridorAgreements.version,
      createdAt: corridorAgreements.createdAt,
      updatedAt: corridorAgreements.updatedAt,
      updatedByEmail: users.email,
    })
    .from(corridorAgreements)
    .leftJoin(users, eq(corridorAgreements.updatedBy, users.id))
    .where(eq(corridorAgreements.id, id))
    .limit(1);
  if (!agreement) return null;
  const [parties, routeRows, sourceRows, claims] = await Promise.all([
    db
      .select({ id: agreementParties.id, name: agreementParties.name, role: agreementParties.role, representative: agreementParties.representative })
      .from(agreementParties)
      .where(eq(agreementParties.agreementId, id))
      .orderBy(asc(agreementParties.role), asc(agreementParties.name), asc(agreementParties.id)),
    coveredRoutes(db, [id]),
    db
      .select({ id: sources.id, kind: sources.kind, outlet: sources.outlet, title: sources.title, url: sources.url, publishedAt: sources.publishedAt })
      .from(agreementSources)
      .innerJoin(sources, eq(agreementSources.sourceId, sources.id))
      .where(eq(agreementSources.agreementId, id))
      .orderBy(asc(sources.publishedAt), asc(sources.outlet), asc(sources.id)),
    db
      .select({
        id: agreementClaims.id,
        partyId: agreementClaims.partyId,
        claimant: agreementClaims.claimant,
        stance: agreementClaims.stance,
        statement: agreementClaims.statement,
        claimedAt: agreementClaims.claimedAt,
        source: { outlet: sources.outlet, url: sources.url, kind: sources.kind, title: sources.title },
      })
      .from(agreementClaims)
      .leftJoin(sources, eq(agreementClaims.sourceId, sources.id))
      .where(eq(agreementClaims.agreementId, id))
      .orderBy(asc(agreementClaims.claimedAt), asc(agreementClaims.id)),
  ]);
  const partyById = new Map(parties.map((p) => [p.id, p]));
  return {
    ...agreement,
    parties,
    routes: routeRows.map(({ agreementId: _, ...r }) => r),
    routeIds: routeRows.map((r) => r.id),
    sources: sourceRows,
    claims: claims.map((c) => {
      const party = c.partyId ? partyById.get(c.partyId) : undefined;
      return { ...c, partyName: party?.name ?? null, partyRole: party?.role ?? null };
    }),
  };
}

export type CoordinatorAgreement = NonNullable<Awaited<ReturnType<typeof getAgreementForEdit>>>;

type AgreementRow = typeof corridorAgreements.$inferSelect;

const auditable = (a: AgreementRow, parties: PartyInput[], routeIds: string[], sourceIds: string[]) => ({
  title: a.title,
  state: a.state,
  windowStart: a.windowStart,
  windowEnd: a.windowEnd,
  windowTimeZone: a.windowTimeZone,
  terms: a.terms,
  version: a.version,
  parties,
  routeIds,
  sourceIds,
});

async function assertRoutesExist(tx: Pick<Db, "select">, routeIds: string[]) {
  if (routeIds.length === 0) return;
  const found = await tx.select({ id: routes.id }).from(routes).where(inArray(routes.id, routeIds));
  if (found.length !== new Set(routeIds).size) throw new RefusedWriteError("routeIds", { code: "invalidChoice" });
}

async function linkRoutes(tx: Tx, agreementId: string, routeIds: string[]) {
  const unique = [...new Set(routeIds)];
  if (unique.length > 0) await tx.insert(agreementRoutes).values(unique.map((routeId) => ({ agreementId, routeId })));
}

/** Sources are shared rows (claims and other records may cite them): unlinked, never deleted here. */
async function linkSources(tx: Tx, actor: SessionUser, agreementId: string, rows: SourceInput[], existing: (typeof sources.$inferSelect)[] = []) {
  const unique = await resolveSourceIds(tx, actor, rows, existing);
  if (unique.length > 0) await tx.insert(agreementSources).values(unique.map((sourceId) => ({ agreementId, sourceId })));
  return unique;
}

/** A new agreement starts as proposed: agreeing it is a lifecycle action of its own. */
export async function createAgreement(
  db: Db,
  actor: SessionUser | null,
  { input, now = new Date() }: { input: AgreementInput; now?: Date },
): Promise<{ id: string }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    await assertRoutesExist(tx, input.routeIds);
    // Triggers: an agreement created as agreed queues residents' messages (message_outbox) and a CAP alert (corridor_alerts); the public version is bumped.
    const [created] = await tx
      .insert(corridorAgreements)
      .values({
        title: input.title,
        state: "proposed",
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        terms: input.terms,
        createdBy: actor.id,
        updatedBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const agreementId = created!.id;
    const parties =
      input.parties.length > 0
        ? await tx
            .insert(agreementParties)
            .values(input.parties.map(({ name, role, representative }) => ({ agreementId, name, role, representative })))
            .returning({ id: agreementParties.id, name: agreementParties.name, role: agreementParties.role, representative: agreementParties.representative })
        : [];
    await linkRoutes(tx, agreementId, input.routeIds);
    const sourceIds = await linkSources(tx, actor, agreementId, input.sources);
    await writeAudit(tx, {
      actor,
      action: "agreement.create",
      entityType: "agreement",
      entityId: agreementId,
      after: auditable(created!, parties, [...new Set(input.routeIds)], sourceIds),
    });
    return { id: agreementId };
  });
}

/**
 * Locks the agreement and checks it is still the version the coordinator saw (the row alone:
 * who changed it is read afterwards, in a fresh statement).
 */
async function lockAgreementAtVersion(tx: Tx, id: string, baseVersion: number) {
  const [before] = await tx.select().from(corridorAgreements).where(eq(corridorAgreements.id, id)).for("update");
  if (!before) throw new NotFoundError("agreement");
  if (before.version !== baseVersion) throw await staleVersionError(tx, "agreement", before);
  return before;
}

/**
 * Saves an edit made on `baseVersion`. Parties the form carries by id are updated in place, so
 * the claims made by them stay linked; new rows are added; parties left out are removed (their
 * claims keep who said it but lose the link). Routes and sources become exactly what was sent.
 * The stored state is untouched: it changes only through the lifecycle actions.
 */
const FINAL_STATES: readonly AgreementState[] = ["violated", "rejected", "cancelled"];

export async function updateAgreement(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, input, now = new Date() }: { id: string; baseVersion: number; input: AgreementInput; now?: Date },
): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const before = await lockAgreementAtVersion(tx, id, baseVersion);
    // A violated, rejected or cancelled agreement is the record of what happened; a new situation
    // is a new agreement.
    if (FINAL_STATES.includes(before.state)) throw new RefusedWriteError("form", { code: "agreementFinal" });
    // A time in the hour the clocks go back reads the same both times: keep the stored instant
    // when the form shows it unchanged, so re-saving the terms does not move the window an hour.
    const keep = (stored: Date, typed: Date) => (toPlaceLocalInput(stored) === toPlaceLocalInput(typed) ? stored : typed);
    input = { ...input, windowStart: keep(before.windowStart, input.windowStart), windowEnd: keep(before.windowEnd, input.windowEnd) };
    await assertRoutesExist(tx, input.routeIds);

    const partiesBefore = await tx
      .select({ id: agreementParties.id, name: agreementParties.name, role: agreementParties.role, representative: agreementParties.representative })
      .from(agreementParties)
      .where(eq(agreementParties.agreementId, id));
    const known = new Set(partiesBefore.map((p) => p.id));
    const kept = input.parties.filter((p) => p.id !== null);
    // An id from elsewhere (another agreement's party, a forged one) must not move that party here.
    if (kept.some((p) => !known.has(p.id!)) || new Set(kept.map((p) => p.id)).size !== kept.length) {
      throw new RefusedWriteError("parties", { code: "invalidChoice" });
    }
    const keptIds = new Set(kept.map((p) => p.id!));
    const removed = partiesBefore.filter((p) => !keptIds.has(p.id)).map((p) => p.id);
    if (removed.length > 0) await tx.delete(agreementParties).where(and(eq(agreementParties.agreementId, id), inArray(agreementParties.id, removed)));
    for (const p of kept) {
      await tx
        .update(agreementParties)
        .set({ name: p.name, role: p.role, representative: p.representative })
        .where(and(eq(agreementParties.id, p.id!), eq(agreementParties.agreementId, id)));
    }
    const added = input.parties.filter((p) => p.id === null);
    const inserted =
      added.length > 0
        ? await tx
            .insert(agreementParties)
            .values(added.map(({ name, role, representative }) => ({ agreementId: id, name, role, representative })))
            .returning({ id: agreementParties.id })
        : [];
    let next = 0;
    const partiesAfter = input.parties.map((p) => ({ ...p, id: p.id ?? inserted[next++]!.id }));

    const routesBefore = (await tx.select({ routeId: agreementRoutes.routeId }).from(agreementRoutes).where(eq(agreementRoutes.agreementId, id))).map((r) => r.routeId);
    await tx.delete(agreementRoutes).where(eq(agreementRoutes.agreementId, id));
    await linkRoutes(tx, id, input.routeIds);

    const sourcesBefore = await tx
      .select({ source: sources })
      .from(agreementSources)
      .innerJoin(sources, eq(agreementSources.sourceId, sources.id))
      .where(eq(agreementSources.agreementId, id));
    await tx.delete(agreementSources).where(eq(agreementSources.agreementId, id));
    const sourceIds = await linkSources(
      tx,
      actor,
      id,
      input.sources,
      sourcesBefore.map((r) => r.source),
    );

    // Triggers: new window times on an agreed agreement queue residents' messages and a CAP update; the public version is bumped.
    const [after] = await tx
      .update(corridorAgreements)
      .set({
        title: input.title,
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        terms: input.terms,
        version: before.version + 1,
        updatedAt: now,
        updatedBy: actor.id,
      })
      .where(eq(corridorAgreements.id, id))
      .returning();
    await writeAudit(tx, {
      actor,
      action: "agreement.update",
      entityType: "agreement",
      entityId: id,
      before: auditable(before, partiesBefore, routesBefore, sourcesBefore.map((r) => r.source.id)),
      after: auditable(after!, partiesAfter, [...new Set(input.routeIds)], sourceIds),
    });
  });
}

const AUDIT_ACTION: Record<AgreementAction, string> = {
  agree: "agreement.agree",
  suspend: "agreement.suspend",
  markViolated: "agreement.mark_violated",
  reject: "agreement.reject",
  cancel: "agreement.cancel",
};

/** Moves the agreement along its lifecycle (lib/agreement-window.ts), from the version the coordinator saw. */
export async function applyAgreementAction(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, action, now = new Date() }: { id: string; baseVersion: number; action: AgreementAction; now?: Date },
): Promise<{ state: AgreementRow["state"]; version: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const before = await lockAgreementAtVersion(tx, id, baseVersion);
    if (!canApply(before.state, action)) throw new RefusedWriteError("form", { code: "transitionNotAllowed" });
    const state = AGREEMENT_TRANSITIONS[action].to;
    const version = before.version + 1;
    // Triggers: becoming agreed or ceasing to be queues residents' messages (message_outbox) and a CAP alert or cancel; the public version is bumped.
    await tx.update(corridorAgreements).set({ state, version, updatedAt: now, updatedBy: actor.id }).where(eq(corridorAgreements.id, id));
    await writeAudit(tx, {
      actor,
      action: AUDIT_ACTION[action],
      entityType: "agreement",
      entityId: id,
      before: { state: before.state, version: before.version },
      after: { state, version },
    });
    return { state, version };
  });
}

/**
 * Adds a party's statement to the ledger. Claims are appended, not edits of the agreement, so
 * they do not change its version; the agreement row is share-locked so that an edit removing
 * the party cannot slip in between the check and the insert.
 */
export async function addClaim(
  db: Db,
  actor: SessionUser | null,
  { agreementId, input }: { agreementId: string; input: ClaimInput },
): Promise<{ id: string }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const [agreement] = await tx
      .select({ id: corridorAgreements.id })
      .from(corridorAgreements)
      .where(eq(corridorAgreements.id, agreementId))
      .for("share");
    if (!agreement) throw new NotFoundError("agreement");
    const [party] = await tx
      .select({ id: agreementParties.id, name: agreementParties.name })
      .from(agreementParties)
      .where(and(eq(agreementParties.id, input.partyId), eq(agreementParties.agreementId, agreementId)))
      .limit(1);
    if (!party) throw new RefusedWriteError("partyId", { code: "partyNotInAgreement" });
    const [sourceId = null] = await insertSources(tx, actor, input.source ? [input.source] : []);
    const [claim] = await tx
      .insert(agreementClaims)
      .values({
        agreementId,
        partyId: party.id,
        claimant: input.claimant || party.name,
        stance: input.stance,
        statement: input.statement,
        claimedAt: input.claimedAt,
        sourceId,
        createdBy: actor.id,
      })
      .returning();
    await writeAudit(tx, {
      actor,
      action: "agreement.claim.add",
      entityType: "agreement",
      entityId: agreementId,
      after: {
        claimId: claim!.id,
        partyId: claim!.partyId,
        claimant: claim!.claimant,
        stance: claim!.stance,
        statement: claim!.statement,
        claimedAt: claim!.claimedAt,
        sourceId,
      },
    });
    return { id: claim!.id };
  });
}

/** For a coordinator's route page: the active and upcoming corridor windows covering the route. */
export async function listAgreementWindowsForRoute(db: Db, actor: SessionUser | null, routeId: string, now: Date) {
  assertRole(actor, "coordinator");
  return listPublicCorridorWindows(db, { now, routeIds: [routeId] });
}

export type AgreementWindow = Awaited<ReturnType<typeof listAgreementWindowsForRoute>>[number];

/** For the dashboard's rows: the same windows for several routes at once (each names its routes). */
export async function listAgreementWindowsForRoutes(db: Db, actor: SessionUser | null, routeIds: string[], now: Date) {
  assertRole(actor, "coordinator");
  return listPublicCorridorWindows(db, { now, routeIds });
}
