import { z } from "zod";
import { COMBINED_STATES, ROUTE_INSTRUCTIONS } from "@/lib/route-report";
import { INSTRUCTION_CODES } from "@/lib/instruction-codes";
import { RECEPTION_SERVICES, RECEPTION_STATUSES } from "@/lib/reception-points";
import { INCIDENT_CATEGORIES, ROUTE_MODES, ROUTE_STATUSES, SOURCE_KINDS, STATUS_REASON_CODES, TIME_PRECISIONS, VERIFICATION_STATES } from "@/lib/enum-values";

// What the public API (/api/v1) answers, as zod schemas: the handlers' output is typed by them
// (types.ts derives PublicApiRoute from here) and the OpenAPI description (app/api/v1/openapi.ts)
// is generated from them, so the description cannot drift from the answers. The records are
// strict (additionalProperties: false in the description): a field the API starts giving is
// added here first, or the test that validates every answer against the description fails.
// Only schemas are exported (no functions): db/testing/public-reads.ts calls every function here.

/** "2022-04-18T10:00:00+03:00": the Kyiv offset of that date, never "Z" (lib/iso-time.ts). */
const placeTime = z.iso.datetime({ offset: true }).meta({ description: "ISO 8601 with the Kyiv UTC offset of that date, to the second.", example: "2022-04-18T10:00:00+03:00" });

export const languageSetSchema = z
  .object({ uk: z.string(), ru: z.string(), en: z.string() })
  .meta({ id: "LocalizedText", description: "A text in Ukrainian, Russian and English; \"\" where not written in that language." });

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).meta({ example: "lysychansk" });

export const apiPlaceNameSchema = z.object({ slug, name: languageSetSchema }).meta({ id: "PlaceName" });

export const apiPointSchema = z
  .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
  .meta({ id: "Point", description: "WGS 84 degrees." });

export const apiTownSchema = z
  .object({
    slug,
    name: languageSetSchema,
    aliases: z.array(z.string()).meta({ description: "Other spellings residents search by." }),
    pcode: z.string().nullable().meta({ description: "The OCHA P-code (COD-AB) of the settlement, where known." }),
    oblast: z.object({ slug, name: languageSetSchema, pcode: z.string().nullable() }),
    point: apiPointSchema,
  })
  .meta({ id: "Town", description: "A town that has routes." });

const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/).meta({ description: "Kyiv local time, HH:MM.", example: "08:00" });

export const apiAssemblyPointSchema = z
  .object({
    name: languageSetSchema.meta({ description: "Where people gather, per language, as the coordinator wrote it (e.g. a school and its street)." }),
    point: apiPointSchema.nullable().meta({ description: "Rounded to about 1 km (0.01°): the name says the exact place. Null when the point has no fixed place." }),
    hours: z.object({ opens: clockTime, closes: clockTime }).nullable().meta({ description: "When it is staffed, every day; null when not given." }),
    call: z.string().nullable().meta({ description: "The official number people who cannot walk there call; null when none is given.", example: "+380 50 123 45 67" }),
  })
  .meta({ id: "AssemblyPoint", description: "Where residents gather for the route. Never a person's name nor a staff note." });

export const PUBLIC_ROUTE_STATUSES = [...ROUTE_STATUSES, "unconfirmed"] as const;

export const apiRouteSchema = z
  .object({
    id: z.uuid(),
    slug,
    mode: z.enum(ROUTE_MODES),
    origin: apiPlaceNameSchema,
    destination: apiPlaceNameSchema,
    status: z.enum(PUBLIC_ROUTE_STATUSES).meta({
      description: "What the public is shown: the coordinator's status while fresh, \"unconfirmed\" once its freshness window has passed (an old \"open\" is never repeated).",
    }),
    lastReportedWarning: z.enum(["closed", "caution"]).nullable().meta({ description: "A stale closed or caution is still worth knowing; a stale open is never repeated." }),
    fresh: z.boolean(),
    confirmedAt: placeTime.nullable(),
    freshUntil: placeTime.nullable().meta({ description: "When the status stops (or stopped) being fresh." }),
    reasonCodes: z.array(z.enum(STATUS_REASON_CODES)).meta({ description: "Why, from a closed list; empty while the status may not be shown." }),
    reasonLabels: languageSetSchema.meta({ description: "The reason codes in words, per language." }),
    reason: languageSetSchema.meta({ description: "The coordinator's free text, per language." }),
    flagged: z.boolean().meta({ description: "An incident was reported near the line and a coordinator has not yet reviewed it." }),
    confidence: z
      .object({
        sourceKind: z.enum(SOURCE_KINDS).nullable().meta({ description: "The kind of source named since the status was last set (never the source itself); null when none was named." }),
        reconfirmed: z.boolean().meta({ description: "The latest confirmation vouched for the standing status again, unchanged, rather than setting it." }),
        flagVerification: z
          .enum(VERIFICATION_STATES.filter((v) => v !== "false") as ["unverified", "corroborated", "verified", "disputed"])
          .nullable()
          .meta({ description: "With a flag: how far the incident behind it is verified; null without a flag." }),
      })
      .meta({ id: "StatusConfidence", description: "How sure the status is." }),
    corridorWindow: z
      .object({ agreementId: z.uuid(), title: languageSetSchema, phase: z.enum(["active", "upcoming"]), start: placeTime, end: placeTime })
      .nullable()
      .meta({ description: "The agreed corridor window covering the route now, else the next one." }),
    state: z.enum(COMBINED_STATES).meta({
      description:
        "The status and the corridor window as one statement: plain (no window), corridorOpen (window in force, route open or caution), corridorUpcoming (window later, route open or caution), corridorNotConfirmed (window agreed, route not confirmed safe), closedDespiteCorridor (window agreed, route closed: never to be read as open).",
    }),
    instruction: z.enum(ROUTE_INSTRUCTIONS).meta({ description: "What the status and corridor window imply a resident should do: go, goWithCare, prepare, waitForConfirmation, doNotUse, check. Outweighed by `instructions` when a coordinator chose any." }),
    instructions: z
      .array(z.object({ code: z.enum(INSTRUCTION_CODES), at: placeTime.nullable().meta({ description: "The time a timed instruction names (assembly, checkpoint closing); null on the others." }) }))
      .meta({ description: "What a coordinator told residents to do, from a closed list, in the list's order; empty while the status may not be shown or when none was chosen." }),
    instructionText: languageSetSchema.meta({ description: "What to do, per language, as the pages say it: the chosen instructions, else the one the state implies." }),
    assemblyPoint: apiAssemblyPointSchema.nullable().meta({ description: "Where to gather for this route; null when the coordinator gave none." }),
  })
  .meta({ id: "Route", description: "A route and its status as the public sees it at the time of the answer." });

export const apiTownsSchema = z.object({ towns: z.array(apiTownSchema) }).meta({ id: "TownList" });

export const apiRoutesSchema = z
  .object({ generatedAt: placeTime.meta({ description: "When this answer was made (not part of its ETag)." }), routes: z.array(apiRouteSchema) })
  .meta({ id: "RouteList" });

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).meta({ description: "[longitude, latitude] (RFC 7946)." });

/** An RFC 7946 FeatureCollection of one geometry and one properties schema (not exported: not a read). */
function featureCollection<G extends z.ZodType, P extends z.ZodType>(geometry: G, properties: P) {
  return z.object({
    type: z.literal("FeatureCollection"),
    features: z.array(z.object({ type: z.literal("Feature"), id: z.uuid(), geometry, properties })),
  });
}

export const apiRouteFeaturesSchema = featureCollection(z.object({ type: z.literal("LineString"), coordinates: z.array(position).min(2) }), apiRouteSchema).meta({ id: "RouteFeatureCollection", description: "Routes as GeoJSON LineStrings with the route as properties." });

const casualties = z.int().min(0).nullable().meta({ description: "As reported; null when not known." });

export const apiIncidentPropertiesSchema = z
  .object({
    id: z.uuid(),
    category: z.enum(INCIDENT_CATEGORIES),
    occurredAt: placeTime,
    occurredPrecision: z.enum(TIME_PRECISIONS),
    position: z.enum(["rounded", "town"]).meta({ description: "\"rounded\": the point to about 1 km (0.01°); \"town\": the town's own point." }),
    town: apiPlaceNameSchema.nullable(),
    killed: casualties,
    injured: casualties,
    missing: casualties,
    verification: z.enum(VERIFICATION_STATES).exclude(["false"]).meta({ description: "Incidents retracted as false are never published." }),
    publicSummary: languageSetSchema,
  })
  .meta({ id: "IncidentProperties" });

export const apiIncidentFeaturesSchema = featureCollection(z.object({ type: z.literal("Point"), coordinates: position }), apiIncidentPropertiesSchema)
  .meta({ id: "IncidentFeatureCollection", description: "Public incidents (never internal ones, never those retracted as false), newest first." });

const beds = z.int().min(0);

export const apiReceptionPointSchema = z
  .object({
    id: z.uuid(),
    town: apiPlaceNameSchema,
    name: languageSetSchema,
    address: languageSetSchema,
    status: z.enum([...RECEPTION_STATUSES, "unconfirmed"]).meta({
      description: "What the public is shown: the keeper's status while fresh, \"unconfirmed\" once its freshness window has passed (an old \"open\" is never repeated).",
    }),
    lastReportedWarning: z.enum(["full", "closed"]).nullable().meta({ description: "A stale full or closed is still worth knowing; a stale open or nearly full is never repeated." }),
    fresh: z.boolean(),
    confirmedAt: placeTime.nullable(),
    freshUntil: placeTime.nullable().meta({ description: "When the counts stop (or stopped) being fresh." }),
    capacity: z.object({ beds, accessibleBeds: beds }).meta({ description: "Beds in all, and those for people with limited mobility." }),
    free: z
      .object({ beds, accessibleBeds: beds })
      .nullable()
      .meta({ description: "Free beds as last confirmed: only while fresh and not closed; null otherwise (an old count is never repeated as current)." }),
    services: z.array(z.enum(RECEPTION_SERVICES)).meta({ description: "What it offers besides a bed, in this order: medical, pets, food, onward_transport." }),
  })
  .meta({ id: "ReceptionPoint", description: "A place at a destination where evacuated people are received, as the public sees it at the time of the answer. Never who keeps or confirms it." });

export const apiReceptionPointsSchema = z
  .object({ generatedAt: placeTime.meta({ description: "When this answer was made (not part of its ETag)." }), receptionPoints: z.array(apiReceptionPointSchema) })
  .meta({ id: "ReceptionPointList" });

const runCount = z.int().min(0);

export const apiTransportRunCountsSchema = z
  .object({
    generatedAt: placeTime.meta({ description: "When this answer was made (not part of its ETag)." }),
    town: apiPlaceNameSchema,
    today: runCount.meta({ description: "Runs planned or boarding that leave from the town today (Kyiv day) and whose departure window has not passed." }),
    todayAccessible: runCount.meta({ description: "Of those, how many have wheelchair or stretcher places." }),
    tomorrow: runCount.meta({ description: "Runs planned or boarding that leave from the town tomorrow (Kyiv day)." }),
    tomorrowAccessible: runCount.meta({ description: "Of those, how many have wheelchair or stretcher places." }),
    changesAt: placeTime.meta({ description: "When these counts next change by the clock alone (a departure window passing, or midnight in Kyiv); no copy may be used past it." }),
  })
  .meta({
    id: "TransportRunCounts",
    description: "How many transport runs leave from a town today and tomorrow. Counts only: never a run's time, place, vehicle, organisation or anyone on it, so a count cannot point anyone at a pickup.",
  });

export type ApiTransportRunCounts = z.output<typeof apiTransportRunCountsSchema>;
export type ApiReceptionPoints = z.output<typeof apiReceptionPointsSchema>;
export type ApiTown = z.output<typeof apiTownSchema>;
export type ApiRoute = z.output<typeof apiRouteSchema>;
export type ApiTowns = z.output<typeof apiTownsSchema>;
export type ApiRoutes = z.output<typeof apiRoutesSchema>;
export type ApiRouteFeatures = z.output<typeof apiRouteFeaturesSchema>;
export type ApiIncidentFeatures = z.output<typeof apiIncidentFeaturesSchema>;
