import { z } from "zod";
import { ROUTE_MODES, ROUTE_STATUSES, SOURCE_KINDS, STATUS_REASON_CODES } from "@/db/schema/enums";
import { DEFAULT_FRESHNESS_WINDOW_HOURS } from "@/lib/freshness";
import {
  joinLocalizedTexts,
  languageFieldNames,
  localizedTextFields,
  oneOf,
  optionalHttpUrl,
  optionalCoordinate,
  optionalKyivDateTime,
  optionalUuid,
  someOf,
  text,
  uuid,
  version,
  wholeNumber,
  whenFieldsValid,
} from "@/lib/forms/zod-fields";
import { parseWaypointLines } from "@/lib/geo/waypoint-lines";
import { ASSEMBLY_POINT_MAX, REASON_MAX, SCHEDULE_MAX, SOURCE_OUTLET_MAX } from "@/lib/forms/limits";
import { hasAnyText } from "@/lib/localized-text";
import { INSTRUCTION_CODES, sortedInstructions, type InstructionCode, type StatusInstruction } from "@/lib/instruction-codes";

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

/** A field a form may leave out (an older page): read as empty. */
const orEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? "", schema);

/** "08:00" on the Kyiv clock, "8:00" padded; empty: none. */
const clockTime = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return null;
    const match = /^(\d{1,2}):(\d{2})$/.exec(value);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
      ctx.addIssue({ code: "custom", message: "clockTimeInvalid" });
      return z.NEVER;
    }
    return `${match[1]!.padStart(2, "0")}:${match[2]}`;
  });

/** The official number to call for transport, as written on a notice; empty: none. */
const callNumber = z
  .string()
  .trim()
  .max(30, { error: "callNumberInvalid" })
  .transform((value, ctx) => {
    if (value === "") return null;
    if (!/^[+]?[0-9][0-9 ()-]{2,24}$/.test(value)) {
      ctx.addIssue({ code: "custom", message: "callNumberInvalid" });
      return z.NEVER;
    }
    return value;
  });

const routeFields = z.object({
  originTownId: uuid,
  destinationTownId: uuid,
  waypoints,
  mode: oneOf(ROUTE_MODES),
  ...localizedTextFields("assemblyPoint", ASSEMBLY_POINT_MAX),
  assemblyPointLat: orEmpty(optionalCoordinate(90, "latitudeRange")),
  assemblyPointLon: orEmpty(optionalCoordinate(180, "longitudeRange")),
  assemblyPointOpens: orEmpty(clockTime),
  assemblyPointCloses: orEmpty(clockTime),
  assemblyPointCall: orEmpty(callNumber),
  ...localizedTextFields("schedule", SCHEDULE_MAX),
  organisationId: optionalUuid,
  freshnessWindowHours: z
    .string()
    .default(String(DEFAULT_FRESHNESS_WINDOW_HOURS))
    .pipe(wholeNumber(1, 168)),
});

const distinctTowns = (v: { originTownId: string; destinationTownId: string }) => v.originTownId !== v.destinationTownId;
const distinctTownsError = () => ({ path: ["destinationTownId"], error: "sameTowns", ...whenFieldsValid("originTownId", "destinationTownId") });

const joinRouteTexts = joinLocalizedTexts("assemblyPoint", "schedule");

type AssemblyPointFields = { assemblyPointLat: number | null; assemblyPointLon: number | null; assemblyPointOpens: string | null; assemblyPointCloses: string | null };
const wholePoint = (v: AssemblyPointFields) => (v.assemblyPointLat === null) === (v.assemblyPointLon === null);
const wholePointError = () => ({ path: ["assemblyPointLon"], error: "pointIncomplete", ...whenFieldsValid("assemblyPointLat", "assemblyPointLon") });
const wholeHours = (v: AssemblyPointFields) => (v.assemblyPointOpens === null) === (v.assemblyPointCloses === null);
const wholeHoursError = () => ({ path: ["assemblyPointCloses"], error: "hoursIncomplete", ...whenFieldsValid("assemblyPointOpens", "assemblyPointCloses") });

export const routeFormSchema = routeFields
  .refine(distinctTowns, distinctTownsError())
  .refine(wholePoint, wholePointError())
  .refine(wholeHours, wholeHoursError())
  .transform(joinRouteTexts);
export const routeEditSchema = routeFields
  .extend({ id: uuid, version })
  .refine(distinctTowns, distinctTownsError())
  .refine(wholePoint, wholePointError())
  .refine(wholeHours, wholeHoursError())
  .transform(joinRouteTexts);

/**
 * "Update status". Unless the route is open, at least one reason from the closed list: every
 * resident reads those in their own language, whatever language the coordinator writes in. The
 * detail in words is optional in each language, except for "other", which says nothing alone.
 */
const statusChoice = {
  status: oneOf(ROUTE_STATUSES),
  reasonCodes: someOf(STATUS_REASON_CODES),
  ...localizedTextFields("reason", REASON_MAX),
  instructionCodes: someOf(INSTRUCTION_CODES),
  assemblyAt: z.preprocess((v) => v ?? "", optionalKyivDateTime()),
  checkpointClosesAt: z.preprocess((v) => v ?? "", optionalKyivDateTime()),
};
type StatusChoice = { status: (typeof ROUTE_STATUSES)[number]; reasonCodes: string[]; reasonUk: string; reasonRu: string; reasonEn: string };
const reasonUnlessOpen: [(v: StatusChoice) => boolean, { path: string[]; error: string }] = [
  (v) => v.status === "open" || v.reasonCodes.length > 0,
  { path: ["reasonCodes"], error: "reasonCodeRequired", ...whenFieldsValid("status", "reasonCodes") },
];
const otherNeedsDetail: [(v: StatusChoice) => boolean, { path: string[]; error: string }] = [
  (v) => !v.reasonCodes.includes("other") || hasAnyText({ uk: v.reasonUk, ru: v.reasonRu, en: v.reasonEn }),
  { path: ["reason"], error: "otherReasonNeedsDetail", ...whenFieldsValid("reasonCodes", ...languageFieldNames("reason")) },
];

/**
 * The instructions chosen from the closed list, each timed one with its time: "go to the assembly
 * point" without a time, or a time without its box ticked, is refused by name rather than guessed.
 */
type InstructionChoice = { instructionCodes: string[]; assemblyAt: Date | null; checkpointClosesAt: Date | null };
const TIME_FIELD = { go_to_assembly_point: "assemblyAt", checkpoint_closes: "checkpointClosesAt" } as const;
const instructionTimes = (v: InstructionChoice, ctx: z.RefinementCtx) => {
  for (const [code, field] of Object.entries(TIME_FIELD)) {
    const ticked = v.instructionCodes.includes(code);
    if (ticked && !v[field]) ctx.addIssue({ code: "custom", path: [field], message: "instructionTimeRequired" });
    if (!ticked && v[field]) ctx.addIssue({ code: "custom", path: [field], message: "instructionTimeWithoutCode" });
  }
};
function joinInstructions<T extends InstructionChoice>({ instructionCodes, assemblyAt, checkpointClosesAt, ...v }: T) {
  const at = { go_to_assembly_point: assemblyAt, checkpoint_closes: checkpointClosesAt } as Partial<Record<InstructionCode, Date | null>>;
  const instructions: StatusInstruction[] = sortedInstructions(
    (instructionCodes as InstructionCode[]).map((code) => (at[code] ? { code, at: at[code]!.toISOString() } : { code })),
  );
  return { ...v, instructions };
}

export const statusUpdateSchema = z
  .object({
    routeId: uuid,
    version,
    ...statusChoice,
    sourceOutlet: text(SOURCE_OUTLET_MAX, { optional: true }).default(""),
    sourceUrl: optionalHttpUrl.default(""),
    sourceKind: oneOf(SOURCE_KINDS).default("other"),
  })
  .refine(...reasonUnlessOpen)
  .refine(...otherNeedsDetail)
  .superRefine(instructionTimes)
  .transform(joinLocalizedTexts("reason"))
  .transform(joinInstructions)
  .transform(({ sourceOutlet, sourceUrl, sourceKind, ...v }) => ({
    ...v,
    source:
      sourceOutlet || sourceUrl
        ? { kind: sourceKind, outlet: sourceOutlet || new URL(sourceUrl).hostname, url: sourceUrl || null }
        : null,
  }));

/** The routes an area form showed, each "routeId:version", so a route changed since is refused. */
const seenRoutes = z
  .array(z.string().regex(/^[0-9a-fA-F-]{36}:[1-9][0-9]{0,9}$/, { error: "invalidChoice" }), { error: "invalidChoice" })
  .min(1, { error: "invalidChoice" })
  .max(500, { error: "invalidChoice" })
  .transform((items) => items.map((item) => ({ routeId: item.slice(0, 36).toLowerCase(), baseVersion: Number(item.slice(37)) })));

/** One status for every route out of a town: the same rules as for one route, no source. */
export const areaStatusSchema = z
  .object({ townId: uuid, seen: seenRoutes, ...statusChoice })
  .refine(...reasonUnlessOpen)
  .refine(...otherNeedsDetail)
  .superRefine(instructionTimes)
  .transform(joinLocalizedTexts("reason"))
  .transform(joinInstructions);

/** "Confirm all unchanged" for a town's routes. */
export const areaConfirmSchema = z.object({ townId: uuid, seen: seenRoutes });

export const statusConfirmSchema = z.object({ routeId: uuid, version });

/** The list's filters, read from the URL; anything unrecognised is ignored rather than an error page. */
export const routeFiltersSchema = z.object({
  origin: z.string().regex(/^[a-z0-9-]{1,80}$/).optional().catch(undefined),
  status: z.enum(ROUTE_STATUSES).optional().catch(undefined),
  stale: z.literal("1").optional().catch(undefined).transform((v) => v === "1"),
  flagged: z.literal("1").optional().catch(undefined).transform((v) => v === "1"),
});
