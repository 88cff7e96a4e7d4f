import { z } from "zod";
import { INCIDENT_CATEGORIES, VERIFICATION_STATES } from "@/lib/enum-values";
import { EXPORT_SCOPES } from "@/lib/hxl/scope";
import { placeDayStart } from "@/lib/local-time";

// Query parameters of the exports. A bad value is refused (400 with what is wrong) rather than
// ignored: an admin who typed "scope=intrenal" must not receive a different file than they think.
// An empty value (a blank select in the page's form) means "not given".

const blank = (v: unknown) => (v === "" ? undefined : v);

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blank, z.enum(values, { error: `must be one of: ${values.join(", ")}` }).optional());

/** A day in Kyiv, "2022-04-18". */
const kyivDay = z.preprocess(
  blank,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written YYYY-MM-DD", abort: true })
    .refine((d) => placeDayStart(d) !== null, { error: "is not a date in the calendar" })
    .optional(),
);

const scope = z.preprocess(blank, z.enum(EXPORT_SCOPES, { error: `must be one of: ${EXPORT_SCOPES.join(", ")}` }).default("partner"));

const dateRange = { from: kyivDay, to: kyivDay };

const fromNotAfterTo = (q: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "is before from" });
};

export const incidentExportQuery = z
  .strictObject(
    { scope, ...dateRange, category: choice(INCIDENT_CATEGORIES), verification: choice(VERIFICATION_STATES) },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown parameter: ${issue.keys.join(", ")}` : undefined) },
  )
  .superRefine((q, ctx) => {
    fromNotAfterTo(q, ctx);
    if (q.scope === "partner" && q.verification === "false") {
      ctx.addIssue({ code: "custom", path: ["verification"], message: "false is never in the partner scope; use scope=internal" });
    }
  });

export const routeExportQuery = z
  .strictObject(
    { scope, ...dateRange },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown parameter: ${issue.keys.join(", ")}` : undefined) },
  )
  .superRefine(fromNotAfterTo);

export type IncidentExportQuery = z.output<typeof incidentExportQuery>;
export type RouteExportQuery = z.output<typeof routeExportQuery>;

/** Kyiv days as the half-open instant range the queries take: [from's midnight, midnight after to). */
export function dayRange(q: { from?: string; to?: string }): { from?: Date; before?: Date } {
  return {
    from: (q.from && placeDayStart(q.from)) || undefined,
    before: (q.to && placeDayStart(q.to, 1)) || undefined,
  };
}

/**
 * The search parameters as an object for the schema, or a message: a parameter given twice is
 * refused, since which of the two would count is not something to guess about.
 */
export function searchObject(url: URL): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const value: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) {
    if (url.searchParams.getAll(key).length > 1) return { ok: false, message: `${key}: given more than once` };
    value[key] = url.searchParams.get(key)!;
  }
  return { ok: true, value };
}

/** "scope: must be one of: partner, internal" */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}
