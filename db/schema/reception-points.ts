import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, pgEnum, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { DEFAULT_RECEPTION_FRESHNESS_HOURS, MAX_BEDS, RECEPTION_EVENT_KINDS, RECEPTION_SERVICES, RECEPTION_STATUSES } from "../../lib/reception-points";
import { localizedTextCheck, requiredLocalizedTextColumn } from "./localized-text";
import { organisations } from "./organisations";
import { towns } from "./places";
import { users } from "./users";

export const receptionStatus = pgEnum("reception_status", RECEPTION_STATUSES);
export const receptionService = pgEnum("reception_service", RECEPTION_SERVICES);
export const receptionEventKind = pgEnum("reception_event_kind", RECEPTION_EVENT_KINDS);

/**
 * A place at a destination where evacuated people are received, kept by an organisation. Its
 * name, address, counts and services are public by nature (people are sent there); who confirmed
 * it and who changed it are internal. The counts are a person's report at `confirmed_at` and
 * degrade like a route's status (lib/reception-report.ts).
 */
export const receptionPoints = pgTable(
  "reception_points",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    townId: uuid("town_id")
      .notNull()
      .references(() => towns.id, { onDelete: "restrict" }),
    name: requiredLocalizedTextColumn("name"),
    address: requiredLocalizedTextColumn("address"),
    bedsTotal: integer("beds_total").notNull(),
    bedsAccessible: integer("beds_accessible").notNull().default(0),
    bedsFree: integer("beds_free").notNull(),
    bedsAccessibleFree: integer("beds_accessible_free").notNull().default(0),
    services: receptionService("services").array().notNull().default(sql`'{}'`),
    status: receptionStatus("status").notNull().default("open"),
    freshnessWindowHours: integer("freshness_window_hours").notNull().default(DEFAULT_RECEPTION_FRESHNESS_HOURS),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    /** Internal: who confirmed the counts. Never returned by public reads. */
    confirmedBy: uuid("confirmed_by").references(() => users.id, { onDelete: "set null" }),
    /** Optimistic concurrency: every update names the version it was based on. */
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Internal: who made the latest change, named when a stale edit is refused. */
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("reception_points_town_idx").on(t.townId),
    index("reception_points_organisation_idx").on(t.organisationId),
    index("reception_points_updated_idx").on(t.updatedAt),
    localizedTextCheck("reception_points_name_shape", t.name, { required: true }),
    localizedTextCheck("reception_points_address_shape", t.address, { required: true }),
    check(
      "reception_points_beds",
      sql`${t.bedsTotal} between 0 and ${sql.raw(String(MAX_BEDS))} and ${t.bedsAccessible} between 0 and ${t.bedsTotal} and ${t.bedsFree} between 0 and ${t.bedsTotal} and ${t.bedsAccessibleFree} between 0 and ${t.bedsAccessible} and ${t.bedsAccessibleFree} <= ${t.bedsFree}`,
    ),
    check("reception_points_freshness_window", sql`${t.freshnessWindowHours} between 1 and 168`),
  ],
);

/**
 * Every change of a reception point, oldest first: what it said after the change and who made
 * it. Internal (the actor); public outputs read the point itself.
 */
export const receptionPointEvents = pgTable(
  "reception_point_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    receptionPointId: uuid("reception_point_id")
      .notNull()
      .references(() => receptionPoints.id, { onDelete: "cascade" }),
    kind: receptionEventKind("kind").notNull(),
    status: receptionStatus("status").notNull(),
    bedsTotal: integer("beds_total").notNull(),
    bedsAccessible: integer("beds_accessible").notNull(),
    bedsFree: integer("beds_free").notNull(),
    bedsAccessibleFree: integer("beds_accessible_free").notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** The point's version this change produced. */
    pointVersion: integer("point_version").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("reception_point_events_point_idx").on(t.receptionPointId, t.id)],
);
