import { pgEnum } from "drizzle-orm/pg-core";
import { USER_ROLES, ROUTE_STATUSES, ROUTE_MODES, STATUS_EVENT_KINDS, STATUS_REASON_CODES, SOURCE_KINDS, NOTICE_SEVERITIES, AGREEMENT_STATES, PARTY_ROLES, CLAIM_STANCES, INCIDENT_CATEGORIES, TIME_PRECISIONS, GEO_PRECISIONS, VERIFICATION_STATES, VISIBILITIES, MESSAGE_CHANNELS, MESSAGE_TOPIC_KINDS } from "../../lib/enum-values";

export * from "../../lib/enum-values";

// Every closed set in the domain is a PostgreSQL enum, so a bad value is refused by the
// database itself and not only by the forms. The TypeScript unions come from these lists.

export const userRole = pgEnum("user_role", USER_ROLES);

export const routeStatus = pgEnum("route_status", ROUTE_STATUSES);

export const routeMode = pgEnum("route_mode", ROUTE_MODES);

export const statusEventKind = pgEnum("status_event_kind", STATUS_EVENT_KINDS);

export const statusReasonCode = pgEnum("status_reason_code", STATUS_REASON_CODES);

export const sourceKind = pgEnum("source_kind", SOURCE_KINDS);

export const noticeSeverity = pgEnum("notice_severity", NOTICE_SEVERITIES);

export const agreementState = pgEnum("agreement_state", AGREEMENT_STATES);

export const partyRole = pgEnum("party_role", PARTY_ROLES);

export const claimStance = pgEnum("claim_stance", CLAIM_STANCES);

export const incidentCategory = pgEnum("incident_category", INCIDENT_CATEGORIES);

export const timePrecision = pgEnum("time_precision", TIME_PRECISIONS);

export const geoPrecision = pgEnum("geo_precision", GEO_PRECISIONS);

export const verificationState = pgEnum("verification_state", VERIFICATION_STATES);

export const visibility = pgEnum("visibility", VISIBILITIES);

export const messageChannel = pgEnum("message_channel", MESSAGE_CHANNELS);

export const messageTopicKind = pgEnum("message_topic_kind", MESSAGE_TOPIC_KINDS);
