// Organisations are free text on accounts and routes today. Everything that asks "is this the
// coordinator's organisation?" asks here, so that when organisations become records of their own
// the comparison changes in this one place.

/** Free-text organisation names compared as people type them: trimmed, spaces collapsed, any case. */
export function sameOrganisation(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLocaleLowerCase("en");
  return norm(a) !== "" && norm(a) === norm(b);
}

/** The origin towns (slugs) of the routes run by the organisation, in the routes' order. */
export function organisationTownSlugs(routes: Array<{ organisation: string; origin: { slug: string } }>, organisation: string): string[] {
  return [...new Set(routes.filter((r) => sameOrganisation(r.organisation, organisation)).map((r) => r.origin.slug))];
}

export type DashboardTownFilter =
  /** The organisation's towns (the default when it runs any route). */
  | { kind: "own"; slugs: string[] }
  /** One town, chosen in the URL (`?town=lysychansk`). */
  | { kind: "town"; slugs: [string] }
  /** Every town: asked for (`?town=all`), or the organisation runs no route yet. */
  | { kind: "all" };

/** Which towns the dashboard shows, from the URL's `town` and the organisation's towns. */
export function dashboardTownFilter(town: string | undefined, ownTowns: string[]): DashboardTownFilter {
  if (town === "all") return { kind: "all" };
  if (town) return { kind: "town", slugs: [town] };
  return ownTowns.length > 0 ? { kind: "own", slugs: ownTowns } : { kind: "all" };
}
