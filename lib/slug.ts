import slugify from "@sindresorhus/slugify";

/** The shape every public slug has (also a CHECK constraint in the database). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 80;

/** An ASCII URL slug from a name in any script ("Сєвєродонецьк" → "sievierodonetsk"-like). */
export function slugFrom(name: string): string {
  return slugify(name, { customReplacements: [["'", ""], ["’", ""]] }).slice(0, SLUG_MAX_LENGTH).replace(/-+$/, "");
}
