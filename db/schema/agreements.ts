import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agreementState, claimStance, partyRole } from "./enums";
import { localizedTextCheck, localizedTextColumn, requiredLocalizedTextColumn } from "./localized-text";
import { routes } from "./routes";
import { sources } from "./sources";
import { users } from "./users";

export const corridorAgreements = pgTable(
  "corridor_agreements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: requiredLocalizedTextColumn("title"),
    state: agreementState("state").notNull().default("proposed"),
    /** Stored in UTC; entered and shown in windowTimeZone's local time. */
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    windowTimeZone: text("window_time_zone").notNull().default("Europe/Kyiv"),
    terms: localizedTextColumn("terms"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Internal: who made the latest change, named when a stale edit is refused. */
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("corridor_agreements_window_idx").on(t.windowStart, t.windowEnd),
    check("corridor_agreements_window_order", sql`${t.windowEnd} > ${t.windowStart}`),
    localizedTextCheck("corridor_agreements_title_shape", t.title, { required: true }),
    localizedTextCheck("corridor_agreements_terms_shape", t.terms),
  ],
);

export const agreementParties = pgTable(
  "agreement_parties",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => corridorAgreements.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: partyRole("role").notNull(),
    representative: text("representative").notNull().default(""),
  },
  (t) => [index("agreement_parties_agreement_idx").on(t.agreementId)],
);

export const agreementRoutes = pgTable(
  "agreement_routes",
  {
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => corridorAgreements.id, { onDelete: "cascade" }),
    routeId: uuid("route_id")
      .notNull()
      .references(() => routes.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.routeId] }), index("agreement_routes_route_idx").on(t.routeId)],
);

export const agreementSources = pgTable(
  "agreement_sources",
  {
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => corridorAgreements.id, { onDelete: "cascade" }),
    sourceId: uuid("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.sourceId] })],
);

/** Each party's public statements about an agreement, kept side by side. */
export const agreementClaims = pgTable(
  "agreement_claims",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => corridorAgreements.id, { onDelete: "cascade" }),
    partyId: uuid("party_id").references(() => agreementParties.id, { onDelete: "set null" }),
    /** Who said it, e.g. "Dmitry Polyanskiy, Russia's deputy UN ambassador". */
    claimant: text("claimant").notNull(),
    stance: claimStance("stance").notNull(),
    statement: text("statement").notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull(),
    sourceId: uuid("source_id").references(() => sources.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("agreement_claims_agreement_idx").on(t.agreementId, t.claimedAt)],
);

/**
 * The CAP messages published about an agreement's window, one per agreement version that residents
 * could see: an Alert when a window first becomes public (agreed), an Update for each later agreed
 * version, a Cancel when an agreed window is withdrawn (suspended, violated or cancelled). Written
 * only by the trigger of migration 0010 in the transaction that changed the agreement, so a CAP
 * Update or Cancel references exactly the alerts that were published, and a proposal that is
 * rejected (never public) has no row at all. The window times are the ones that were public.
 */
export const corridorAlerts = pgTable(
  "corridor_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => corridorAgreements.id, { onDelete: "cascade" }),
    /** The agreement's version the message is for: its CAP identifier is corridor-window-<id>-v<version>. */
    version: integer("version").notNull(),
    msgType: text("msg_type").$type<"Alert" | "Update" | "Cancel">().notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("corridor_alerts_agreement_version_unique").on(t.agreementId, t.version),
    check("corridor_alerts_msg_type", sql`${t.msgType} in ('Alert', 'Update', 'Cancel')`),
  ],
);
