import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathItemObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { z } from "zod";
import { apiIncidentFeaturesSchema, apiReceptionPointsSchema, apiRouteFeaturesSchema, apiRoutesSchema, apiTownsSchema, apiTransportRunCountsSchema } from "@/db/public/api-schemas";
import { PROBLEM_CONTENT_TYPE, PROBLEM_NAMES, PROBLEM_TYPES, PUBLIC_API_METHODS, problemSchema, problemType } from "@/server/http/problem";
import { CORS_HEADERS } from "@/server/http/public-response";
import { FRESH_MS } from "@/server/public-cache/policy";
import { incidentsQuery, openApiQuery, receptionPointsQuery, routesQuery, townsQuery, transportRunCountsQuery } from "./schemas";
import { CAP_FILE, capAlertQuery, feedQuery } from "../../feeds/schemas";

// The OpenAPI 3.1 description of /api/v1, made from the zod schemas the handlers parse their
// queries with and type their answers by (schemas.ts, db/public/api-schemas.ts, server/http/problem.ts).
// Served at /api/v1/openapi.json; the partners' page (/{locale}/api) is rendered from it, and
// app/api/v1/openapi.db.test.ts validates every answer of every endpoint against it.

const JSON_TYPE = "application/json";
const GEOJSON_TYPE = "application/geo+json";
const ATOM_TYPE = "application/atom+xml";
const CAP_TYPE = "application/cap+xml";
const CSV_TYPE = "text/csv";

const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE.split(";")[0]!]: { schema: problemSchema } } });

const headers = {
  ETag: { description: "A strong tag derived from the data; send it back in If-None-Match.", schema: { type: "string" as const } },
  "Cache-Control": {
    description: `\`public, max-age=N\`: N is at most ${FRESH_MS / 1000} (what is left of the server's own copy's freshness) and ends at least a second before the instant the answer next changes by the clock alone (a status leaving its freshness window, a corridor window opening or closing), since caches count in whole seconds. No stale-while-revalidate, so a stale "open" never lives in a cache. \`no-store\` on a stale copy (X-Corridor-Stale-Since).`,
    schema: { type: "string" as const, pattern: "^(public, max-age=[0-9]+|no-store)$" },
  },
  "Access-Control-Allow-Origin": { description: "`*`: any site may read the data.", schema: { type: "string" as const } },
  "X-Corridor-Next-Change": {
    description: "When the answer next changes by the clock alone (ISO 8601), if it will: no copy should be used past it. Absent when nothing in it changes with time.",
    schema: { type: "string" as const, format: "date-time" },
  },
  "X-Corridor-Stale-Since": {
    description:
      "Present only on a stale copy: the data could not be read just now, and this is the last answer, made at this instant (ISO 8601). What it says may have changed since; treat every status in it as unconfirmed. It has no ETag and must not be stored.",
    schema: { type: "string" as const, format: "date-time" },
  },
};

/** A list answer's paging headers: every page says how many match, and where the next one is while more remain. */
const pageHeaders = {
  ...headers,
  Link: {
    description: 'RFC 8288: `<…?cursor=…>; rel="next"` while more rows match than this page holds; absent on the last page. Follow it as given (the cursor is opaque). A list is never cut short without it.',
    schema: { type: "string" as const },
  },
  "X-Total-Count": { description: "How many rows match the query in all pages.", schema: { type: "string" as const, pattern: "^[0-9]+$" } },
};

function responses(type: string, schema: z.ZodType, example: string, { town, notFound, paged = false }: { town: boolean; notFound?: string; paged?: boolean }): ZodOpenApiResponsesObject {
  const answerHeaders = paged ? pageHeaders : headers;
  return {
    "200": { description: example, headers: answerHeaders, content: { [type]: { schema } } },
    "304": { description: "Not modified: the If-None-Match tag (weak comparison, lists and * as RFC 9110 says) is still current.", headers: answerHeaders },
    "400": problem(
      `\`${problemType("invalid-parameter")}\`: a parameter unknown here, given twice, or with a bad value; \`invalidParams\` names each. \`${problemType("bad-request")}\`: an address that is not valid percent-encoded UTF-8.`,
    ),
    ...(town ? { "404": problem(`\`${problemType("town-not-found")}\`: \`town\` names no town.`) } : {}),
    ...(notFound ? { "404": problem(`\`${problemType("not-found")}\`: ${notFound}`) } : {}),
    "405": problem(`\`${problemType("method-not-allowed")}\`: only ${PUBLIC_API_METHODS}; the \`Allow\` header says so.`),
    "414": problem(`\`${problemType("uri-too-long")}\`: the path and query are over 2,048 characters.`),
    "503": problem(`\`${problemType("unavailable")}\`: the data could not be read; retry after \`Retry-After\` seconds.`),
  };
}

/** The CORS preflight every address answers (204, no body). */
const preflight = (summary: string): ZodOpenApiOperationObject => ({
  summary,
  description: "CORS preflight, for a browser on another site sending If-None-Match. No body.",
  responses: {
    "204": {
      description: "Which methods the address answers (Allow), and which methods and headers another site's page may use, and how long a browser may remember it.",
      headers: Object.fromEntries(
        Object.entries({ Allow: PUBLIC_API_METHODS, ...CORS_HEADERS }).map(([name, value]) => [name, { description: `\`${value}\``, schema: { type: "string" as const } }]),
      ),
    },
  },
});

/**
 * An address's GET, HEAD (the GET's status and headers, no body: it never changes what a GET
 * gets) and OPTIONS (the CORS preflight), each its own operation, so that a generated client has
 * all three.
 */
function get(operation: ZodOpenApiOperationObject & { operationId: string }): ZodOpenApiPathItemObject {
  const bodiless = Object.fromEntries(
    Object.entries(operation.responses ?? {}).map(([status, response]) => {
      const { content: _noBodyOnHead, ...rest } = response as { content?: unknown; description: string };
      return [status, rest];
    }),
  ) as unknown as ZodOpenApiResponsesObject;
  return {
    get: operation,
    head: { ...operation, operationId: `${operation.operationId}Head`, summary: `${operation.summary ?? ""}: status and headers only`, responses: bodiless },
    options: { ...preflight(`${operation.summary ?? ""}: CORS preflight`), operationId: `${operation.operationId}Options` },
  };
}

/**
 * The published description leaves records open: RFC 8259 clients must ignore members they do not
 * know, and this API adds fields (API_DESCRIPTION says so). zod writes `additionalProperties: false`
 * for every object it outputs; a generated client then refuses an answer with a new field.
 * app/api/v1/openapi.db.test.ts checks the answers against the closed records still, so a field
 * the API gives is described before it is given.
 */
function openRecords<T>(node: T): T {
  if (Array.isArray(node)) return node.map(openRecords) as T;
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === "additionalProperties" && value === false)).map(([key, value]) => [key, openRecords(value)])) as T;
}

export const API_DESCRIPTION = [
  "Read-only data on evacuation routes out of towns, their status as residents are shown it, agreed corridor windows, reception points at destinations and public incidents.",
  `Every answer is CORS-open and may be kept up to ${FRESH_MS / 1000} s, never past the moment what it says changes by the clock alone; poll with If-None-Match to get 304 while nothing changed.`,
  "A status past its freshness window is \"unconfirmed\", never \"open\". Incident positions are rounded to about 1 km.",
  "Errors are RFC 9457 problem details (application/problem+json) with a stable `type`. Unknown or repeated query parameters are refused with 400, never ignored.",
  "New fields may be added to records (this description changes with them); existing fields keep their meaning.",
].join(" ");

export const openApiDocument = openRecords(createDocument({
  openapi: "3.1.0",
  info: {
    title: "Corridor public API",
    version: "1.0.0",
    description: API_DESCRIPTION,
    // The data is published for anyone to reuse and redistribute, with attribution.
    license: { name: "CC BY 4.0", identifier: "CC-BY-4.0" },
  },
  // Relative: each deployment serves the document from its own origin, and a client generated from
  // it resolves the paths against wherever it fetched the document.
  servers: [{ url: "/", description: "The deployment that serves this document." }],
  paths: {
    "/api/v1/towns": get({
      operationId: "listTowns",
      summary: "Towns that have routes",
      description: "Each town's slug (what `town` parameters take), names in Ukrainian, Russian and English, other spellings, P-codes, oblast and point.",
      requestParams: { query: townsQuery },
      responses: responses(JSON_TYPE, apiTownsSchema, "A page of towns, by slug.", { town: false, paged: true }),
    }),
    "/api/v1/routes": get({
      operationId: "listRoutes",
      summary: "Routes and their status now",
      description:
        "The routes (or those out of `town` or `oblast`, with `status`, changed since `changedSince`) with their status as the public is shown it now, freshness, reasons, review flag and corridor window, a page at a time by slug. The ETag stands for the page's routes and its next link, not `generatedAt`.",
      requestParams: { query: routesQuery },
      responses: responses(JSON_TYPE, apiRoutesSchema, "A page of routes, by slug.", { town: true, paged: true }),
    }),
    "/api/v1/routes.geojson": get({
      operationId: "listRouteFeatures",
      summary: "Routes as GeoJSON",
      description: "The same routes as /api/v1/routes, as LineStrings ([lon, lat]) with the route as properties.",
      requestParams: { query: routesQuery },
      responses: responses(GEOJSON_TYPE, apiRouteFeaturesSchema, "A page of the routes as a FeatureCollection of LineStrings.", { town: true, paged: true }),
    }),
    "/api/v1/incidents.geojson": get({
      operationId: "listIncidentFeatures",
      summary: "Public incidents as GeoJSON",
      description: "Published incidents, newest first, as Points rounded to 0.01° (about 1 km) or at their town's point, a page at a time.",
      requestParams: { query: incidentsQuery },
      responses: responses(GEOJSON_TYPE, apiIncidentFeaturesSchema, "A page of incidents as a FeatureCollection of Points.", { town: true, paged: true }),
    }),
    "/api/v1/reception-points": get({
      operationId: "listReceptionPoints",
      summary: "Reception points at destinations",
      description:
        "Where evacuated people are received (or those in `town`, changed since `changedSince`): names and addresses, beds in all and, while confirmed recently, free, services and status, a page at a time by id. Past its freshness window a point is \"unconfirmed\" and gives no free beds. The ETag stands for the page's points and its next link, not `generatedAt`.",
      requestParams: { query: receptionPointsQuery },
      responses: responses(JSON_TYPE, apiReceptionPointsSchema, "A page of reception points, by id.", { town: true, paged: true }),
    }),
    "/api/v1/reception-points.csv": get({
      operationId: "listReceptionPointsHxl",
      summary: "Reception points as HXL-tagged CSV",
      description:
        "The same reception points as /api/v1/reception-points (same parameters and paging), as CSV with a header row and an HXL hashtag row (docs/exports.md). Free-bed cells are empty unless the point is fresh; the status is \"unconfirmed\" once stale.",
      requestParams: { query: receptionPointsQuery },
      responses: responses(CSV_TYPE, z.string(), "A page of reception points as HXL-tagged CSV (UTF-8 with a BOM).", { town: true, paged: true }),
    }),
    "/api/v1/transport-run-counts": get({
      operationId: "getTransportRunCounts",
      summary: "How many transport runs leave from a town",
      description:
        "How many runs leave from `town` today and tomorrow (Kyiv days), and how many of them take wheelchairs or stretchers. Counts only: never a run's time, place, vehicle, organisation or anyone on it. The copy ends at `changesAt`; the ETag stands for the counts, not `generatedAt`.",
      requestParams: { query: transportRunCountsQuery },
      responses: responses(JSON_TYPE, apiTransportRunCountsSchema, "The town's run counts.", { town: true }),
    }),
    "/api/v1/openapi.json": get({
      operationId: "getOpenApiDocument",
      summary: "This description",
      requestParams: { query: openApiQuery },
      responses: responses(JSON_TYPE, z.looseObject({ openapi: z.string() }), "The OpenAPI 3.1 document.", { town: false }),
    }),
    "/feeds/status.atom": get({
      operationId: "getStatusFeed",
      summary: "Route status changes as Atom",
      description: "The last 50 status events, newest first, each saying until when it holds.",
      requestParams: { query: feedQuery },
      responses: responses(ATOM_TYPE, z.string(), "An Atom feed.", { town: false }),
    }),
    "/feeds/cap.atom": get({
      operationId: "getCapIndex",
      summary: "The CAP alerts in force, as Atom",
      description: "Each route's newest status while fresh, each agreed corridor window until it ends, and the Cancel of a withdrawn window; entries link the CAP alert.",
      requestParams: { query: feedQuery },
      responses: responses(ATOM_TYPE, z.string(), "An Atom feed.", { town: false }),
    }),
    "/feeds/cap/{file}": get({
      operationId: "getCapAlert",
      summary: "One CAP 1.2 alert",
      requestParams: {
        path: z.object({
          file: z.string().regex(CAP_FILE).meta({
            description: "The alert's id followed by .xml, as /feeds/cap.atom links it; a corridor message may also be named by its version (`<id>-v<version>.xml`, the end of its CAP identifier), which is how a withdrawn window's Cancel is linked.",
            example: "0b6c7a1e-5d1f-4c2a-9f3e-2a1b3c4d5e6f.xml",
          }),
        }),
        query: capAlertQuery,
      },
      responses: {
        ...responses(CAP_TYPE, z.string(), "A CAP 1.2 alert.", { town: false, notFound: "no alert has this address." }),
        "410": {
          ...problem(`\`${problemType("withdrawn")}\`: an alert of a corridor window since withdrawn; it is not served again, and \`Link\` gives its Cancel's address.`),
          headers: { Link: { description: '`<…/feeds/cap/<id>-v<version>.xml>; rel="alternate"; type="application/cap+xml"`: the Cancel.', schema: { type: "string" as const } } },
        },
      },
    }),
    "/api/v1/problems/{name}": get({
      operationId: "getProblemType",
      summary: "A problem type's documentation",
      description: "What a problem's `type` resolves to (RFC 9457 §3.1.1): a redirect to that type's section of the partners' API page.",
      requestParams: { path: z.object({ name: z.enum(PROBLEM_NAMES).meta({ description: "The last segment of a problem's `type`.", example: "invalid-parameter" }) }) },
      responses: {
        "302": {
          description: "The page that documents the type.",
          headers: {
            Location: { description: "`/en/api#problem-{name}`: the type's section of the partners' page.", schema: { type: "string" as const } },
            "Cache-Control": { description: "`public, max-age=3600`.", schema: { type: "string" as const } },
            "Access-Control-Allow-Origin": headers["Access-Control-Allow-Origin"],
          },
        },
        "404": problem(`\`${problemType("not-found")}\`: no problem type has this name.`),
        "405": problem(`\`${problemType("method-not-allowed")}\`: only ${PUBLIC_API_METHODS}; the \`Allow\` header says so.`),
        "414": problem(`\`${problemType("uri-too-long")}\`: the path and query are over 2,048 characters.`),
      },
    }),
  },
  components: {
    responses: {
      NotFound: problem(`\`${problemType("not-found")}\`: any other address under /api or /feeds, /api/v1 and /feeds themselves included, whatever the method.`),
    },
  },
  "x-problem-types": Object.fromEntries(Object.entries(PROBLEM_TYPES).map(([name, { status, title }]) => [problemType(name as keyof typeof PROBLEM_TYPES), { status, title }])),
}));
