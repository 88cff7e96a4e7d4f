import "server-only";
import crypto from "node:crypto";
import { and, asc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { assertRole } from "@/lib/roles";
import { AccessError, type SessionUser } from "@/lib/session-user";
import type { LocalizedText } from "@/lib/localized-text";
import { canChangeTransportRequestStatus, isOpenTransportRequestStatus, type MobilityLevel, type TransportRequestStatus } from "@/lib/transport-requests";
import {
  canChangeTransportRunStatus,
  outcomeEffect,
  RUN_REFERENCE_RANDOM_BYTES,
  runFit,
  runIsEditable,
  runNeedsAttention,
  runReferenceCodeFrom,
  runTakesAssignments,
  runTakesOutcomes,
  type Places,
  type RunOutcome,
  type TransportRunStatus,
  type VehicleKind,
} from "@/lib/transport-runs";
import type { Db, Tx } from "../client";
import { towns } from "../schema/places";
import { receptionPoints } from "../schema/reception-points";
import { routes } from "../schema/routes";
import { transportRequestEvents, transportRequests } from "../schema/transport-requests";
import { transportRunAssignments, transportRuns } from "../schema/transport-runs";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { recordArrivalAtReceptionPoint } from "./reception-points";
import { getActorOrganisationId } from "./organisations";
import { isUniqueViolation, NotFoundError, RefusedWriteError, StaleVersionError } from "./write-errors";

// Transport runs and who is on them. Capacity is enforced where the places are counted: each
// run row holds the places taken beside its capacity, a CHECK keeps each at or under it, and
// every assignment first locks the run row (FOR UPDATE) and then adds to the counters in the
// same transaction. Two coordinators taking the last place wait on each other; the second sees
// the first's count and is refused with the reason. Locks are always taken runs first (in id
// order), then the request, so two moves in opposite directions cannot deadlock.
// No personal value is written or returned here: the crew contact arrives sealed and leaves
// only through the audited reveal; the requests are named by reference code in audit rows.

export type TransportRunInput = {
  vehicle: VehicleKind;
  seats: number;
  wheelchairPlaces: number;
  stretcherPlaces: number;
  petsAllowed: boolean;
  /** A route of the organisation's; null: door-to-door pickups in `townSlug`. */
  routeId: string | null;
  /** The pickup town; with a route it must be the route's origin (and may be left out). */
  townSlug: string | null;
  departsFrom: Date;
  departsUntil: Date;
  assemblyPoint: LocalizedText;
  destinationTownSlug: string;
  receptionPointId: string | null;
  crewContactSealed: string | null;
};

type RunRow = typeof transportRuns.$inferSelect;

/** The actor's organisation, which every run read and write is scoped to. */
async function actorOrganisation(tx: Pick<Db, "select">, actor: SessionUser): Promise<string> {
  const organisationId = await getActorOrganisationId(tx, actor);
  if (!organisationId) throw new RefusedWriteError("form", { code: "noOrganisation" });
  return organisationId;
}

async function townIdBySlug(tx: Tx, slug: string, field: string): Promise<string> {
  const [town] = await tx.select({ id: towns.id }).from(towns).where(eq(towns.slug, slug)).limit(1);
  if (!town) throw new RefusedWriteError(field, { code: "unknownTown" });
  return town.id;
}

/** The pickup and destination towns, checked against the route when there is one. */
async function resolvePlaces(tx: Tx, organisationId: string, input: Pick<TransportRunInput, "routeId" | "townSlug" | "destinationTownSlug">): Promise<{ townId: string; destinationTownId: string }> {
  const destinationTownId = await townIdBySlug(tx, input.destinationTownSlug, "destinationTownSlug");
  if (input.routeId) {
    const [route] = await tx.select({ originTownId: routes.originTownId, organisationId: routes.organisationId }).from(routes).where(eq(routes.id, input.routeId)).limit(1);
    // Another organisation's route is refused like a missing one: a run is planned on one's own lines.
    if (!route || route.organisationId !== organisationId) throw new RefusedWriteError("routeId", { code: "unknownRoute" });
    if (input.townSlug && (await townIdBySlug(tx, input.townSlug, "townSlug")) !== route.originTownId) throw new RefusedWriteError("townSlug", { code: "townNotRouteOrigin" });
    if (route.originTownId === destinationTownId) throw new RefusedWriteError("destinationTownSlug", { code: "sameTowns" });
    return { townId: route.originTownId, destinationTownId };
  }
  if (!input.townSlug) throw new RefusedWriteError("townSlug", { code: "required" });
  const townId = await townIdBySlug(tx, input.townSlug, "townSlug");
  if (townId === destinationTownId) throw new RefusedWriteError("destinationTownSlug", { code: "sameTowns" });
  return { townId, destinationTownId };
}

function auditableRun(r: { referenceCode: string; vehicle: string; seats: number; wheelchairPlaces: number; stretcherPlaces: number; petsAllowed: boolean; routeId: string | null; departsFrom: Date; departsUntil: Date; status?: string }) {
  return {
    referenceCode: r.referenceCode,
    vehicle: r.vehicle,
    seats: r.seats,
    wheelchairPlaces: r.wheelchairPlaces,
    stretcherPlaces: r.stretcherPlaces,
    petsAllowed: r.petsAllowed,
    routeId: r.routeId,
    departsFrom: r.departsFrom.toISOString(),
    departsUntil: r.departsUntil.toISOString(),
    status: r.status,
  };
}

/**
 * The reception point a run goes to must be in its destination town: a run named at a point in
 * another town would show up on that point's page as people coming who are not.
 */
async function checkReceptionPoint(tx: Pick<Db, "select">, receptionPointId: string | null, destinationTownId: string): Promise<void> {
  if (!receptionPointId) return;
  const [point] = await tx.select({ townId: receptionPoints.townId }).from(receptionPoints).where(eq(receptionPoints.id, receptionPointId)).limit(1);
  if (!point) throw new RefusedWriteError("receptionPointId", { code: "unknownReceptionPoint" });
  if (point.townId !== destinationTownId) throw new RefusedWriteError("receptionPointId", { code: "receptionPointNotInDestination" });
}

/** Plans a run for the actor's organisation; returns its id and reference. */
export async function createTransportRun(db: Db, actor: SessionUser | null, { input, now = new Date() }: { input: TransportRunInput; now?: Date }): Promise<{ id: string; referenceCode: string }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const organisationId = await actorOrganisation(tx, actor);
    const { townId, destinationTownId } = await resolvePlaces(tx, organisationId, input);
    await checkReceptionPoint(tx, input.receptionPointId, destinationTownId);
    for (let attempt = 0; ; attempt++) {
      const referenceCode = runReferenceCodeFrom(crypto.randomBytes(RUN_REFERENCE_RANDOM_BYTES));
      try {
        // A savepoint per attempt: a taken reference must not abort the whole transaction.
        const row = await tx.transaction(async (sp) => {
          const [inserted] = await sp
            .insert(transportRuns)
            .values({
              referenceCode,
              organisationId,
              vehicle: input.vehicle,
              seats: input.seats,
              wheelchairPlaces: input.wheelchairPlaces,
              stretcherPlaces: input.stretcherPlaces,
              petsAllowed: input.petsAllowed,
              routeId: input.routeId,
              townId,
              departsFrom: input.departsFrom,
              departsUntil: input.departsUntil,
              assemblyPoint: input.assemblyPoint,
              destinationTownId,
              receptionPointId: input.receptionPointId,
              crewContactSealed: input.crewContactSealed,
              createdBy: actor.id,
              updatedBy: actor.id,
              createdAt: now,
              updatedAt: now,
            })
            .returning({ id: transportRuns.id });
          return inserted!;
        });
        await writeAudit(tx, { actor, action: "transport_run.create", entityType: "transport_run", entityId: row.id, after: auditableRun({ ...input, referenceCode }) });
        return { id: row.id, referenceCode };
      } catch (error) {
        // 30 random bits among one country's runs: a third collision in a row is something else.
        if (attempt < 2 && isUniqueViolation(error, "transport_runs_reference_code_unique")) continue;
        throw error;
      }
    }
  });
}

export type TransportRunSummary = {
  id: string;
  referenceCode: string;
  version: number;
  status: TransportRunStatus;
  vehicle: VehicleKind;
  seats: number;
  wheelchairPlaces: number;
  stretcherPlaces: number;
  petsAllowed: boolean;
  seatsTaken: number;
  wheelchairPlacesTaken: number;
  stretcherPlacesTaken: number;
  routeId: string | null;
  routeSlug: string | null;
  townSlug: string;
  townName: { nameUk: string; nameRu: string; nameEn: string };
  destinationTownSlug: string;
  destinationTownName: { nameUk: string; nameRu: string; nameEn: string };
  receptionPointId: string | null;
  departsFrom: Date;
  departsUntil: Date;
  assemblyPoint: LocalizedText;
  /** The route's assembly point, used when the run names none of its own. */
  routeAssemblyPoint: LocalizedText | null;
  arrivedCount: number | null;
  arrivedAt: Date | null;
  hasCrewContact: boolean;
  /** The route was closed or an incident flagged on it: the organisation must decide; nobody has been told. */
  attention: "routeClosed" | "incidentFlagged" | null;
  updatedAt: Date;
};

const destinationTowns = sql`destination_town`;

function selectRuns(db: Pick<Db, "select">) {
  return db
    .select({
      run: transportRuns,
      routeSlug: routes.slug,
      routeStatus: routes.status,
      routeReviewFlaggedAt: routes.reviewFlaggedAt,
      routeAssemblyPoint: routes.assemblyPoint,
      townSlug: towns.slug,
      townName: { nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
      destinationTownSlug: sql<string>`(select ${destinationTowns}.slug from ${towns} ${destinationTowns} where ${destinationTowns}.id = ${transportRuns.destinationTownId})`,
      destinationTownName: sql<{ nameUk: string; nameRu: string; nameEn: string }>`(select json_build_object('nameUk', ${destinationTowns}.name_uk, 'nameRu', ${destinationTowns}.name_ru, 'nameEn', ${destinationTowns}.name_en) from ${towns} ${destinationTowns} where ${destinationTowns}.id = ${transportRuns.destinationTownId})`,
    })
    .from(transportRuns)
    .innerJoin(towns, eq(transportRuns.townId, towns.id))
    .leftJoin(routes, eq(transportRuns.routeId, routes.id))
    .$dynamic();
}

type SelectedRun = Awaited<ReturnType<typeof selectRuns>>[number];

function toSummary(row: SelectedRun): TransportRunSummary {
  const r = row.run;
  return {
    id: r.id,
    referenceCode: r.referenceCode,
    version: r.version,
    status: r.status,
    vehicle: r.vehicle,
    seats: r.seats,
    wheelchairPlaces: r.wheelchairPlaces,
    stretcherPlaces: r.stretcherPlaces,
    petsAllowed: r.petsAllowed,
    seatsTaken: r.seatsTaken,
    wheelchairPlacesTaken: r.wheelchairPlacesTaken,
    stretcherPlacesTaken: r.stretcherPlacesTaken,
    routeId: r.routeId,
    routeSlug: row.routeSlug,
    townSlug: row.townSlug,
    townName: row.townName,
    destinationTownSlug: row.destinationTownSlug,
    destinationTownName: row.destinationTownName,
    receptionPointId: r.receptionPointId,
    departsFrom: r.departsFrom,
    departsUntil: r.departsUntil,
    assemblyPoint: r.assemblyPoint,
    routeAssemblyPoint: row.routeAssemblyPoint,
    arrivedCount: r.arrivedCount,
    arrivedAt: r.arrivedAt,
    hasCrewContact: r.crewContactSealed !== null,
    attention: runNeedsAttention(r, row.routeStatus ? { status: row.routeStatus, reviewFlaggedAt: row.routeReviewFlaggedAt } : null),
    updatedAt: r.updatedAt,
  };
}

/**
 * The organisation's runs, soonest first: those still to leave or on their way, and those that
 * arrived or were cancelled since `since` (a week back by default).
 */
export async function listTransportRuns(db: Db, actor: SessionUser | null, { now = new Date(), sinceDays = 7 }: { now?: Date; sinceDays?: number } = {}): Promise<TransportRunSummary[]> {
  assertRole(actor, "coordinator");
  const organisationId = await getActorOrganisationId(db, actor);
  if (!organisationId) return [];
  const since = new Date(now.getTime() - sinceDays * 24 * 60 * 60 * 1000);
  const rows = await selectRuns(db)
    .where(and(eq(transportRuns.organisationId, organisationId), gte(transportRuns.departsUntil, since)))
    .orderBy(asc(transportRuns.departsFrom), asc(transportRuns.referenceCode))
    .limit(500);
  return rows.map(toSummary);
}

/** The organisation's runs that need a decision (route closed, incident flagged), for its dashboard. */
export async function listTransportRunAlerts(db: Db, actor: SessionUser | null): Promise<TransportRunSummary[]> {
  assertRole(actor, "coordinator");
  const organisationId = await getActorOrganisationId(db, actor);
  if (!organisationId) return [];
  const rows = await selectRuns(db)
    .where(
      and(
        eq(transportRuns.organisationId, organisationId),
        inArray(transportRuns.status, ["planned", "boarding"]),
        sql`(${routes.status} = 'closed' or ${routes.reviewFlaggedAt} is not null)`,
      ),
    )
    .orderBy(asc(transportRuns.departsFrom));
  return rows.map(toSummary);
}

/** One of the organisation's runs; null for a missing run and for another organisation's alike. */
export async function getTransportRun(db: Db, actor: SessionUser | null, { id }: { id: string }): Promise<TransportRunSummary | null> {
  assertRole(actor, "coordinator");
  const organisationId = await getActorOrganisationId(db, actor);
  if (!organisationId) return null;
  const [row] = await selectRuns(db)
    .where(and(eq(transportRuns.id, id), eq(transportRuns.organisationId, organisationId)))
    .limit(1);
  return row ? toSummary(row) : null;
}

export type RunAssignment = {
  id: string;
  requestId: string;
  referenceCode: string;
  requestStatus: TransportRequestStatus;
  peopleCount: number;
  childrenCount: number;
  mobility: MobilityLevel;
  pets: boolean;
  seats: number;
  wheelchairPlaces: number;
  stretcherPlaces: number;
  pickupOrder: number;
  outcome: RunOutcome | null;
  outcomeAt: Date | null;
};

/** Who is on one of the organisation's runs, in pickup order: needs and reference codes, no personal value. */
export async function listRunAssignments(db: Db, actor: SessionUser | null, { runId }: { runId: string }): Promise<RunAssignment[]> {
  assertRole(actor, "coordinator");
  const organisationId = await getActorOrganisationId(db, actor);
  if (!organisationId) return [];
  return db
    .select({
      id: transportRunAssignments.id,
      requestId: transportRunAssignments.requestId,
      referenceCode: transportRequests.referenceCode,
      requestStatus: transportRequests.status,
      peopleCount: transportRequests.peopleCount,
      childrenCount: transportRequests.childrenCount,
      mobility: transportRequests.mobility,
      pets: transportRequests.pets,
      seats: transportRunAssignments.seats,
      wheelchairPlaces: transportRunAssignments.wheelchairPlaces,
      stretcherPlaces: transportRunAssignments.stretcherPlaces,
      pickupOrder: transportRunAssignments.pickupOrder,
      outcome: transportRunAssignments.outcome,
      outcomeAt: transportRunAssignments.outcomeAt,
    })
    .from(transportRunAssignments)
    .innerJoin(transportRuns, eq(transportRunAssignments.runId, transportRuns.id))
    .innerJoin(transportRequests, eq(transportRunAssignments.requestId, transportRequests.id))
    .where(and(eq(transportRunAssignments.runId, runId), eq(transportRuns.organisationId, organisationId), isNull(transportRunAssignments.endedAt)))
    .orderBy(asc(transportRunAssignments.pickupOrder));
}

/**
 * The organisation's claimed open requests in a run's town that are on no run yet: what the
 * run's page offers to assign. Needs only, no personal value.
 */
export async function listAssignableRequests(db: Db, actor: SessionUser | null, { runId }: { runId: string }) {
  assertRole(actor, "coordinator");
  const organisationId = await getActorOrganisationId(db, actor);
  if (!organisationId) return [];
  const [run] = await db.select({ townId: transportRuns.townId }).from(transportRuns).where(and(eq(transportRuns.id, runId), eq(transportRuns.organisationId, organisationId))).limit(1);
  if (!run) return [];
  return db
    .select({
      id: transportRequests.id,
      referenceCode: transportRequests.referenceCode,
      status: transportRequests.status,
      peopleCount: transportRequests.peopleCount,
      mobility: transportRequests.mobility,
      pets: transportRequests.pets,
      unknownFields: transportRequests.unknownFields,
    })
    .from(transportRequests)
    .where(
      and(
        eq(transportRequests.townId, run.townId),
        eq(transportRequests.claimedByOrganisationId, organisationId),
        inArray(transportRequests.status, ["new", "contacted", "scheduled"]),
        sql`not exists (select 1 from ${transportRunAssignments} a where a.request_id = ${transportRequests.id} and a.ended_at is null)`,
      ),
    )
    .orderBy(asc(transportRequests.createdAt))
    .limit(300);
}

// ——— Writes on people: assign, move, take off, outcome ———

/** Locks the runs (in id order) and checks each belongs to the actor's organisation. */
async function lockRuns(tx: Tx, actor: SessionUser, ids: string[]): Promise<Map<string, RunRow>> {
  const organisationId = await actorOrganisation(tx, actor);
  const locked = new Map<string, RunRow>();
  for (const id of [...new Set(ids)].sort()) {
    const [row] = await tx.select().from(transportRuns).where(eq(transportRuns.id, id)).for("update");
    // Another organisation's run is refused as if it did not exist: its existence is not theirs to learn.
    if (!row || row.organisationId !== organisationId) throw new NotFoundError("transportRun");
    locked.set(id, row);
  }
  return locked;
}

type RequestRow = typeof transportRequests.$inferSelect;

async function lockRequestFor(tx: Tx, run: RunRow, requestId: string): Promise<RequestRow> {
  const [row] = await tx.select().from(transportRequests).where(eq(transportRequests.id, requestId)).for("update");
  if (!row) throw new NotFoundError("transportRequest");
  if (row.claimedByOrganisationId !== run.organisationId) throw new RefusedWriteError("requestId", { code: "requestNotClaimedByRunOrganisation" });
  if (!isOpenTransportRequestStatus(row.status)) throw new RefusedWriteError("requestId", { code: "requestClosed" });
  return row;
}

function takenOf(run: RunRow): Places {
  return { seats: run.seatsTaken, wheelchairPlaces: run.wheelchairPlacesTaken, stretcherPlaces: run.stretcherPlacesTaken };
}

/** Adds (or with -1 removes) places on a locked run; the CHECK refuses an overbooking whatever the caller computed. */
async function addTaken(tx: Tx, runId: string, places: Places, sign: 1 | -1, actor: SessionUser, now: Date): Promise<void> {
  await tx
    .update(transportRuns)
    .set({
      seatsTaken: sql`${transportRuns.seatsTaken} + ${sign * places.seats}`,
      wheelchairPlacesTaken: sql`${transportRuns.wheelchairPlacesTaken} + ${sign * places.wheelchairPlaces}`,
      stretcherPlacesTaken: sql`${transportRuns.stretcherPlacesTaken} + ${sign * places.stretcherPlaces}`,
      updatedAt: now,
      updatedBy: actor.id,
    })
    .where(eq(transportRuns.id, runId));
}

/** Moves the request along its own machine, with its event (which queues the requester's message). */
async function setRequestStatus(tx: Tx, actor: SessionUser, request: RequestRow, status: TransportRequestStatus, { release = false, now }: { release?: boolean; now: Date }): Promise<void> {
  const changes = status !== request.status;
  if (changes && !canChangeTransportRequestStatus(request.status, status)) throw new RefusedWriteError("requestId", { code: "requestTransitionNotAllowed" });
  if (!changes && !release) return;
  const version = request.version + 1;
  await tx
    .update(transportRequests)
    .set({
      status,
      closedAt: isOpenTransportRequestStatus(status) ? null : now,
      ...(release ? { claimedByOrganisationId: null, claimedAt: null } : {}),
      lastProgressAt: now,
      updatedAt: now,
      updatedBy: actor.id,
      version,
    })
    .where(eq(transportRequests.id, request.id));
  if (changes) await tx.insert(transportRequestEvents).values({ requestId: request.id, kind: "status", status, organisationId: request.claimedByOrganisationId, actorId: actor.id, requestVersion: version, at: now });
  if (release) await tx.insert(transportRequestEvents).values({ requestId: request.id, kind: "released", organisationId: request.claimedByOrganisationId, actorId: actor.id, requestVersion: version, at: now });
}

async function openAssignmentOf(tx: Tx, requestId: string) {
  const [row] = await tx.select().from(transportRunAssignments).where(and(eq(transportRunAssignments.requestId, requestId), isNull(transportRunAssignments.endedAt))).limit(1);
  return row ?? null;
}

async function nextPickupOrder(tx: Tx, runId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${transportRunAssignments.pickupOrder}), 0)::int` })
    .from(transportRunAssignments)
    .where(and(eq(transportRunAssignments.runId, runId), isNull(transportRunAssignments.endedAt)));
  return (row?.n ?? 0) + 1;
}

/** Places a new assignment on a locked run: the fit decided on the locked counts, then the counters and the row. */
async function placeOnRun(tx: Tx, actor: SessionUser, run: RunRow, request: RequestRow, now: Date): Promise<{ assignmentId: string; pickupOrder: number }> {
  if (!runTakesAssignments(run.status)) throw new RefusedWriteError("runId", { code: "runNotTakingPeople" });
  const fit = runFit(request, run, takenOf(run));
  if (!fit.fits) throw new RefusedWriteError("requestId", { code: `fit_${fit.reason}` });
  await addTaken(tx, run.id, fit.places, 1, actor, now);
  const pickupOrder = await nextPickupOrder(tx, run.id);
  const [row] = await tx
    .insert(transportRunAssignments)
    .values({ runId: run.id, requestId: request.id, ...fit.places, pickupOrder, createdBy: actor.id, createdAt: now, updatedAt: now })
    .returning({ id: transportRunAssignments.id });
  return { assignmentId: row!.id, pickupOrder };
}

/**
 * Puts a claimed request's people on one of the organisation's runs, if the vehicle can take
 * them (lib's `runFit` on the counts as locked). The request becomes scheduled, and the
 * requester is told the run's details (the assignment's trigger).
 */
export async function assignRequestToRun(
  db: Db,
  actor: SessionUser | null,
  { runId, requestId, now = new Date() }: { runId: string; requestId: string; now?: Date },
): Promise<{ assignmentId: string; pickupOrder: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const run = (await lockRuns(tx, actor, [runId])).get(runId)!;
    const request = await lockRequestFor(tx, run, requestId);
    if (await openAssignmentOf(tx, requestId)) throw new RefusedWriteError("requestId", { code: "alreadyOnRun" });
    const placed = await placeOnRun(tx, actor, run, request, now);
    await setRequestStatus(tx, actor, request, "scheduled", { now });
    await writeAudit(tx, { actor, action: "transport_run.assign", entityType: "transport_run", entityId: run.id, after: { runReference: run.referenceCode, requestReference: request.referenceCode, pickupOrder: placed.pickupOrder } });
    return placed;
  });
}

/** Moves a request from the run it is on to another of the organisation's runs, in one step: both or neither. */
export async function moveRequestToRun(
  db: Db,
  actor: SessionUser | null,
  { requestId, toRunId, now = new Date() }: { requestId: string; toRunId: string; now?: Date },
): Promise<{ assignmentId: string; pickupOrder: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ runId: transportRunAssignments.runId }).from(transportRunAssignments).where(and(eq(transportRunAssignments.requestId, requestId), isNull(transportRunAssignments.endedAt))).limit(1);
    if (!current) throw new RefusedWriteError("requestId", { code: "notOnRun" });
    if (current.runId === toRunId) throw new RefusedWriteError("toRunId", { code: "alreadyOnRun" });
    const runs = await lockRuns(tx, actor, [current.runId, toRunId]);
    const from = runs.get(current.runId)!;
    const to = runs.get(toRunId)!;
    const request = await lockRequestFor(tx, from, requestId);
    // Re-read under the locks: the assignment may have ended while we waited.
    const assignment = await openAssignmentOf(tx, requestId);
    if (!assignment || assignment.runId !== from.id) throw new RefusedWriteError("requestId", { code: "notOnRun" });
    if (assignment.outcome !== null) throw new RefusedWriteError("requestId", { code: "outcomeRecorded" });
    if (!runTakesAssignments(from.status)) throw new RefusedWriteError("requestId", { code: "runNotTakingPeople" });
    await endAssignment(tx, actor, from, assignment, "moved", now);
    const placed = await placeOnRun(tx, actor, to, request, now);
    await writeAudit(tx, { actor, action: "transport_run.move", entityType: "transport_run", entityId: to.id, before: { runReference: from.referenceCode, requestReference: request.referenceCode }, after: { runReference: to.referenceCode, requestReference: request.referenceCode, pickupOrder: placed.pickupOrder } });
    return placed;
  });
}

type AssignmentRow = typeof transportRunAssignments.$inferSelect;

/** Ends an assignment and frees what it still holds (a non-boarded outcome has freed it already). */
async function endAssignment(tx: Tx, actor: SessionUser, run: RunRow, assignment: AssignmentRow, reason: "moved" | "removed" | "run_cancelled", now: Date): Promise<void> {
  if (holdsPlaces(assignment.outcome)) await addTaken(tx, run.id, assignment, -1, actor, now);
  await tx.update(transportRunAssignments).set({ endedAt: now, endReason: reason, updatedAt: now }).where(eq(transportRunAssignments.id, assignment.id));
}

/** Only people on board, or still to be picked up, hold places: someone not found frees theirs for another. */
function holdsPlaces(outcome: RunOutcome | null): boolean {
  return outcome === null || outcome === "boarded";
}

/** Takes a request off its run: its places are freed and the request goes back to "contacted", still the organisation's. */
export async function removeRequestFromRun(db: Db, actor: SessionUser | null, { requestId, now = new Date() }: { requestId: string; now?: Date }): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ runId: transportRunAssignments.runId }).from(transportRunAssignments).where(and(eq(transportRunAssignments.requestId, requestId), isNull(transportRunAssignments.endedAt))).limit(1);
    if (!current) throw new RefusedWriteError("requestId", { code: "notOnRun" });
    const run = (await lockRuns(tx, actor, [current.runId])).get(current.runId)!;
    const request = await lockRequestFor(tx, run, requestId);
    const assignment = await openAssignmentOf(tx, requestId);
    if (!assignment || assignment.runId !== run.id) throw new RefusedWriteError("requestId", { code: "notOnRun" });
    if (assignment.outcome !== null) throw new RefusedWriteError("requestId", { code: "outcomeRecorded" });
    if (!runTakesAssignments(run.status)) throw new RefusedWriteError("requestId", { code: "runNotTakingPeople" });
    await endAssignment(tx, actor, run, assignment, "removed", now);
    await setRequestStatus(tx, actor, request, "contacted", { now });
    await writeAudit(tx, { actor, action: "transport_run.remove", entityType: "transport_run", entityId: run.id, before: { runReference: run.referenceCode, requestReference: request.referenceCode } });
  });
}

/**
 * Records what happened at a pickup for a request's people (lib's `outcomeEffect`): the request
 * moves on its own machine (evacuated, declined, back to the pool, or back to the organisation to
 * agree a new time), and someone not on board frees their places. Once recorded it stands: the
 * request it moved may already be closed.
 */
export async function recordRunOutcome(
  db: Db,
  actor: SessionUser | null,
  { runId, requestId, outcome, now = new Date() }: { runId: string; requestId: string; outcome: RunOutcome; now?: Date },
): Promise<void> {
  assertRole(actor, "coordinator");
  await db.transaction(async (tx) => {
    const run = (await lockRuns(tx, actor, [runId])).get(runId)!;
    if (!runTakesOutcomes(run.status)) throw new RefusedWriteError("outcome", { code: "runNotTakingOutcomes" });
    const [request] = await tx.select().from(transportRequests).where(eq(transportRequests.id, requestId)).for("update");
    if (!request) throw new NotFoundError("transportRequest");
    const assignment = await openAssignmentOf(tx, requestId);
    if (!assignment || assignment.runId !== run.id) throw new RefusedWriteError("requestId", { code: "notOnRun" });
    if (assignment.outcome !== null) throw new RefusedWriteError("outcome", { code: "outcomeRecorded" });
    const effect = outcomeEffect(outcome);
    if (!holdsPlaces(outcome)) await addTaken(tx, run.id, assignment, -1, actor, now);
    await tx.update(transportRunAssignments).set({ outcome, outcomeAt: now, updatedAt: now }).where(eq(transportRunAssignments.id, assignment.id));
    // The request may have moved meanwhile (withdrawn by the requester): the outcome is still recorded, the request left as it is.
    if (isOpenTransportRequestStatus(request.status) && request.claimedByOrganisationId === run.organisationId) {
      await setRequestStatus(tx, actor, request, effect.status, { release: effect.release, now });
    }
    await writeAudit(tx, { actor, action: "transport_run.outcome", entityType: "transport_run", entityId: run.id, after: { runReference: run.referenceCode, requestReference: request.referenceCode, outcome } });
  });
}

// ——— Writes on the run itself ———

async function staleRunError(tx: Tx, row: RunRow): Promise<StaleVersionError> {
  const [by] = row.updatedBy ? await tx.select({ email: users.email }).from(users).where(eq(users.id, row.updatedBy)).limit(1) : [];
  return new StaleVersionError({ entity: "transportRun", changedAt: row.updatedAt.toISOString(), changedBy: by?.email ?? null, version: row.version, status: row.status });
}

/**
 * Moves a run along planned → boarding → departed → arrived, or cancels it, on the version the
 * page was loaded at. Arrival records how many were counted in. Cancelling takes everyone off
 * (their requests back to "contacted", still the organisation's) and each is told.
 */
export async function changeTransportRunStatus(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, status, arrivedCount, now = new Date() }: { id: string; baseVersion: number; status: TransportRunStatus; arrivedCount?: number; now?: Date },
): Promise<{ version: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const run = (await lockRuns(tx, actor, [id])).get(id)!;
    if (run.version !== baseVersion) throw await staleRunError(tx, run);
    if (!canChangeTransportRunStatus(run.status, status)) throw new RefusedWriteError("status", { code: "runTransitionNotAllowed" });
    if (status === "arrived" && (arrivedCount === undefined || !Number.isInteger(arrivedCount) || arrivedCount < 0)) throw new RefusedWriteError("arrivedCount", { code: "required" });
    if (status === "cancelled") {
      const open = await tx.select().from(transportRunAssignments).where(and(eq(transportRunAssignments.runId, id), isNull(transportRunAssignments.endedAt))).orderBy(asc(transportRunAssignments.requestId));
      for (const assignment of open) {
        await endAssignment(tx, actor, run, assignment, "run_cancelled", now);
        const [request] = await tx.select().from(transportRequests).where(eq(transportRequests.id, assignment.requestId)).for("update");
        if (request && request.status === "scheduled" && assignment.outcome === null) await setRequestStatus(tx, actor, request, "contacted", { now });
      }
    }
    const version = run.version + 1;
    await tx
      .update(transportRuns)
      .set({ status, version, updatedAt: now, updatedBy: actor.id, ...(status === "arrived" ? { arrivedCount, arrivedAt: now } : {}) })
      .where(eq(transportRuns.id, id));
    // The people counted in take beds at the point: its free beds go down in this transaction
    // (the point locked after the run, the order every write here keeps). Those on wheelchair
    // and stretcher places are taken to need the accessible beds.
    if (status === "arrived" && run.receptionPointId) {
      await recordArrivalAtReceptionPoint(tx, actor, {
        id: run.receptionPointId,
        arrived: arrivedCount!,
        accessible: run.wheelchairPlacesTaken + run.stretcherPlacesTaken,
        runReference: run.referenceCode,
        now,
      });
    }
    await writeAudit(tx, {
      actor,
      action: "transport_run.status",
      entityType: "transport_run",
      entityId: id,
      before: { referenceCode: run.referenceCode, status: run.status },
      after: { referenceCode: run.referenceCode, status, arrivedCount: status === "arrived" ? arrivedCount : undefined },
    });
    return { version };
  });
}

/**
 * Changes a planned run's departure window or meeting place (everyone on it is told, by the
 * run's trigger). Capacity may be lowered only to what is already taken.
 */
export async function rescheduleTransportRun(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, departsFrom, departsUntil, assemblyPoint, now = new Date() }: { id: string; baseVersion: number; departsFrom: Date; departsUntil: Date; assemblyPoint: LocalizedText; now?: Date },
): Promise<{ version: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const run = (await lockRuns(tx, actor, [id])).get(id)!;
    if (run.version !== baseVersion) throw await staleRunError(tx, run);
    if (!runIsEditable(run.status)) throw new RefusedWriteError("form", { code: "runNotEditable" });
    const version = run.version + 1;
    await tx.update(transportRuns).set({ departsFrom, departsUntil, assemblyPoint, version, updatedAt: now, updatedBy: actor.id }).where(eq(transportRuns.id, id));
    await writeAudit(tx, {
      actor,
      action: "transport_run.reschedule",
      entityType: "transport_run",
      entityId: id,
      before: { referenceCode: run.referenceCode, departsFrom: run.departsFrom.toISOString(), departsUntil: run.departsUntil.toISOString(), assemblyPoint: run.assemblyPoint },
      after: { referenceCode: run.referenceCode, departsFrom: departsFrom.toISOString(), departsUntil: departsUntil.toISOString(), assemblyPoint },
    });
    return { version };
  });
}

/** Names (or clears) the reception point a planned or boarding run goes to; it must be in the run's destination town. */
export async function setTransportRunReceptionPoint(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, receptionPointId, now = new Date() }: { id: string; baseVersion: number; receptionPointId: string | null; now?: Date },
): Promise<{ version: number }> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const run = (await lockRuns(tx, actor, [id])).get(id)!;
    if (run.version !== baseVersion) throw await staleRunError(tx, run);
    if (!runTakesAssignments(run.status)) throw new RefusedWriteError("form", { code: "runNotEditable" });
    await checkReceptionPoint(tx, receptionPointId, run.destinationTownId);
    const version = run.version + 1;
    await tx.update(transportRuns).set({ receptionPointId, version, updatedAt: now, updatedBy: actor.id }).where(eq(transportRuns.id, id));
    await writeAudit(tx, {
      actor,
      action: "transport_run.reception_point",
      entityType: "transport_run",
      entityId: id,
      before: { referenceCode: run.referenceCode, receptionPointId: run.receptionPointId },
      after: { referenceCode: run.referenceCode, receptionPointId },
    });
    return { version };
  });
}

/** A run on its way to a reception point, as that point's staff see it: how many and when, never who. */
export type IncomingRun = {
  status: TransportRunStatus;
  departsFrom: Date;
  departsUntil: Date;
  townName: { nameUk: string; nameRu: string; nameEn: string };
  /** People on it: the seats taken and the wheelchair and stretcher places, apart. */
  seatsTaken: number;
  wheelchairPlacesTaken: number;
  stretcherPlacesTaken: number;
  /** Only for the viewer's own organisation's runs (it links to the run's page); null for another's. */
  own: { id: string; referenceCode: string } | null;
};

/**
 * The runs planned, boarding or on the road to a reception point, soonest first: any coordinator
 * preparing beds sees how many are coming and when. Nothing names anyone on a run, and another
 * organisation's run is counts, window and status only (not even its reference).
 */
export async function listRunsToReceptionPoint(db: Db, actor: SessionUser | null, { receptionPointId }: { receptionPointId: string }): Promise<IncomingRun[]> {
  assertRole(actor, "coordinator");
  const mine = await getActorOrganisationId(db, actor);
  const rows = await db
    .select({
      id: transportRuns.id,
      referenceCode: transportRuns.referenceCode,
      organisationId: transportRuns.organisationId,
      status: transportRuns.status,
      departsFrom: transportRuns.departsFrom,
      departsUntil: transportRuns.departsUntil,
      townName: { nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
      seatsTaken: transportRuns.seatsTaken,
      wheelchairPlacesTaken: transportRuns.wheelchairPlacesTaken,
      stretcherPlacesTaken: transportRuns.stretcherPlacesTaken,
    })
    .from(transportRuns)
    .innerJoin(towns, eq(transportRuns.townId, towns.id))
    .where(and(eq(transportRuns.receptionPointId, receptionPointId), inArray(transportRuns.status, ["planned", "boarding", "departed"])))
    .orderBy(asc(transportRuns.departsFrom), asc(transportRuns.id))
    .limit(200);
  return rows.map(({ id, referenceCode, organisationId, ...run }) => ({ ...run, own: mine && organisationId === mine ? { id, referenceCode } : null }));
}

/** The crew's contact, for the run's organisation only, with an audit row in the same transaction. Returns it sealed; the caller opens it. */
export async function revealRunCrewContact(db: Db, actor: SessionUser | null, { id }: { id: string }): Promise<string | null> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const organisationId = await actorOrganisation(tx, actor);
    const [row] = await tx.select({ referenceCode: transportRuns.referenceCode, organisationId: transportRuns.organisationId, sealed: transportRuns.crewContactSealed }).from(transportRuns).where(eq(transportRuns.id, id)).limit(1);
    if (!row || row.organisationId !== organisationId) throw new AccessError("forbidden");
    await writeAudit(tx, { actor, action: "transport_run.reveal_crew_contact", entityType: "transport_run", entityId: id, after: { referenceCode: row.referenceCode } });
    return row.sealed;
  });
}

/** Runs holding more than their places, or whose counters disagree with their assignments: the benchmark's check (there must be none). */
export async function countOverbookedRuns(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(transportRuns)
    .where(
      sql`${transportRuns.seatsTaken} > ${transportRuns.seats} or ${transportRuns.wheelchairPlacesTaken} > ${transportRuns.wheelchairPlaces} or ${transportRuns.stretcherPlacesTaken} > ${transportRuns.stretcherPlaces}
        or row(${transportRuns.seatsTaken}, ${transportRuns.wheelchairPlacesTaken}, ${transportRuns.stretcherPlacesTaken}) is distinct from (
          select row(coalesce(sum(a.seats), 0)::int, coalesce(sum(a.wheelchair_places), 0)::int, coalesce(sum(a.stretcher_places), 0)::int)
          from ${transportRunAssignments} a where a.run_id = ${transportRuns.id} and a.ended_at is null and (a.outcome is null or a.outcome = 'boarded'))`,
    );
  return row?.n ?? 0;
}


/** The organisation's routes a run may follow, with their origin town (the pickup town). */
export async function listRunRouteOptions(db: Db, actor: SessionUser | null): Promise<Array<{ id: string; slug: string; originName: { nameUk: string; nameRu: string; nameEn: string } }>> {
  assertRole(actor, "coordinator");
  const organisationId = await getActorOrganisationId(db, actor);
  if (!organisationId) return [];
  return db
    .select({ id: routes.id, slug: routes.slug, originName: { nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn } })
    .from(routes)
    .innerJoin(towns, eq(routes.originTownId, towns.id))
    .where(eq(routes.organisationId, organisationId))
    .orderBy(asc(routes.slug));
}
