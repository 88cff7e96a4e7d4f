import { sql } from "drizzle-orm";
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { corridorAgreements } from "./agreements";
import { localizedTextCheck, requiredLocalizedTextColumn } from "./localized-text";
import { geoPrecision, incidentCategory, timePrecision, verificationState, visibility } from "./enums";
import { towns } from "./places";
import { routes } from "./routes";
import { sources } from "./sources";
import { users } from "./users";

export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    category: incidentCategory("category").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    occurredPrecision: timePrecision("occurred_precision").notNull().default("day"),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull(),
    townId: uuid("town_id").references(() => towns.id, { onDelete: "restrict" }),
    /** Exact position: internal. Public reads round it to about 1 km or use the town. */
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    geoPrecision: geoPrecision("geo_precision").notNull().default("place"),
    // Casualties are nullable on purpose: unknown is not zero.
    killed: integer("killed"),
    injured: integer("injured"),
    missing: integer("missing"),
    publicSummary: requiredLocalizedTextColumn("public_summary"),
    /** Internal; may name reporters or witnesses. Never returned by public queries. */
    internalDescription: text("internal_description").notNull().default(""),
    verification: verificationState("verification").notNull().default("unverified"),
    visibility: visibility("visibility").notNull().default("internal"),
    /** Internal: the account that logged it. */
    reportedBy: uuid("reported_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Internal: who made the latest change, named when a stale edit is refused. */
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("incidents_occurred_idx").on(t.occurredAt.desc()),
    index("incidents_town_idx").on(t.townId),
    index("incidents_updated_idx").on(t.updatedAt),
    index("incidents_public_idx").on(t.visibility, t.verification, t.occurredAt.desc()),
    // The public incident pages, newest first with the id as tie-break: at 20,000 incidents a
    // scan and sort of every published one otherwise (db/public/query-plans.db.test.ts).
    index("incidents_published_time_idx")
      .on(t.occurredAt.desc().nullsFirst(), t.id)
      .where(sql`${t.visibility} = 'public' and ${t.verification} <> 'false'`),
    check("incidents_has_location", sql`${t.townId} is not null or (${t.lat} is not null and ${t.lon} is not null)`),
    check("incidents_point_complete", sql`(${t.lat} is null) = (${t.lon} is null)`),
    check("incidents_lat_range", sql`${t.lat} is null or ${t.lat} between -90 and 90`),
    check("incidents_lon_range", sql`${t.lon} is null or ${t.lon} between -180 and 180`),
    check(
      "incidents_casualties_non_negative",
      sql`coalesce(${t.killed}, 0) >= 0 and coalesce(${t.injured}, 0) >= 0 and coalesce(${t.missing}, 0) >= 0`,
    ),
    localizedTextCheck("incidents_public_summary_shape", t.publicSummary, { required: true }),
  ],
);

export const incidentSources = pgTable(
  "incident_sources",
  {
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    sourceId: uuid("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.sourceId] })],
);

export const incidentRoutes = pgTable(
  "incident_routes",
  {
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    routeId: uuid("route_id")
      .notNull()
      .references(() => routes.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.routeId] }), index("incident_routes_route_idx").on(t.routeId)],
);

export const incidentAgreements = pgTable(
  "incident_agreements",
  {
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => corridorAgreements.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.agreementId] })],
);

import type { FieldChanges } from "../../lib/incident-changes";

export type { FieldChanges };

export const incidentRevisions = pgTable(
  "incident_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    /** e.g. "create", "edit", "verify", "dispute", "retract", "publish". */
    action: text("action").notNull(),
    changes: jsonb("changes").$type<FieldChanges>().notNull(),
    /** Reviewer note: internal. */
    note: text("note").notNull().default(""),
    changedBy: uuid("changed_by").references(() => users.id, { onDelete: "set null" }),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("incident_revisions_incident_revision_unique").on(t.incidentId, t.revision)],
);
