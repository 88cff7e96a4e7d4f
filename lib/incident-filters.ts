import { z } from "zod";
import { INCIDENT_CATEGORIES, SOURCE_KINDS, VERIFICATION_STATES } from "@/lib/enum-values";
import { searchText, withKyivDayRange } from "./list-filters";

/** An incident list's filters, read from the URL; anything unrecognised is ignored. Dates are Kyiv days. */
export const incidentFiltersSchema = z.object({
  q: searchText(200),
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

export const incidentQueryFilters = (filters: IncidentFilterParams) => withKyivDayRange(filters);
