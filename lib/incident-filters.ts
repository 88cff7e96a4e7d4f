import { z } from "zod";
import { INCIDENT_CATEGORIES, SOURCE_KINDS, VERIFICATION_STATES } from "@/db/schema/enum-values";
import { placeDayStart } from "./local-time";

/** An incident list's filters, read from the URL; anything unrecognised is ignored. Dates are Kyiv days. */
export const incidentFiltersSchema = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .transform((v) => v || undefined)
    .optional()
    .catch(undefined),
  town: z.string().regex(/^[a-z0-9-]{1,80}$/).optional().catch(undefined),
  route: z.string().regex(/^[a-z0-9-]{1,120}$/).optional().catch(undefined),
  category: z.enum(INCIDENT_CATEGORIES).optional().catch(undefined),
  verification: z.enum(VERIFICATION_STATES).optional().catch(undefined),
  sourceKind: z.enum(SOURCE_KINDS).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export type IncidentFilterParams = z.output<typeof incidentFiltersSchema>;

/** The filters as the query wants them: Kyiv days turned into instants, "to" inclusive of its whole day. */
export function incidentQueryFilters(filters: IncidentFilterParams) {
  const { page: _page, from, to, ...rest } = filters;
  const dayAfter = to ? placeDayStart(to, 1) : null;
  return {
    ...rest,
    from: (from && placeDayStart(from)) || undefined,
    to: dayAfter ? new Date(dayAfter.getTime() - 1) : undefined,
  };
}

/** The list's address with these filters on the given page (page 1 is left out). */
export function incidentListHref(basePath: string, filters: IncidentFilterParams, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, page: page > 1 ? String(page) : undefined })) if (v) q.set(k, String(v));
  const s = q.toString();
  return s ? `${basePath}?${s}` : basePath;
}
