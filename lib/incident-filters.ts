import { z } from "zod";
import { INCIDENT_CATEGORIES, SOURCE_KINDS, VERIFICATION_STATES } from "@/lib/enum-values";
import { searchText, withKyivDayRange } from "./list-filters";
import { MAX_QUERY_LENGTH, type SearchableTown, type TownFilter } from "./town-search";

/** An incident list's filters, read from the URL; anything unrecognised is ignored. Dates are Kyiv days. */
export const incidentFiltersSchema = z.object({
  q: searchText(200),
  town: z.string().regex(/^[a-z0-9-]{1,80}$/).optional().catch(undefined),
  // The town's name as typed in the filter form; "" (the field cleared) differs from absent (a link with a slug alone).
  townName: z
    .string()
    .transform((v) => v.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, MAX_QUERY_LENGTH))
    .optional()
    .catch(undefined),
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

/**
 * The filters as the list reads them and its links carry, once the town field is resolved: the
 * town's slug with its name as shown, or no town (the name typed stays in the field, with the
 * choices or the "no town matches" message beside it).
 */
export function withTownFilter(filters: IncidentFilterParams, resolved: TownFilter<SearchableTown>, shownName: (town: SearchableTown) => string): IncidentFilterParams {
  if (resolved.town) return { ...filters, town: resolved.town.slug, townName: shownName(resolved.town) };
  // A slug no town has still filters (to nothing), as an address with a wrong slug always did.
  return { ...filters, town: filters.townName === undefined ? filters.town : undefined };
}
