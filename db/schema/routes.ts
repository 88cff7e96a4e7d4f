import { sql } from "drizzle-orm";
import { check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { DEFAULT_FRESHNESS_WINDOW_HOURS } from "@/lib/freshness";
import { routeMode, routeStatus, statusEventKind, statusReasonCode } from "./enums";
import { localizedTextCheck, localizedTextColumn } from "./localized-text";
import { organisations } from "./organisations";
import { sources } from "./sources";
import { towns } from "./places";
import { users } from "./users";

import type { LonLat } from "../../lib/geo/lon-lat";
import { INSTRUCTION_CODES, TIMED_INSTRUCTION_CODES, type StatusInstruction } from "../../lib/instruction-codes";

export type { LonLat };

export const routes = pgTable(
  "routes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    originTownId: uuid("origin_town_id")
      .notNull()
      .references(() => towns.id, { onDelete: "restrict" }),
    destinationTownId: uuid("destination_town_id")
      .notNull()
      .references(() => towns.id, { onDelete: "restrict" }),
    /** The line residents follow, as GeoJSON LineString coordinates (at least two points). */
    waypoints: jsonb("waypoints").$type<LonLat[]>().notNull(),
    mode: routeMode("mode").notNull(),
    assemblyPoint: localizedTextColumn("assembly_point"),
    schedule: localizedTextColumn("schedule"),
    /** The assembly point's exact position: internal; public reads get it rounded (db/public/columns.ts). */
    assemblyPointLat: doublePrecision("assembly_point_lat"),
    assemblyPointLon: doublePrecision("assembly_point_lon"),
    /** The Kyiv clock times it is manned each day, "08:00" to "20:00"; both or neither. */
    assemblyPointOpens: text("assembly_point_opens"),
    assemblyPointCloses: text("assembly_point_closes"),
    /** The number people who cannot walk there call for transport: an official line, public by nature. */
    assemblyPointCall: text("assembly_point_call"),
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "restrict" }),
    freshnessWindowHours: integer("freshness_window_hours").notNull().default(DEFAULT_FRESHNESS_WINDOW_HOURS),
    // Current status, denormalised from the newest status event for fast public reads;
    // the events table stays the append-only record of every change.
    status: routeStatus("status").notNull().default("unknown"),
    /** The closed-list reasons, rendered in every reader's language; the free text adds detail. */
    statusReasonCodes: statusReasonCode("status_reason_codes").array().notNull().default(sql`'{}'`),
    statusReason: localizedTextColumn("status_reason"),
    /** What residents should do, chosen from the closed list (lib/instruction-codes.ts); empty: derived from the state. */
    statusInstructions: instructionsColumn("status_instructions"),
    statusConfirmedAt: timestamp("status_confirmed_at", { withTimezone: true }),
    /** Internal: who confirmed it. Never returned by public queries. */
    statusConfirmedBy: uuid("status_confirmed_by").references(() => users.id, { onDelete: "set null" }),
    /** Set when an incident is logged near the line; cleared when a coordinator confirms or changes the status. */
    reviewFlaggedAt: timestamp("review_flagged_at", { withTimezone: true }),
    reviewFlagIncidentId: uuid("review_flag_incident_id"),
    /** Optimistic concurrency: every update names the version it was based on. */
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Internal: who made the latest change, named when a stale edit is refused. */
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("routes_slug_unique").on(t.slug),
    // The public lists page by slug in byte order (the same on every server, whatever its locale):
    // this index serves their keyset reads, which the default-collation unique index cannot.
    index("routes_slug_bytes_idx").on(sql`${t.slug} collate "C"`),
    index("routes_origin_idx").on(t.originTownId),
    index("routes_destination_idx").on(t.destinationTownId),
    index("routes_status_idx").on(t.status),
    // Partners poll "what changed since": a range on this index, never a scan of every route.
    index("routes_updated_idx").on(t.updatedAt),
    check("routes_distinct_towns", sql`${t.originTownId} <> ${t.destinationTownId}`),
    check("routes_min_two_points", sql`jsonb_array_length(${t.waypoints}) >= 2`),
    check("routes_freshness_window", sql`${t.freshnessWindowHours} between 1 and 168`),
    check("routes_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    localizedTextCheck("routes_status_reason_shape", t.statusReason),
    instructionsCheck("routes_status_instructions_shape", t.statusInstructions),
    localizedTextCheck("routes_assembly_point_shape", t.assemblyPoint),
    localizedTextCheck("routes_schedule_shape", t.schedule),
    check(
      "routes_assembly_point_position",
      sql`(${t.assemblyPointLat} is null) = (${t.assemblyPointLon} is null) and (${t.assemblyPointLat} is null or (${t.assemblyPointLat} between -90 and 90 and ${t.assemblyPointLon} between -180 and 180))`,
    ),
    check(
      "routes_assembly_point_hours",
      sql`(${t.assemblyPointOpens} is null) = (${t.assemblyPointCloses} is null) and ${t.assemblyPointOpens} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.assemblyPointCloses} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`,
    ),
    check("routes_assembly_point_call", sql`${t.assemblyPointCall} ~ '^[+]?[0-9][0-9 ()-]{2,24}$'`),
  ],
);

/** Append-only history of route statuses; the newest row per route equals routes.status. */
export const routeStatusEvents = pgTable(
  "route_status_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    routeId: uuid("route_id")
      .notNull()
      .references(() => routes.id, { onDelete: "cascade" }),
    kind: statusEventKind("kind").notNull().default("update"),
    status: routeStatus("status").notNull(),
    reasonCodes: statusReasonCode("reason_codes").array().notNull().default(sql`'{}'`),
    reason: localizedTextColumn("reason"),
    instructions: instructionsColumn("instructions"),
    sourceId: uuid("source_id").references(() => sources.id, { onDelete: "set null" }),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull(),
    /** Internal. */
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** The route version this event produced. */
    routeVersion: integer("route_version").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("route_status_events_route_time_idx").on(t.routeId, t.confirmedAt.desc()),
    localizedTextCheck("route_status_events_reason_shape", t.reason),
    instructionsCheck("route_status_events_instructions_shape", t.instructions),
  ],
);

function instructionsColumn(name: string) {
  return jsonb(name).$type<StatusInstruction[]>().notNull().default(sql`'[]'::jsonb`);
}

/**
 * An array of {code, at?}: each code from the closed list, and a time exactly on the timed codes.
 * The database refuses anything else, whatever wrote it.
 */
function instructionsCheck(name: string, column: AnyPgColumn) {
  const codes = INSTRUCTION_CODES.map((c) => `@.code == "${c}"`).join(" || ");
  const timed = TIMED_INSTRUCTION_CODES.map((c) => `@.code == "${c}"`).join(" || ");
  return check(
    name,
    sql`jsonb_typeof(${column}) = 'array' and not jsonb_path_exists(${column}, ${sql.raw(
      `'$[*] ? (!(${codes}) || (exists(@.at) && !(${timed})) || (!exists(@.at) && (${timed})))'`,
    )})`,
  );
}
