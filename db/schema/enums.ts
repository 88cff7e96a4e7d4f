import { pgEnum } from "drizzle-orm/pg-core";

// Every closed set in the domain is a PostgreSQL enum, so a bad value is refused by the
// database itself and not only by the forms. The TypeScript unions come from these lists.

export const USER_ROLES = ["admin", "coordinator"] as const;
export const userRole = pgEnum("user_role", USER_ROLES);
export type UserRole = (typeof USER_ROLES)[number];

export const ROUTE_STATUSES = ["open", "caution", "closed", "unknown"] as const;
export const routeStatus = pgEnum("route_status", ROUTE_STATUSES);
export type RouteStatus = (typeof ROUTE_STATUSES)[number];

export const ROUTE_MODES = ["bus", "train", "private_vehicle", "on_foot", "mixed"] as const;
export const routeMode = pgEnum("route_mode", ROUTE_MODES);
export type RouteMode = (typeof ROUTE_MODES)[number];

/** "update" sets a (possibly new) status; "confirm" re-confirms the current one unchanged. */
export const STATUS_EVENT_KINDS = ["update", "confirm"] as const;
export const statusEventKind = pgEnum("status_event_kind", STATUS_EVENT_KINDS);

export const SOURCE_KINDS = [
  "wire_agency",
  "official_channel",
  "local_media",
  "international_media",
  "ngo_field_report",
  "eyewitness",
  "other",
] as const;
export const sourceKind = pgEnum("source_kind", SOURCE_KINDS);
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const NOTICE_SEVERITIES = ["info", "warning", "danger"] as const;
export const noticeSeverity = pgEnum("notice_severity", NOTICE_SEVERITIES);
export type NoticeSeverity = (typeof NOTICE_SEVERITIES)[number];

/**
 * Stored lifecycle of a corridor agreement. `active` and `expired` are deliberately absent:
 * they depend on the clock and are derived at read time (lib/), never stored.
 */
export const AGREEMENT_STATES = ["proposed", "agreed", "suspended", "violated", "rejected", "cancelled"] as const;
export const agreementState = pgEnum("agreement_state", AGREEMENT_STATES);
export type AgreementState = (typeof AGREEMENT_STATES)[number];

export const PARTY_ROLES = ["party_to_conflict", "guarantor", "broker", "observer"] as const;
export const partyRole = pgEnum("party_role", PARTY_ROLES);
export type PartyRole = (typeof PARTY_ROLES)[number];

/** How a party's public statement relates to the agreement, so "disputed" can be explained. */
export const CLAIM_STANCES = ["affirms", "disputes", "denies", "neutral"] as const;
export const claimStance = pgEnum("claim_stance", CLAIM_STANCES);
export type ClaimStance = (typeof CLAIM_STANCES)[number];

/** OCHA access-monitoring + ACLED categories, merged (domain.md), in their documented order. */
export const INCIDENT_CATEGORIES = [
  "attack_on_civilians_in_transit",
  "shelling_or_strike_near_route",
  "armed_clash_near_route",
  "territorial_control_change",
  "mines_uxo_ied",
  "abduction_or_detention",
  "movement_restriction",
  "interference_with_evacuation",
  "violence_against_humanitarians",
  "ceasefire_or_corridor_event",
  "physical_obstacle",
  "denial_of_access_to_services",
  "other",
] as const;
export const incidentCategory = pgEnum("incident_category", INCIDENT_CATEGORIES);
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const TIME_PRECISIONS = ["day", "week", "month"] as const;
export const timePrecision = pgEnum("time_precision", TIME_PRECISIONS);
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

/** place: the point itself; near: within a few km; region: only the wider area is known. */
export const GEO_PRECISIONS = ["place", "near", "region"] as const;
export const geoPrecision = pgEnum("geo_precision", GEO_PRECISIONS);
export type GeoPrecision = (typeof GEO_PRECISIONS)[number];

export const VERIFICATION_STATES = ["unverified", "corroborated", "verified", "disputed", "false"] as const;
export const verificationState = pgEnum("verification_state", VERIFICATION_STATES);
export type VerificationState = (typeof VERIFICATION_STATES)[number];

export const VISIBILITIES = ["public", "internal"] as const;
export const visibility = pgEnum("visibility", VISIBILITIES);
export type Visibility = (typeof VISIBILITIES)[number];
