import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import type { ReceptionPointInput } from "@/lib/forms/reception-point-schema";
import { bedsAfterArrival, type ReceptionEventKind } from "@/lib/reception-points";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { assertRole } from "@/lib/roles";
import type { Db, Tx } from "../client";
import { organisations } from "../schema/organisations";
import { towns } from "../schema/places";
import { receptionPointEvents, receptionPoints } from "../schema/reception-points";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { getActorOrganisationId } from "./organisations";
import { staleVersionError } from "./stale-version";
import { NotFoundError, RefusedWriteError } from "./write-errors";

// Reception points are kept by the organisation that runs them: any coordinator may read the
// list (to send people there), only the keeping organisation's coordinators (and admins) change
// or confirm one. Every write by the keeper confirms the counts at its own time; a run's arrival
// (any organisation's) only lowers the free beds. Each records a history event and an audit row
// in the same transaction, and moves the public version (a trigger, migration).


type PointRow = typeof receptionPoints.$inferSelect;

const staffColumns = {
  id: receptionPoints.id,
  organisationId: receptionPoints.organisationId,
  organisation: organisations.shortName,
  townId: receptionPoints.townId,
  townSlug: towns.slug,
  townNameUk: towns.nameUk,
  townNameRu: towns.nameRu,
  townNameEn: towns.nameEn,
  name: receptionPoints.name,
  address: receptionPoints.address,
  bedsTotal: receptionPoints.bedsTotal,
  bedsAccessible: receptionPoints.bedsAccessible,
  bedsFree: receptionPoints.bedsFree,
  bedsAccessibleFree: receptionPoints.bedsAccessibleFree,
  services: receptionPoints.services,
  status: receptionPoints.status,
  freshnessWindowHours: receptionPoints.freshnessWindowHours,
  confirmedAt: receptionPoints.confirmedAt,
  version: receptionPoints.version,
  updatedAt: receptionPoints.updatedAt,
};

function selectStaff(db: Pick<Db, "select">) {
  return db
    .select(staffColumns)
    .from(receptionPoints)
    .innerJoin(towns, eq(receptionPoints.townId, towns.id))
    .innerJoin(organisations, eq(receptionPoints.organisationId, organisations.id));
}

export type StaffReceptionPoint = Awaited<ReturnType<typeof listReceptionPoints>>[number];

/** Every reception point by town, each marked with whether the caller may change it. */
export async function listReceptionPoints(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  const mine = await getActorOrganisationId(db, actor);
  const rows = await selectStaff(db).orderBy(asc(towns.nameEn), asc(receptionPoints.createdAt), asc(receptionPoints.id));
  return rows.map((row) => ({ ...row, canEdit: actor.role === "admin" || row.organisationId === mine }));
}

/** One point with its history, newest first, or null; `canEdit` as in the list. */
export async function getReceptionPoint(db: Db, actor: SessionUser | null, { id }: { id: string }) {
  assertRole(actor, "coordinator");
  const [row] = await selectStaff(db).where(eq(receptionPoints.id, id)).limit(1);
  if (!row) return null;
  const mine = await getActorOrganisationId(db, actor);
  const history = await db
    .select({
      kind: receptionPointEvents.kind,
      status: receptionPointEvents.status,
      bedsTotal: receptionPointEvents.bedsTotal,
      bedsFree: receptionPointEvents.bedsFree,
      bedsAccessible: receptionPointEvents.bedsAccessible,
      bedsAccessibleFree: receptionPointEvents.bedsAccessibleFree,
      at: receptionPointEvents.at,
      by: users.email,
      version: receptionPointEvents.pointVersion,
    })
    .from(receptionPointEvents)
    .leftJoin(users, eq(receptionPointEvents.actorId, users.id))
    .where(eq(receptionPointEvents.receptionPointId, id))
    .orderBy(desc(receptionPointEvents.id))
    .limit(50);
  return { ...row, canEdit: actor.role === "admin" || row.organisationId === mine, history };
}

/** Adds a point kept by the caller's organisation, confirmed as of `now`. */
export async function createReceptionPoint(db: Db, actor: SessionUser | null, { input, now }: { input: ReceptionPointInput; now: Date }): Promise<{ id: string }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const organisationId = await getActorOrganisationId(tx, actor);
    if (!organisationId) throw new RefusedWriteError("form", { code: "noOrganisationToKeep" });
    await assertTownExists(tx, input.townId);
    const [created] = await tx
      .insert(receptionPoints)
      .values({ ...input, organisationId, confirmedAt: now, confirmedBy: actor.id, createdBy: actor.id, updatedBy: actor.id, createdAt: now, updatedAt: now })
      .returning();
    await recordChange(tx, actor, "created", null, created!);
    return { id: created!.id };
  });
}

/** Changes a point; the keeper's new counts are a confirmation as of `now`. */
export async function updateReceptionPoint(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, input, now }: { id: string; baseVersion: number; input: ReceptionPointInput; now: Date },
): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const before = await lockForChange(tx, actor, id, baseVersion);
    await assertTownExists(tx, input.townId);
    const [after] = await tx
      .update(receptionPoints)
      .set({ ...input, confirmedAt: now, confirmedBy: actor.id, version: before.version + 1, updatedAt: now, updatedBy: actor.id })
      .where(eq(receptionPoints.id, id))
      .returning();
    await recordChange(tx, actor, "updated", before, after!);
  });
}

/** "Still right": the counts and status confirmed unchanged as of `now`. */
export async function confirmReceptionPoint(db: Db, actor: SessionUser | null, { id, baseVersion, now }: { id: string; baseVersion: number; now: Date }): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const before = await lockForChange(tx, actor, id, baseVersion);
    const [after] = await tx
      .update(receptionPoints)
      .set({ confirmedAt: now, confirmedBy: actor.id, version: before.version + 1, updatedAt: now, updatedBy: actor.id })
      .where(eq(receptionPoints.id, id))
      .returning();
    await recordChange(tx, actor, "confirmed", before, after!);
  });
}

/**
 * A run counted in at the point: its free beds go down by the count (never below 0), as a new
 * version with its history event and audit row, in the arriving run's transaction. Written for
 * the run's organisation whoever keeps the point: the people are in its beds either way. The
 * confirmation time is left as the keeper's: a count lowered from an old one is still old, so a
 * stale point stays unconfirmed and a fresh one goes stale when the keeper's count would have.
 */
export async function recordArrivalAtReceptionPoint(
  tx: Tx,
  actor: SessionUser,
  { id, arrived, accessible, runReference, now }: { id: string; arrived: number; accessible: number; runReference: string; now: Date },
): Promise<void> {
  const [before] = await tx.select().from(receptionPoints).where(eq(receptionPoints.id, id)).for("update");
  if (!before) throw new NotFoundError("reception point");
  const beds = bedsAfterArrival(before, { arrived, accessible });
  const [after] = await tx
    .update(receptionPoints)
    .set({ ...beds, version: before.version + 1, updatedAt: now, updatedBy: actor.id })
    .where(eq(receptionPoints.id, id))
    .returning();
  await recordChange(tx, actor, "arrival", before, after!, { runReference, arrived });
}

/** The row locked for this change, if the caller's organisation keeps it and nobody changed it since `baseVersion`. */
async function lockForChange(tx: Tx, actor: SessionUser, id: string, baseVersion: number): Promise<PointRow> {
  const [before] = await tx.select().from(receptionPoints).where(eq(receptionPoints.id, id)).for("update");
  if (!before) throw new NotFoundError("reception point");
  if (actor.role !== "admin" && before.organisationId !== (await getActorOrganisationId(tx, actor))) throw new AccessError("forbidden");
  if (before.version !== baseVersion) throw await staleVersionError(tx, "receptionPoint", before);
  return before;
}

async function assertTownExists(tx: Pick<Db, "select">, townId: string): Promise<void> {
  const [town] = await tx.select({ id: towns.id }).from(towns).where(eq(towns.id, townId)).limit(1);
  if (!town) throw new RefusedWriteError("townId", { code: "invalidChoice" });
}

/** The history event and the audit row of one change, in its transaction. */
async function recordChange(tx: Tx, actor: SessionUser, kind: ReceptionEventKind, before: PointRow | null, after: PointRow, arrival?: { runReference: string; arrived: number }): Promise<void> {
  await tx.insert(receptionPointEvents).values({
    receptionPointId: after.id,
    kind,
    status: after.status,
    bedsTotal: after.bedsTotal,
    bedsAccessible: after.bedsAccessible,
    bedsFree: after.bedsFree,
    bedsAccessibleFree: after.bedsAccessibleFree,
    actorId: actor.id,
    pointVersion: after.version,
    at: after.updatedAt,
  });
  await writeAudit(tx, {
    actor,
    action: `reception_point.${AUDIT_ACTION[kind]}`,
    entityType: "reception_point",
    entityId: after.id,
    before: before ? auditable(before) : undefined,
    after: { ...auditable(after), ...arrival },
  });
}

const AUDIT_ACTION: Record<ReceptionEventKind, string> = { created: "create", updated: "update", confirmed: "confirm", arrival: "arrival" };

function auditable(row: PointRow) {
  return {
    townId: row.townId,
    organisationId: row.organisationId,
    name: row.name,
    address: row.address,
    bedsTotal: row.bedsTotal,
    bedsAccessible: row.bedsAccessible,
    bedsFree: row.bedsFree,
    bedsAccessibleFree: row.bedsAccessibleFree,
    services: row.services,
    status: row.status,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    version: row.version,
  };
}
