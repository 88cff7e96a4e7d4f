import { z } from "zod";
import { incidentFiltersSchema } from "./incident-filters";

/**
 * The town whose routes a form offers, from the page's address: its slug (a chosen town) and the
 * name typed (`townName`), read like the incident lists' town filter. Anything else is ignored.
 */
export const routeTownQuerySchema = z.object({
  town: incidentFiltersSchema.shape.town,
  townName: incidentFiltersSchema.shape.townName,
});

export type RouteTownQuery = z.output<typeof routeTownQuerySchema>;

/** The address that lists `town`'s routes on the form at `basePath`. */
export function routeTownHref(basePath: string, town: { slug: string; name: string }): string {
  return `${basePath}?${new URLSearchParams({ town: town.slug, townName: town.name })}`;
}
