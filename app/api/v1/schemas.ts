import { z } from "zod";
import { PUBLIC_ROUTE_STATUSES } from "@/db/public/api-schemas";
import { SLUG_PATTERN } from "@/lib/slug";

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

export const townsQuery = z.strictObject({}, unknownParameters);

export const routesQuery = z.strictObject({ town, status }, unknownParameters);

export const incidentsQuery = z.strictObject(
  {
    town: town.meta({ description: "Only incidents in or near this town (its slug). An unknown town is a 404.", example: "lysychansk" }),
    limit: z
      .string()
      .regex(/^[0-9]{1,6}$/, { error: `must be a whole number from 1 to ${MAX_INCIDENTS}` })
      .transform(Number)
      .pipe(z.int().min(1, { error: `must be a whole number from 1 to ${MAX_INCIDENTS}` }).max(MAX_INCIDENTS, { error: `must be a whole number from 1 to ${MAX_INCIDENTS}` }))
      .optional()
      .meta({
        description: `At most this many incidents, newest first (default ${DEFAULT_INCIDENTS}).`,
        // Described as the integer it is, not the digits the handler checks it is written with, so a
        // generated client takes \`limit: 100\` (a query string is text either way).
        override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
          for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
          Object.assign(jsonSchema, {
            type: "integer",
            minimum: 1,
            maximum: MAX_INCIDENTS,
            default: DEFAULT_INCIDENTS,
            description: `At most this many incidents, newest first (default ${DEFAULT_INCIDENTS}).`,
            example: 100,
          });
        },
      }),
  },
  unknownParameters,
);

export const openApiQuery = z.strictObject({}, unknownParameters);

export type RoutesQuery = z.output<typeof routesQuery>;
export type IncidentsQuery = z.output<typeof incidentsQuery>;
