import { z } from "zod";
import { PUBLIC_ROUTE_STATUSES } from "@/db/public/api-schemas";
import { SLUG_PATTERN } from "@/lib/slug";
import { isApiInstantInRange } from "@/lib/iso-time";

// The query parameters of /api/v1, checked by the handlers (server/http/query.ts) and described
// by the OpenAPI document (./openapi.ts) from these same schemas. Strict: a parameter not listed
// is refused with 400, as is one given twice; an empty value is a bad value, not "not given".

export const unknownParameters = { error: (issue: { code: string }) => (issue.code === "unrecognized_keys" ? "is not a parameter of this address" : undefined) };

/** The largest number of incidents one answer gives (db/public/incidents.ts caps reads there too). */
export const MAX_INCIDENTS = 10_000;
export const DEFAULT_INCIDENTS = 500;

const town = z
  .string({ error: "must be a town's slug" })
  .max(120, { error: "is longer than any town's slug" })
  .regex(SLUG_PATTERN, { error: "must be a town's slug: lower-case letters, digits and single hyphens, as in /api/v1/towns" })
  .optional()
  .meta({ description: "Only the routes out of this town (its slug, as in /api/v1/towns). An unknown town is a 404.", example: "lysychansk" });

const status = z
  .enum(PUBLIC_ROUTE_STATUSES, { error: `must be one of: ${PUBLIC_ROUTE_STATUSES.join(", ")}` })
  .optional()
  .meta({ description: "Only the routes the public is shown with this status now (a stale status is \"unconfirmed\").", example: "open" });

/** A page of routes or towns: at most this many by default, and at most MAX_PAGE however asked. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1_000;

/** `limit`: checked as the digits it is written with, described as the integer it is. */
function limitParameter(what: string, fallback: number, max: number) {
  const error = `must be a whole number from 1 to ${max}`;
  const description = `At most this many ${what} in one answer (default ${fallback}, at most ${max}); a \`Link: rel="next"\` header names the next page while more remain.`;
  return z
    .string()
    .regex(/^[0-9]{1,6}$/, { error })
    .transform(Number)
    .pipe(z.int().min(1, { error }).max(max, { error }))
    .optional()
    .meta({
      description,
      // Described as the integer it is, not the digits the handler checks it is written with, so a
      // generated client takes \`limit: 100\` (a query string is text either way).
      override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
        for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
        Object.assign(jsonSchema, { type: "integer", minimum: 1, maximum: max, default: fallback, description, example: Math.min(fallback, 50) });
      },
    });
}

const cursor = z
  .string({ error: "must be the cursor of a next link" })
  .max(500, { error: "is longer than any cursor" })
  .optional()
  .meta({ description: "Where the page starts: opaque, taken from the previous answer's `Link: rel=\"next\"` header. Without it, the first page." });

const oblast = z
  .string({ error: "must be an oblast's slug" })
  .max(120, { error: "is longer than any oblast's slug" })
  .regex(SLUG_PATTERN, { error: "must be an oblast's slug, as in /api/v1/towns" })
  .optional()
  .meta({ description: "Only those in this oblast (its slug, as in /api/v1/towns). An unknown oblast is an empty list.", example: "luhansk" });

const changedSince = z
  .iso.datetime({ offset: true, error: "must be a date and time with its offset, e.g. 2026-05-01T10:00:00Z" })
  .transform((value) => new Date(value))
  // A year PostgreSQL cannot compare with (0000, or past 9999 once the offset is applied) is the
  // client's mistake, not an outage: 400 here rather than a failed query.
  .refine(isApiInstantInRange, { error: "must be between 1970 and 9999" })
  .optional()
  .meta({
    description: "Only what changed at or after this instant (ISO 8601 with offset): a poller passes the time of its last full read and gets what changed since.",
    override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
      Object.assign(jsonSchema, { type: "string", format: "date-time" });
    },
  });

export const townsQuery = z.strictObject({ oblast, changedSince, limit: limitParameter("towns", DEFAULT_PAGE, MAX_PAGE), cursor }, unknownParameters);

export const routesQuery = z.strictObject(
  {
    town,
    oblast: oblast.meta({ description: "Only the routes out of towns in this oblast (its slug). An unknown oblast is an empty list.", example: "luhansk" }),
    status,
    changedSince: changedSince.meta({
      description:
        "Only the routes whose status was set, confirmed or edited at or after this instant, or whose status turned \"unconfirmed\" since (ISO 8601 with offset).",
    }),
    limit: limitParameter("routes", DEFAULT_PAGE, MAX_PAGE),
    cursor,
  },
  unknownParameters,
);

export const incidentsQuery = z.strictObject(
  {
    town: town.meta({ description: "Only incidents in or near this town (its slug). An unknown town is a 404.", example: "lysychansk" }),
    oblast: oblast.meta({ description: "Only incidents in towns of this oblast (its slug). An unknown oblast is an empty list.", example: "luhansk" }),
    changedSince: changedSince.meta({ description: "Only incidents logged or edited at or after this instant (ISO 8601 with offset)." }),
    limit: limitParameter("incidents, newest first,", DEFAULT_INCIDENTS, MAX_INCIDENTS),
    cursor,
  },
  unknownParameters,
);

export const receptionPointsQuery = z.strictObject(
  {
    town: town.meta({ description: "Only the reception points in this town (its slug). An unknown town is a 404.", example: "zaporizhzhia" }),
    changedSince: changedSince.meta({ description: "Only the reception points changed or confirmed at or after this instant (ISO 8601 with offset)." }),
    limit: limitParameter("reception points", DEFAULT_PAGE, MAX_PAGE),
    cursor,
  },
  unknownParameters,
);

export const transportRunCountsQuery = z.strictObject(
  {
    town: z
      .string({ error: "is required: a town's slug" })
      .max(120, { error: "is longer than any town's slug" })
      .regex(SLUG_PATTERN, { error: "must be a town's slug: lower-case letters, digits and single hyphens, as in /api/v1/towns" })
      .meta({ description: "The town the runs leave from (its slug, as in /api/v1/towns). An unknown town is a 404.", example: "lysychansk" }),
  },
  unknownParameters,
);

export const openApiQuery = z.strictObject({}, unknownParameters);

export type RoutesQuery = z.output<typeof routesQuery>;
export type IncidentsQuery = z.output<typeof incidentsQuery>;
export type TownsQuery = z.output<typeof townsQuery>;
