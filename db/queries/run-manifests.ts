import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { LocalizedText } from "@/lib/localized-text";
import type { MovementFacts } from "@/lib/movement-notice";
import { assertRole } from "@/lib/roles";
import { AccessError, type SessionUser } from "@/lib/session-user";
import type { MedicalNeed, MobilityLevel } from "@/lib/transport-requests";
import type { RunOutcome, TransportRunStatus, VehicleKind } from "@/lib/transport-runs";
import type { Db } from "../client";
import { organisations } from "../schema/organisations";
import { towns } from "../schema/places";
import { routes } from "../schema/routes";
import { transportRequests } from "../schema/transport-requests";
import { transportRunAssignments, transportRuns } from "../schema/transport-runs";
import { writeAudit } from "./audit";
import { getActorOrganisationId } from "./organisations";
import { revealTransportRequestPersonalIn } from "./transport-requests";
import { NotFoundError } from "./write-errors";

// A run's manifest: who the crew picks up, where, in what order, and what each person needs. It
// is the one read that puts many people's names and addresses on one page, so it is the run's
// organisation's alone, every opening is audited (one row for the manifest, and each request's
// own reveal row, as decided for the requests), and it ends with the run: once it has arrived or
// been cancelled nobody needs the list, and it is refused.

/** The run has arrived or was cancelled: its manifest is gone for good. */
export class RunManifestGoneError extends Error {
  constructor(
    readonly status: TransportRunStatus,
    readonly referenceCode: string,
  ) {
    super(`The run ${referenceCode} is ${status}: its manifest is no longer available.`);
    this.name = "RunManifestGoneError";
  }
}

/** Statuses in which a manifest is still of use to a crew. */
export const MANIFEST_STATUSES: readonly TransportRunStatus[] = ["planned", "boarding", "departed"];

type TownName = { nameUk: string; nameRu: string; nameEn: string };

export type RunManifestStop = {
  pickupOrder: number;
  referenceCode: string;
  peopleCount: number;
  childrenCount: number;
  mobility: MobilityLevel;
  pets: boolean;
  medicalNeeds: MedicalNeed[];
  outcome: RunOutcome | null;
  /** Sealed personal details, opened by the caller; null once erased or when the claim has gone. */
  personalSealed: string | null;
  /** The request is no longer claimed by the run's organisation: its details are not opened. */
  notClaimed: boolean;
};

export type RunManifest = {
  id: string;
  referenceCode: string;
  status: TransportRunStatus;
  vehicle: VehicleKind;
  seats: number;
  wheelchairPlaces: number;
  stretcherPlaces: number;
  petsAllowed: boolean;
  departsFrom: Date;
  departsUntil: Date;
  townName: TownName;
  destinationTownName: TownName;
  routeSlug: string | null;
  assemblyPoint: LocalizedText;
  routeAssemblyPoint: LocalizedText | null;
  stops: RunManifestStop[];
};

/**
 * The manifest of one of the actor's organisation's runs, with every request on it revealed and
 * audited in this transaction. Refused (AccessError) for another organisation's run, admins
 * included: the crew list is the organisation's own; NotFoundError for no such run;
 * RunManifestGoneError once it has arrived or been cancelled. The run row is read FOR SHARE, so
 * an arrival recorded meanwhile waits for this read and the next one is refused.
 */
export async function revealRunManifest(db: Db, actor: SessionUser | null, { id, now = new Date() }: { id: string; now?: Date }): Promise<RunManifest> {
  assertRole(actor, "coordinator");
  return db.transaction(async (tx) => {
    const organisationId = await getActorOrganisationId(tx, actor);
    const [run] = await tx.select().from(transportRuns).where(eq(transportRuns.id, id)).for("share");
    if (!run) throw new NotFoundError("transportRun");
    if (!organisationId || run.organisationId !== organisationId) throw new AccessError("forbidden");
    if (!MANIFEST_STATUSES.includes(run.status)) throw new RunManifestGoneError(run.status, run.referenceCode);
    const [places] = await tx
      .select({
        townName: { nameUk: towns.nameUk, nameRu: towns.nameRu, nameEn: towns.nameEn },
        destinationTownName: sql<TownName>`(select json_build_object('nameUk', d.name_uk, 'nameRu', d.name_ru, 'nameEn', d.name_en) from ${towns} d where d.id = ${run.destinationTownId})`,
        routeSlug: sql<string | null>`(select r.slug from ${routes} r where r.id = ${run.routeId})`,
        routeAssemblyPoint: sql<LocalizedText | null>`(select r.assembly_point from ${routes} r where r.id = ${run.routeId})`,
      })
      .from(towns)
      .where(eq(towns.id, run.townId));
    const assigned = await tx
      .select({
        requestId: transportRunAssignments.requestId,
        pickupOrder: transportRunAssignments.pickupOrder,
        outcome: transportRunAssignments.outcome,
        referenceCode: transportRequests.referenceCode,
        peopleCount: transportRequests.peopleCount,
        childrenCount: transportRequests.childrenCount,
        mobility: transportRequests.mobility,
        pets: transportRequests.pets,
        medicalNeeds: transportRequests.medicalNeeds,
        claimedByOrganisationId: transportRequests.claimedByOrganisationId,
      })
      .from(transportRunAssignments)
      .innerJoin(transportRequests, eq(transportRunAssignments.requestId, transportRequests.id))
      .where(and(eq(transportRunAssignments.runId, id), isNull(transportRunAssignments.endedAt)))
      .orderBy(asc(transportRunAssignments.pickupOrder));
    const stops: RunManifestStop[] = [];
    for (const a of assigned) {
      // A request given back to the pool while still on the run is not the organisation's to open.
      const notClaimed = a.claimedByOrganisationId !== organisationId;
      const revealed = notClaimed ? null : await revealTransportRequestPersonalIn(tx, actor, { id: a.requestId, via: `manifest ${run.referenceCode}` });
      const { requestId: _requestId, claimedByOrganisationId: _claimedBy, ...facts } = a;
      stops.push({ ...facts, personalSealed: revealed?.personalSealed ?? null, notClaimed });
    }
    await writeAudit(tx, {
      actor,
      action: "transport_run.manifest",
      entityType: "transport_run",
      entityId: id,
      after: { referenceCode: run.referenceCode, status: run.status, at: now.toISOString(), requests: stops.map((s) => s.referenceCode) },
    });
    return {
      id: run.id,
      referenceCode: run.referenceCode,
      status: run.status,
      vehicle: run.vehicle,
      seats: run.seats,
      wheelchairPlaces: run.wheelchairPlaces,
      stretcherPlaces: run.stretcherPlaces,
      petsAllowed: run.petsAllowed,
      departsFrom: run.departsFrom,
      departsUntil: run.departsUntil,
      townName: places!.townName,
      destinationTownName: places!.destinationTownName,
      routeSlug: places!.routeSlug,
      assemblyPoint: run.assemblyPoint,
      routeAssemblyPoint: places!.routeAssemblyPoint,
      stops,
    };
  });
}

/**
 * What a movement notice about one of the organisation's runs says (lib/movement-notice.ts): the
 * organisation, the vehicle, the towns, the route's line and the window. It selects no column
 * about the people on the run or its crew, so a notice cannot carry them whatever renders it.
 */
export async function getRunMovementFacts(db: Db, actor: SessionUser | null, { id }: { id: string }): Promise<MovementFacts | null> {
  assertRole(actor, "coordinator");
  const organisationId = await getActorOrganisationId(db, actor);
  if (!organisationId) return null;
  const place = (alias: string, column: typeof transportRuns.townId | typeof transportRuns.destinationTownId) =>
    sql<{ name: string; lat: number; lon: number }>`(select json_build_object('name', ${sql.raw(alias)}.name_en, 'lat', ${sql.raw(alias)}.lat, 'lon', ${sql.raw(alias)}.lon) from ${towns} ${sql.raw(alias)} where ${sql.raw(alias)}.id = ${column})`;
  const [row] = await db
    .select({
      referenceCode: transportRuns.referenceCode,
      vehicle: transportRuns.vehicle,
      departsFrom: transportRuns.departsFrom,
      departsUntil: transportRuns.departsUntil,
      organisation: { name: organisations.nameEn, shortName: organisations.shortName, publicContact: organisations.publicContact },
      origin: place("o", transportRuns.townId),
      destination: place("d", transportRuns.destinationTownId),
      waypoints: routes.waypoints,
    })
    .from(transportRuns)
    .innerJoin(organisations, eq(transportRuns.organisationId, organisations.id))
    .leftJoin(routes, eq(transportRuns.routeId, routes.id))
    .where(and(eq(transportRuns.id, id), eq(transportRuns.organisationId, organisationId)))
    .limit(1);
  return row ?? null;
}
