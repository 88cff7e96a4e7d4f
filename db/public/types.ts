import type { StatusInstruction } from "@/lib/instruction-codes";
import type {
  GeoPrecision,
  IncidentCategory,
  NoticeSeverity,
  RouteMode,
  RouteStatus,
  SourceKind,
  StatusEventKind,
  StatusReasonCode,
  TimePrecision,
  VerificationState,
} from "@/lib/enum-values";
import type { LonLat } from "../schema/routes";
import type { LocalizedName } from "@/lib/localized-name";
import type { LocalizedText } from "@/lib/localized-text";
import type { z } from "zod";
import type { apiPlaceNameSchema, apiRouteSchema } from "./api-schemas";

// Each public type, once. These are what residents, partners, feeds and the lite pages may be
// given; every field here is covered by the leak test (db/public/leak.db.test.ts). Adding a field:
// add its column to columns.ts, then here; the test then searches it too.

export type PublicPlaceName = LocalizedName & { slug: string };
export type PublicPoint = { lat: number; lon: number };
/** A town with its own (public) point. */
export type PublicPlace = PublicPlaceName & PublicPoint;

export type PublicTown = PublicPlace & {
  aliases: string[];
  pcode: string | null;
  oblast: PublicPlaceName & { pcode: string | null };
  /** When the town was last edited: the API's ?changedSince=. */
  changedAt: Date;
};

/** A route as a window or a status event names it. */
export type PublicRouteRef = { id: string; slug: string; origin: PublicPlace; destination: PublicPlace };

export type PublicRoute = PublicRouteRef & {
  mode: RouteMode;
  /** As the coordinator set it: readers apply lib/freshness before showing it. */
  status: RouteStatus;
  /** Why, from the closed list every reader's language has; the free text adds detail. */
  statusReasonCodes: StatusReasonCode[];
  statusReason: LocalizedText;
  /** What residents should do, chosen from the closed list; empty: the report derives it. */
  statusInstructions: StatusInstruction[];
  statusConfirmedAt: Date | null;
  freshnessWindowHours: number;
  /** Only whether a review is pending: when and by which incident is internal. */
  flaggedForReview: boolean;
  /** The kind of source named since the status was last set; null when none was. */
  statusSourceKind: SourceKind | null;
  /** The latest confirmation re-confirmed the standing status unchanged. */
  statusReconfirmed: boolean;
  /** With a pending flag: how far the incident behind it is verified. */
  flagVerification: PublicVerification | null;
  waypoints: LonLat[];
  assemblyPoint: LocalizedText;
  /** The assembly point's position rounded to PUBLIC_POSITION_DECIMALS; null when none is set. */
  assemblyPointLat: number | null;
  assemblyPointLon: number | null;
  /** The Kyiv clock times it is manned ("08:00", "20:00"); null when not given. */
  assemblyPointOpens: string | null;
  assemblyPointCloses: string | null;
  /** The official number people who cannot walk there call for transport. */
  assemblyPointCall: string | null;
  schedule: LocalizedText;
  organisation: string;
  /** The slug of the origin's oblast. */
  originOblast: string;
  /** When the route was last written (status set or confirmed, edited). */
  changedAt: Date;
};

export type PublicWindowPhase = "upcoming" | "active" | "ended";

/** An agreed corridor agreement's window and the routes it covers. */
export type PublicCorridorWindow = {
  id: string;
  title: LocalizedText;
  windowStart: Date;
  windowEnd: Date;
  phase: PublicWindowPhase;
  /** Until it opens (upcoming) or closes (active); null once ended. */
  timeLeftMs: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  routes: PublicRouteRef[];
};

/** A CAP message published about a corridor window: the version it is for, its kind and when. */
export type PublicCorridorMessage = { version: number; msgType: "Alert" | "Update" | "Cancel"; sentAt: Date };

/** An agreed window with the CAP messages published about it so far, oldest first (the last is its current alert). */
export type PublicCorridorWindowWithMessages = PublicCorridorWindow & { published: PublicCorridorMessage[] };

/**
 * A window that was public (agreed) and has been withdrawn (suspended, violated or cancelled):
 * only what identifies it and where it applied, so its CAP Cancel can reference the alerts it
 * cancels and name their area (docs/decisions/0022-cap-cancel-at-its-own-address.md). Its window
 * times are the ones that were public; the routes it covered are public routes; its title, terms,
 * parties, representatives, claims and notes stay with the coordinators.
 */
export type PublicWithdrawnCorridorWindow = {
  id: string;
  windowStart: Date;
  windowEnd: Date;
  /** Oldest first; the last is the Cancel. */
  published: PublicCorridorMessage[];
  /** The routes the agreement covers, by origin town's English name then slug. */
  routes: PublicRouteRef[];
};

/** A window not yet over at the time of reading. */
export type PublicOpenCorridorWindow = PublicCorridorWindow & { phase: "upcoming" | "active"; timeLeftMs: number };

/** Shown incidents are public and not retracted: "false" never reaches a reader. */
export type PublicVerification = Exclude<VerificationState, "false">;

export type PublicIncident = {
  id: string;
  category: IncidentCategory;
  occurredAt: Date;
  occurredPrecision: TimePrecision;
  geoPrecision: GeoPrecision;
  killed: number | null;
  injured: number | null;
  missing: number | null;
  verification: PublicVerification;
  publicSummary: LocalizedText;
  /** The town it happened in or near, with the town's own point. */
  town: PublicPlace | null;
  /** The exact point rounded in SQL to PUBLIC_POSITION_DECIMALS; null when only the town is known. */
  roundedPoint: PublicPoint | null;
};

export type PublicRouteView = PublicRoute & {
  /** Active and upcoming agreed windows covering the route, soonest first. */
  windows: PublicOpenCorridorWindow[];
  /** Recent public incidents linked to the route, newest first. */
  incidents: PublicIncident[];
};

export type PublicAreaNotice = {
  id: string;
  severity: NoticeSeverity;
  textUk: string;
  textRu: string;
  textEn: string;
  issuedAt: Date;
  /** The town or oblast it is about. */
  area: PublicPlaceName;
  areaKind: "town" | "oblast";
};

export type PublicTownView = { town: PublicTown; notices: PublicAreaNotice[]; routes: PublicRouteView[] };

/** A status event, never who recorded it or its source. */
export type PublicStatusEvent = {
  id: string;
  kind: StatusEventKind;
  status: RouteStatus;
  reasonCodes: StatusReasonCode[];
  reason: LocalizedText;
  instructions: StatusInstruction[];
  confirmedAt: Date;
  recordedAt: Date;
  /** The kind of source this event named (never the source itself); null when none. */
  sourceKind: SourceKind | null;
  freshnessWindowHours: number;
  route: PublicRouteRef;
};

/** A status event with the one before it on its route, which a CAP Update references. */
export type PublicStatusEventWithPrevious = PublicStatusEvent & { previous: { id: string; recordedAt: Date } | null };

export type PublicRouteDetail = { route: PublicRouteView; history: PublicStatusEvent[] };

/**
 * What a public read may be asked. Every read takes (db, args) with a subset of these, so the leak
 * test can call every export with every probe it makes, and a new read is covered without editing it.
 */
export type PublicReadArgs = { now: Date; slug?: string; id?: string; limit?: number; routeIds?: string[] };

/**
 * What the public route lists filter on (all optional, all combined): routes out of a town or out
 * of an oblast (slugs), shown with a status now, changed at or after an instant.
 */
export type PublicRouteFilter = { town?: string; oblast?: string; status?: string; changedSince?: Date };

/** A place in the API's JSON: its names keyed by language. */
export type PublicApiPlaceName = z.output<typeof apiPlaceNameSchema>;

/**
 * A route as the API and GeoJSON give it: what residents may act on, computed at read time. Its
 * schema (api-schemas.ts) is the OpenAPI description's: a field is added there.
 */
export type PublicApiRoute = z.output<typeof apiRouteSchema>;

/** A town's requests for transport as residents may know of them: counts, nothing else. */
export type PublicTransportRequestCounts = { open: number; beingHandled: number };

/** How many routes the public is shown with each status now (a stale status counts as "unconfirmed"). */
export type PublicStatusCounts = Record<RouteStatus | "unconfirmed", number>;

/** An oblast on the home page: how many of its towns have routes out, and their routes' statuses now. */
export type PublicOblastSummary = PublicPlaceName & { pcode: string | null; townCount: number; routeCount: number; statusCounts: PublicStatusCounts };

/** A town on its oblast's page: its routes out, by status now. */
export type PublicOblastTown = PublicPlaceName & { routeCount: number; statusCounts: PublicStatusCounts };

/**
 * An oblast's own page: its towns with routes out (no routes themselves: each town's page has
 * them), and when a count on it next changes by the clock alone (a status turning "unconfirmed").
 */
export type PublicOblastView = { oblast: PublicPlaceName & { pcode: string | null }; towns: PublicOblastTown[]; nextStaleAt: Date | null };

/**
 * A town's transport runs as residents may know of them: how many leave from it today (still to
 * leave) and tomorrow, and how many of those take wheelchairs or stretchers. Counts only: no
 * vehicle, time, place, organisation or person. `changesAt`: when the counts change by the clock
 * alone (a window passing, the day turning), for the response cache.
 */
export type PublicTransportRunCounts = { today: number; todayAccessible: number; tomorrow: number; tomorrowAccessible: number; changesAt: Date };
