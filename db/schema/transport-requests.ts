import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { MEDICAL_NEEDS, MOBILITY_LEVELS, REQUEST_CHANNELS, REQUESTER_KINDS, TRANSPORT_REQUEST_STATUSES } from "../../lib/transport-requests";
import { organisations } from "./organisations";
import { towns } from "./places";
import { users } from "./users";

export const transportRequestStatus = pgEnum("transport_request_status", TRANSPORT_REQUEST_STATUSES);
export const mobilityLevel = pgEnum("mobility_level", MOBILITY_LEVELS);
export const medicalNeed = pgEnum("medical_need", MEDICAL_NEEDS);
export const requesterKind = pgEnum("requester_kind", REQUESTER_KINDS);
export const requestChannel = pgEnum("request_channel", REQUEST_CHANNELS);

/**
 * A request for transport from someone who cannot reach an assembly point alone. The columns in
 * clear are the non-personal facts kept for statistics (town, needs, outcome, dates). Everything
 * that identifies or finds the person — name, phone, Telegram, pickup address and point, the
 * medical note, a hotline's reason for taking no contact — is one AES-256-GCM sealed value
 * (server/transport-requests/), and the phone and Telegram are also kept as keyed hashes for the
 * duplicate check and the hourly limit. Erasure nulls all three; nothing personal is written in
 * clear anywhere, so no audit row or event ever needs rewriting.
 */
export const transportRequests = pgTable(
  "transport_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** What the requester is given and quotes ("K7M4-QX2D"); never the row id. */
    referenceCode: text("reference_code").notNull(),
    townId: uuid("town_id")
      .notNull()
      .references(() => towns.id, { onDelete: "restrict" }),
    status: transportRequestStatus("status").notNull().default("new"),
    peopleCount: integer("people_count").notNull(),
    childrenCount: integer("children_count").notNull().default(0),
    mobility: mobilityLevel("mobility").notNull(),
    pets: boolean("pets").notNull().default(false),
    medicalNeeds: medicalNeed("medical_needs").array().notNull().default(sql`'{}'`),
    /** The language the requester is told each change in. */
    locale: text("locale").notNull(),
    requesterKind: requesterKind("requester_kind").notNull(),
    /** Where it was asked; STOP withdraws only what was asked on the channel it is sent on. */
    channel: requestChannel("channel").notNull(),
    /**
     * When the person sent STOP by SMS, or /stop on Telegram, for a request asked elsewhere that
     * names that number or chat: it stays open, but is no longer told on that channel.
     */
    smsRefusedAt: timestamp("sms_refused_at", { withTimezone: true }),
    telegramRefusedAt: timestamp("telegram_refused_at", { withTimezone: true }),
    /** When consent was given, and in which language the text they agreed to was shown. */
    consentedAt: timestamp("consented_at", { withTimezone: true }),
    consentLocale: text("consent_locale"),
    personalSealed: text("personal_sealed"),
    phoneHash: text("phone_hash"),
    telegramHash: text("telegram_hash"),
    /**
     * Keyed hashes (HMAC-SHA256) of the pickup address's normalised words, sorted: two requests'
     * addresses are compared as sets of these, so a similar address is found without opening
     * either. Erased with the rest.
     */
    addressTokenHashes: text("address_token_hashes").array(),
    /** An open request in the same town whose address looked similar when this one came in: a merge to consider. */
    possibleDuplicateOfId: uuid("possible_duplicate_of_id").references((): AnyPgColumn => transportRequests.id, { onDelete: "set null" }),
    /**
     * Facts the requester could not give on the way in (an SMS says only the town): the stored
     * values of these are placeholders, shown as unknown until a coordinator calls back.
     */
    unknownFields: text("unknown_fields").array().notNull().default(sql`'{}'`),
    personalErasedAt: timestamp("personal_erased_at", { withTimezone: true }),
    claimedByOrganisationId: uuid("claimed_by_organisation_id").references(() => organisations.id, { onDelete: "restrict" }),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    /** The last claim, status change or note: a claim with none for a day is flagged. */
    lastProgressAt: timestamp("last_progress_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set on a request marked a duplicate: the one it was merged into (both keep their history). */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => transportRequests.id, { onDelete: "restrict" }),
    /** The hotline operator who entered it; null for a resident's own request. */
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("transport_requests_reference_code_unique").on(t.referenceCode),
    index("transport_requests_town_status_idx").on(t.townId, t.status),
    index("transport_requests_phone_hash_idx").on(t.phoneHash),
    index("transport_requests_telegram_hash_idx").on(t.telegramHash),
    index("transport_requests_address_tokens_idx").using("gin", t.addressTokenHashes),
    index("transport_requests_erasure_idx").on(t.closedAt).where(sql`${t.personalSealed} is not null`),
    check("transport_requests_people", sql`${t.peopleCount} between 1 and 50 and ${t.childrenCount} between 0 and ${t.peopleCount}`),
    check("transport_requests_locale", sql`${t.locale} in ('uk', 'ru', 'en')`),
    check("transport_requests_erased", sql`${t.personalErasedAt} is null or (${t.personalSealed} is null and ${t.phoneHash} is null and ${t.telegramHash} is null and ${t.addressTokenHashes} is null)`),
    check("transport_requests_closed", sql`(${t.closedAt} is null) = (${t.status} in ('new', 'contacted', 'scheduled'))`),
  ],
);

/**
 * Every change of a request, oldest first: created, claimed, released, status, merged, erased,
 * withdrawn. Who acted and for which organisation; never a personal value, so the history
 * survives erasure and purge intact.
 */
export const transportRequestEvents = pgTable(
  "transport_request_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => transportRequests.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    status: transportRequestStatus("status"),
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "restrict" }),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** The other request of a merge. */
    otherRequestId: uuid("other_request_id"),
    requestVersion: integer("request_version").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("transport_request_events_request_idx").on(t.requestId, t.id),
    check("transport_request_events_kind", sql`${t.kind} in ('created', 'claimed', 'released', 'status', 'merged', 'erased', 'withdrawn', 'purged')`),
  ],
);
