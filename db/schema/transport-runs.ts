import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ASSIGNMENT_END_REASONS, MAX_RUN_SEATS, MAX_RUN_SPECIAL_PLACES, RUN_OUTCOMES, TRANSPORT_RUN_STATUSES, VEHICLE_KINDS } from "../../lib/transport-runs";
import { localizedTextCheck, localizedTextColumn } from "./localized-text";
import { organisations } from "./organisations";
import { towns } from "./places";
import { routes } from "./routes";
import { transportRequests } from "./transport-requests";
import { users } from "./users";

export const vehicleKind = pgEnum("vehicle_kind", VEHICLE_KINDS);
export const transportRunStatus = pgEnum("transport_run_status", TRANSPORT_RUN_STATUSES);
export const runOutcome = pgEnum("run_outcome", RUN_OUTCOMES);
export const assignmentEndReason = pgEnum("assignment_end_reason", ASSIGNMENT_END_REASONS);

/**
 * A vehicle one organisation sends to take people from a town, along one of its routes or door
 * to door, to a destination. The places taken are kept on the row beside the capacity, and a
 * CHECK holds each at or under it: every assignment adds to them by an UPDATE of this row in its
 * own transaction, so two coordinators taking the last place at once are serialised on the row
 * and the second is refused (docs/decisions). The crew's contact is sealed (lib/sealing.ts) and
 * internal; nothing else here is personal.
 */
export const transportRuns = pgTable(
  "transport_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** "R-K7M4QX": what the crew and the people on it quote; never the row id. */
    referenceCode: text("reference_code").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    vehicle: vehicleKind("vehicle").notNull(),
    seats: integer("seats").notNull(),
    wheelchairPlaces: integer("wheelchair_places").notNull().default(0),
    stretcherPlaces: integer("stretcher_places").notNull().default(0),
    petsAllowed: boolean("pets_allowed").notNull().default(false),
    seatsTaken: integer("seats_taken").notNull().default(0),
    wheelchairPlacesTaken: integer("wheelchair_places_taken").notNull().default(0),
    stretcherPlacesTaken: integer("stretcher_places_taken").notNull().default(0),
    /** The route it follows; null: door-to-door pickups in the town. */
    routeId: uuid("route_id").references(() => routes.id, { onDelete: "restrict" }),
    /** Where people are picked up: the route's origin, or the town of the door-to-door pickups. */
    townId: uuid("town_id")
      .notNull()
      .references(() => towns.id, { onDelete: "restrict" }),
    departsFrom: timestamp("departs_from", { withTimezone: true }).notNull(),
    departsUntil: timestamp("departs_until", { withTimezone: true }).notNull(),
    /** Where people wait when it is not at their door; empty: the route's assembly point. */
    assemblyPoint: localizedTextColumn("assembly_point"),
    destinationTownId: uuid("destination_town_id")
      .notNull()
      .references(() => towns.id, { onDelete: "restrict" }),
    receptionPointId: uuid("reception_point_id"),
    crewContactSealed: text("crew_contact_sealed"),
    status: transportRunStatus("status").notNull().default("planned"),
    /** How many people were counted in at the destination. */
    arrivedCount: integer("arrived_count"),
    arrivedAt: timestamp("arrived_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("transport_runs_reference_code_unique").on(t.referenceCode),
    index("transport_runs_organisation_idx").on(t.organisationId, t.departsFrom),
    index("transport_runs_town_departs_idx").on(t.townId, t.departsFrom),
    index("transport_runs_route_idx").on(t.routeId),
    check("transport_runs_window", sql`${t.departsUntil} > ${t.departsFrom}`),
    check(
      "transport_runs_capacity",
      sql`${t.seats} between 0 and ${sql.raw(String(MAX_RUN_SEATS))} and ${t.wheelchairPlaces} between 0 and ${sql.raw(String(MAX_RUN_SPECIAL_PLACES))} and ${t.stretcherPlaces} between 0 and ${sql.raw(String(MAX_RUN_SPECIAL_PLACES))} and ${t.seats} + ${t.wheelchairPlaces} + ${t.stretcherPlaces} > 0`,
    ),
    // The guarantee against overbooking: whatever the code does, no transaction can commit more
    // people on a run than it has places of each kind.
    check("transport_runs_seats_taken", sql`${t.seatsTaken} between 0 and ${t.seats}`),
    check("transport_runs_wheelchair_taken", sql`${t.wheelchairPlacesTaken} between 0 and ${t.wheelchairPlaces}`),
    check("transport_runs_stretcher_taken", sql`${t.stretcherPlacesTaken} between 0 and ${t.stretcherPlaces}`),
    check("transport_runs_arrived", sql`(${t.status} = 'arrived') = (${t.arrivedCount} is not null and ${t.arrivedAt} is not null) and (${t.arrivedCount} is null or ${t.arrivedCount} between 0 and 500)`),
    check("transport_runs_reference_format", sql`${t.referenceCode} ~ '^R-[0-9A-Z]{6}$'`),
    localizedTextCheck("transport_runs_assembly_point_shape", t.assemblyPoint),
  ],
);

/**
 * A request's people on a run. What they take is copied from the request when assigned, so the
 * run's counters and the sum of its open assignments always agree. Moving or taking someone off
 * ends the row (`ended_at`, with why) rather than deleting it: the history of who was planned on
 * which vehicle stays, and a request has at most one open assignment.
 */
export const transportRunAssignments = pgTable(
  "transport_run_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => transportRuns.id, { onDelete: "cascade" }),
    requestId: uuid("request_id")
      .notNull()
      .references(() => transportRequests.id, { onDelete: "cascade" }),
    seats: integer("seats").notNull(),
    wheelchairPlaces: integer("wheelchair_places").notNull(),
    stretcherPlaces: integer("stretcher_places").notNull(),
    /** The order of the door-to-door pickups, 1 first. */
    pickupOrder: integer("pickup_order").notNull(),
    outcome: runOutcome("outcome"),
    outcomeAt: timestamp("outcome_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: assignmentEndReason("end_reason"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("transport_run_assignments_open_request").on(t.requestId).where(sql`${t.endedAt} is null`),
    index("transport_run_assignments_run_idx").on(t.runId, t.pickupOrder),
    index("transport_run_assignments_request_idx").on(t.requestId, t.createdAt),
    check("transport_run_assignments_places", sql`${t.seats} >= 0 and ${t.wheelchairPlaces} between 0 and 1 and ${t.stretcherPlaces} between 0 and 1 and ${t.seats} + ${t.wheelchairPlaces} + ${t.stretcherPlaces} > 0`),
    check("transport_run_assignments_ended", sql`(${t.endedAt} is null) = (${t.endReason} is null)`),
    check("transport_run_assignments_outcome", sql`(${t.outcome} is null) = (${t.outcomeAt} is null)`),
    check("transport_run_assignments_pickup_order", sql`${t.pickupOrder} >= 1`),
  ],
);
