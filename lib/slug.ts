import slugify from "@sindresorhus/slugify";

/** The shape every public slug has (also a CHECK constraint in the database). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 80;
/**
 * A route's slug is its two towns' slugs joined by a hyphen, with "-2", "-3"… when more routes
 * join the same towns (db/queries/routes.ts): the longest its address can hold.
 */
export const ROUTE_SLUG_MAX_LENGTH = 2 * SLUG_MAX_LENGTH + 1 + "-99999".length;

/** An ASCII URL slug from a name in any script ("Сєвєродонецьк" → "sievierodonetsk"-like). */
export function slugFrom(name: string): string {
  return slugify(name, { customReplacements: [["'", ""], ["’", ""]] }).slice(0, SLUG_MAX_LENGTH).replace(/-+$/, "");
}
