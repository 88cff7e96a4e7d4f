import { z } from "zod";
import { ROUTE_MODES, ROUTE_STATUSES, SOURCE_KINDS } from "@/db/schema/enums";
import { DEFAULT_FRESHNESS_WINDOW_HOURS } from "@/lib/freshness";
import { oneOf, optionalHttpUrl, text, uuid, version, wholeNumber, whenFieldsValid } from "@/lib/forms/zod-fields";
import { parseWaypointLines } from "@/lib/geo/waypoint-lines";
import { REASON_MAX } from "@/lib/forms/limits";

export const WAYPOINTS_MAX = 500;

/** The "lat, lon" lines of the waypoints field, as GeoJSON [lon, lat] points. */
const waypoints = z
  .string({ error: "required" })
  .max(40_000, { error: "tooLong" })
  .transform((value, ctx) => {
    const parsed = parseWaypointLines(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: `waypoint_${parsed.problem}`, params: { line: parsed.line } });
      return z.NEVER;
    }
    if (parsed.points.length < 2) {
      ctx.addIssue({ code: "custom", message: "tooFewPoints" });
      return z.NEVER;
    }
    if (parsed.points.length > WAYPOINTS_MAX) {
      ctx.addIssue({ code: "custom", message: "tooManyPoints", params: { max: WAYPOINTS_MAX } });
      return z.NEVER;
    }
    return parsed.points;
  });

const routeFields = z.object({
  originTownId: uuid,
  destinationTownId: uuid,
  waypoints,
  mode: oneOf(ROUTE_MODES),
  assemblyPoint: text(500, { optional: true }),
  schedule: text(500, { optional: true }),
  organisation: text(200, { optional: true }),
  freshnessWindowHours: z
    .string()
    .default(String(DEFAULT_FRESHNESS_WINDOW_HOURS))
    .pipe(wholeNumber(1, 168)),
});

const distinctTowns = (v: { originTownId: string; destinationTownId: string }) => v.originTownId !== v.destinationTownId;
const distinctTownsError = () => ({ path: ["destinationTownId"], error: "sameTowns", ...whenFieldsValid("originTownId", "destinationTownId") });

export const routeFormSchema = routeFields.refine(distinctTowns, distinctTownsError());
export const routeEditSchema = routeFields.extend({ id: uuid, version }).refine(distinctTowns, distinctTownsError());

/** "Update status": a reason is required unless the route is open (people need to know why not). */
export const statusUpdateSchema = z
  .object({
    routeId: uuid,
    version,
    status: oneOf(ROUTE_STATUSES),
    reason: text(REASON_MAX, { optional: true }),
    sourceOutlet: text(200, { optional: true }).default(""),
    sourceUrl: optionalHttpUrl.default(""),
    sourceKind: oneOf(SOURCE_KINDS).default("other"),
  })
  .refine((v) => v.status === "open" || v.reason !== "", { path: ["reason"], error: "reasonRequired", ...whenFieldsValid("status", "reason") })
  .transform(({ sourceOutlet, sourceUrl, sourceKind, ...v }) => ({
    ...v,
    source:
      sourceOutlet || sourceUrl
        ? { kind: sourceKind, outlet: sourceOutlet || new URL(sourceUrl).hostname, url: sourceUrl || null }
        : null,
  }));

export const statusConfirmSchema = z.object({ routeId: uuid, version });

/** The list's filters, read from the URL; anything unrecognised is ignored rather than an error page. */
export const routeFiltersSchema = z.object({
  origin: z.string().regex(/^[a-z0-9-]{1,80}$/).optional().catch(undefined),
  status: z.enum(ROUTE_STATUSES).optional().catch(undefined),
  stale: z.literal("1").optional().catch(undefined).transform((v) => v === "1"),
  flagged: z.literal("1").optional().catch(undefined).transform((v) => v === "1"),
});
