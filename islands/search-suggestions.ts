import { localizedName } from "@/lib/localized-name";
import { townMatcher, townNames, type SearchableTown } from "@/lib/town-search";

// What the search box suggests as the resident types: the same matcher as the server's results
// (lib/town-search.ts), so a suggestion never names a town the results page would not.

export type Suggestion = { slug: string; name: string; /** The spelling that matched, when it is not the name shown. */ also: string | null };

/** At most this many suggestions: on a 360 px phone more would push the keyboard's row off. */
export const MAX_SUGGESTIONS = 6;

export function suggestionSource(towns: SearchableTown[], locale: string): (query: string) => Suggestion[] {
  const search = townMatcher(towns);
  return (query) => {
    const typed = query.trim().toLocaleLowerCase();
    return search(query, MAX_SUGGESTIONS).map(({ town }) => {
      const name = localizedName(town, locale);
      const also = townNames(town).find((n) => n !== name && n.toLocaleLowerCase().startsWith(typed)) ?? null;
      return { slug: town.slug, name, also: typed.length > 0 ? also : null };
    });
  };
}

/** The towns block the page carries (`<script type="application/json">`), checked: bad data suggests nothing. */
export function parseTowns(text: string | null | undefined): SearchableTown[] {
  if (!text) return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const str = (v: unknown): v is string => typeof v === "string";
  return data.filter(
    (t): t is SearchableTown =>
      typeof t === "object" && t !== null && str(t.slug) && str(t.nameUk) && str(t.nameRu) && str(t.nameEn) && Array.isArray(t.aliases) && t.aliases.every(str),
  );
}
