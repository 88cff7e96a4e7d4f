// The closed sets of the domain as plain values, importable anywhere (lib/, client components too)
// without pulling drizzle into the browser. db/schema/enums.ts turns each into a PostgreSQL enum.

export const USER_ROLES = ["admin", "coordinator"] as const;

export const ROUTE_STATUSES = ["open", "caution", "closed", "unknown"] as const;

export const ROUTE_MODES = ["bus", "train", "private_vehicle", "on_foot", "mixed"] as const;

/** "update" sets a (possibly new) status; "confirm" re-confirms the current one unchanged. */
export const STATUS_EVENT_KINDS = ["update", "confirm"] as const;

export const SOURCE_KINDS = [
  "wire_agency",
  "official_channel",
  "local_media",
  "international_media",
  "ngo_field_report",
  "eyewitness",
  "other",
] as const;

export const NOTICE_SEVERITIES = ["info", "warning", "danger"] as const;

/**
 * Stored lifecycle of a corridor agreement. `active` and `expired` are deliberately absent:
 * they depend on the clock and are derived at read time (lib/), never stored.
 */
export const AGREEMENT_STATES = ["proposed", "agreed", "suspended", "violated", "rejected", "cancelled"] as const;

export const PARTY_ROLES = ["party_to_conflict", "guarantor", "broker", "observer"] as const;

/** How a party's public statement relates to the agreement, so "disputed" can be explained. */
export const CLAIM_STANCES = ["affirms", "disputes", "denies", "neutral"] as const;

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

/**
 * Why a route has its status, from a closed list every page renders in the reader's language
 * (a free text alone is in whatever language the coordinator typed). Modelled on the
 * humanitarian access-constraint categories (OCHA access monitoring), plus the two reasons a
 * route is open that residents ask about. Order is the order the form lists them.
 */
export const STATUS_REASON_CODES = [
  "active_fighting",
  "shelling_or_air_strikes",
  "civilians_fired_on",
  "checkpoint_closed",
  "road_or_bridge_damaged",
  "mines_or_uxo",
  "territory_changed_hands",
  "ceasefire_not_respected",
  "no_transport_available",
  "fuel_shortage",
  "weather",
  "corridor_agreed",
  "transport_running",
  "other",
] as const;

export const TIME_PRECISIONS = ["day", "week", "month"] as const;

/** place: the point itself; near: within a few km; region: only the wider area is known. */
export const GEO_PRECISIONS = ["place", "near", "region"] as const;

export const VERIFICATION_STATES = ["unverified", "corroborated", "verified", "disputed", "false"] as const;

export const VISIBILITIES = ["public", "internal"] as const;

export type UserRole = (typeof USER_ROLES)[number];
export type RouteStatus = (typeof ROUTE_STATUSES)[number];
export type RouteMode = (typeof ROUTE_MODES)[number];
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type NoticeSeverity = (typeof NOTICE_SEVERITIES)[number];
export type AgreementState = (typeof AGREEMENT_STATES)[number];
export type PartyRole = (typeof PARTY_ROLES)[number];
export type ClaimStance = (typeof CLAIM_STANCES)[number];
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export type TimePrecision = (typeof TIME_PRECISIONS)[number];
export type GeoPrecision = (typeof GEO_PRECISIONS)[number];
export type VerificationState = (typeof VERIFICATION_STATES)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type StatusReasonCode = (typeof STATUS_REASON_CODES)[number];
export type StatusEventKind = (typeof STATUS_EVENT_KINDS)[number];

/** Each reason code once, in the order the form lists them, whatever order they were stored in. */
export function sortedReasonCodes(codes: readonly StatusReasonCode[]): StatusReasonCode[] {
  return STATUS_REASON_CODES.filter((c) => codes.includes(c));
}

/** Where a resident subscribed: a Telegram chat or a phone number by SMS. */
export const MESSAGE_CHANNELS = ["telegram", "sms"] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/**
 * What a notification is about; the message is written from the thing's state when it is sent.
 * "transport_request" is told only to the one who asked for it, never to a town's subscribers.
 */
export const MESSAGE_TOPIC_KINDS = ["route", "agreement", "notice", "transport_request"] as const;
export type MessageTopicKind = (typeof MESSAGE_TOPIC_KINDS)[number];
