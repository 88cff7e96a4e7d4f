// Transport runs: a vehicle of one organisation that takes claimed requests' people from a town
// (along a route, or door to door) to a destination. The closed value sets, whether a request fits
// what is left of a vehicle, the lifecycle, and what a per-person outcome does to the request.
// Pure: no clock, no randomness, no database (callers pass the time and the random bytes).

import { placeDayStart } from "./local-time";
import { dateTimeFormat, PLACE_TIME_ZONE } from "./time";
import type { MobilityLevel, TransportRequestStatus } from "./transport-requests";

export const VEHICLE_KINDS = ["bus", "minibus", "van", "ambulance", "car", "train_car"] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];

export const TRANSPORT_RUN_STATUSES = ["planned", "boarding", "departed", "arrived", "cancelled"] as const;
export type TransportRunStatus = (typeof TRANSPORT_RUN_STATUSES)[number];

export const RUN_OUTCOMES = ["boarded", "not_found", "refused", "postponed"] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** Why an assignment ended without the person travelling on that run. */
export const ASSIGNMENT_END_REASONS = ["moved", "removed", "run_cancelled"] as const;
export type AssignmentEndReason = (typeof ASSIGNMENT_END_REASONS)[number];

/** The biggest vehicle a run describes (a train car): a larger number is a typing mistake. */
export const MAX_RUN_SEATS = 120;
export const MAX_RUN_SPECIAL_PLACES = 40;
/** A meeting place is a short line read on a phone (a street corner, a school's yard); a contact is a phone or two. */
export const RUN_ASSEMBLY_POINT_MAX = 200;
export const RUN_CREW_CONTACT_MAX = 200;

const NEXT: Record<TransportRunStatus, readonly TransportRunStatus[]> = {
  planned: ["boarding", "cancelled"],
  // Boarding that cannot go ahead (the road closed while people were getting on) is still cancelled.
  boarding: ["departed", "cancelled"],
  departed: ["arrived"],
  arrived: [],
  cancelled: [],
};

export function nextTransportRunStatuses(from: TransportRunStatus): readonly TransportRunStatus[] {
  return NEXT[from];
}

export function canChangeTransportRunStatus(from: TransportRunStatus, to: TransportRunStatus): boolean {
  return NEXT[from].includes(to);
}

/** People are put on, moved and taken off only before the vehicle leaves. */
export function runTakesAssignments(status: TransportRunStatus): boolean {
  return status === "planned" || status === "boarding";
}

/** Outcomes are recorded at the pickups, while boarding, and corrected until the vehicle arrives. */
export function runTakesOutcomes(status: TransportRunStatus): boolean {
  return status === "boarding" || status === "departed";
}

/** Its time, place and vehicle may still change (each change told to the people on it). */
export function runIsEditable(status: TransportRunStatus): boolean {
  return status === "planned";
}

export type Capacity = { seats: number; wheelchairPlaces: number; stretcherPlaces: number; petsAllowed: boolean };
export type Places = { seats: number; wheelchairPlaces: number; stretcherPlaces: number };

/** What a request's people take of a vehicle: one stretcher or wheelchair place for the person who needs it, a seat for everyone else. */
export function placesNeeded(request: { peopleCount: number; mobility: MobilityLevel }): Places {
  const stretcherPlaces = request.mobility === "bedridden" ? 1 : 0;
  const wheelchairPlaces = request.mobility === "wheelchair" ? 1 : 0;
  return { seats: request.peopleCount - stretcherPlaces - wheelchairPlaces, wheelchairPlaces, stretcherPlaces };
}

export type FitRefusal = "noStretcherPlace" | "noWheelchairPlace" | "noPetsAllowed" | "seatsFull" | "wheelchairPlacesFull" | "stretcherPlacesFull" | "needsUnknown";

/** Facts a request must have for a fit to be judged: placeholders from an SMS are not facts. */
const FIT_FACTS = ["peopleCount", "mobility", "pets"];

/**
 * Whether a request's people fit what is left of a run. A need the vehicle can never meet (a
 * bedridden person and no stretcher place at all, pets on a run that takes none) is refused as
 * such, before a full vehicle, so the coordinator looks for another kind of vehicle rather than
 * waiting for a place to free up. A request whose needs are still unknown is refused until a
 * coordinator has called back: a guess puts a bedridden person in a car.
 */
export function runFit(
  request: { peopleCount: number; mobility: MobilityLevel; pets: boolean; unknownFields?: readonly string[] },
  capacity: Capacity,
  taken: Places,
): { fits: true; places: Places } | { fits: false; reason: FitRefusal } {
  if ((request.unknownFields ?? []).some((f) => FIT_FACTS.includes(f))) return { fits: false, reason: "needsUnknown" };
  const places = placesNeeded(request);
  if (places.stretcherPlaces > 0 && capacity.stretcherPlaces === 0) return { fits: false, reason: "noStretcherPlace" };
  if (places.wheelchairPlaces > 0 && capacity.wheelchairPlaces === 0) return { fits: false, reason: "noWheelchairPlace" };
  if (request.pets && !capacity.petsAllowed) return { fits: false, reason: "noPetsAllowed" };
  if (taken.stretcherPlaces + places.stretcherPlaces > capacity.stretcherPlaces) return { fits: false, reason: "stretcherPlacesFull" };
  if (taken.wheelchairPlaces + places.wheelchairPlaces > capacity.wheelchairPlaces) return { fits: false, reason: "wheelchairPlacesFull" };
  if (taken.seats + places.seats > capacity.seats) return { fits: false, reason: "seatsFull" };
  return { fits: true, places };
}

/**
 * What a person's outcome does to their request (lib/transport-requests.ts's machine): boarded
 * is evacuated; someone who refused to go has declined; not found goes back to the shared pool
 * (released, to be tried again, perhaps by someone else); postponed stays with the organisation
 * to agree a new time. `release`: the claim is given up.
 */
export function outcomeEffect(outcome: RunOutcome): { status: TransportRequestStatus; release: boolean } {
  switch (outcome) {
    case "boarded":
      return { status: "evacuated", release: false };
    case "refused":
      return { status: "declined", release: false };
    case "not_found":
      return { status: "contacted", release: true };
    case "postponed":
      return { status: "contacted", release: false };
  }
}

/** A run's reference: "R-K7M4QX", read out to a driver or a requester over a bad line (Crockford's alphabet, as request codes). */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const RUN_REFERENCE_RANDOM_BYTES = 6;

export function runReferenceCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < RUN_REFERENCE_RANDOM_BYTES) throw new RangeError(`a run reference needs ${RUN_REFERENCE_RANDOM_BYTES} random bytes`);
  return `R-${Array.from(bytes.subarray(0, RUN_REFERENCE_RANDOM_BYTES), (b) => ALPHABET[b & 31]!).join("")}`;
}

/**
 * What a requester on a run is told (server/messaging/request-delivery.ts), from their latest
 * assignment as it stands when the message is sent: the run's details while it is planned, a
 * call to be ready while it is boarding, that it was cancelled or that they were taken off;
 * null when the run has nothing to add to the request's own update (it left, or no run).
 */
export type RunUpdate = "planned" | "boarding" | "cancelled" | "removed";

export function runUpdate(assignment: { endReason: AssignmentEndReason | null; runStatus: TransportRunStatus; outcome: RunOutcome | null } | null): RunUpdate | null {
  if (!assignment) return null;
  if (assignment.endReason === "run_cancelled") return "cancelled";
  if (assignment.endReason !== null) return assignment.endReason === "removed" ? "removed" : null;
  if (assignment.outcome !== null) return null;
  if (assignment.runStatus === "planned") return "planned";
  if (assignment.runStatus === "boarding") return "boarding";
  return null;
}

/**
 * A run whose route was closed, or near whose line an incident was flagged, after it was planned:
 * the organisation must decide. Nobody on it is told anything until a coordinator acts.
 */
export function runNeedsAttention(run: { status: TransportRunStatus }, route: { status: string; reviewFlaggedAt: Date | null } | null): "routeClosed" | "incidentFlagged" | null {
  if (!route || !runTakesAssignments(run.status)) return null;
  if (route.status === "closed") return "routeClosed";
  if (route.reviewFlaggedAt) return "incidentFlagged";
  return null;
}

/**
 * The Kyiv days a town page counts runs for: today from `now`, and tomorrow, as instants (a day is
 * 23 or 25 hours around a clock change). The counts change at `dayAfter`'s start at the latest.
 */
export function runCountDays(now: Date): { tomorrow: Date; dayAfter: Date } {
  const today = dateTimeFormat("en-CA", { timeZone: PLACE_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  return { tomorrow: placeDayStart(today, 1)!, dayAfter: placeDayStart(today, 2)! };
}

/** A run for people with limited mobility: it has a wheelchair or a stretcher place. */
export function isAccessibleRun(run: { wheelchairPlaces: number; stretcherPlaces: number }): boolean {
  return run.wheelchairPlaces > 0 || run.stretcherPlaces > 0;
}
