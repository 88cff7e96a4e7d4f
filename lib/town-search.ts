import Fuse from "fuse.js";
import { latinSkeleton } from "./latin-skeleton";
import type { LocalizedName } from "./localized-name";

// Residents type their town the way they know it: Ukrainian or Russian Cyrillic, an official
// romanisation (Sievierodonetsk), an older one (Severodonetsk, Lugansk, Gorskoye) or a German one
// (Sjewjerodonezk), often with a typo on a phone keyboard. Every name and the query are folded to
// one Latin "skeleton" that erases the usual differences between those spellings, and the small
// remaining differences (and typos) are left to a fuzzy match.

export type SearchableTown = LocalizedName & { slug: string; aliases: string[] };

export type TownMatch<T extends SearchableTown = SearchableTown> = { town: T; score: number };

/** Longest query considered: the longest town name is well under this. */
export const MAX_QUERY_LENGTH = 60;

/** The folded form of a name or a query: Latin letters only, the usual spelling variants merged. */
export const townSearchKey = latinSkeleton;

/** All the names a town is known by, in every script. */
export function townNames(town: SearchableTown): string[] {
  return [...new Set([town.nameUk, town.nameRu, town.nameEn, ...town.aliases].filter((n) => n.trim() !== ""))];
}

/**
 * A matcher over a list of towns: `search("Северодонецк")` returns the towns that name could mean,
 * best first. Build it once per list.
 */
export function townMatcher<T extends SearchableTown>(towns: T[]) {
  const entries = towns.map((town) => ({ town, keys: [...new Set(townNames(town).map(townSearchKey).filter(Boolean))] }));
  const fuse = new Fuse(entries, {
    keys: ["keys"],
    includeScore: true,
    // 0 is an exact match, 1 anything. 0.34 lets one or two typos through in a town name without
    // matching unrelated towns.
    threshold: 0.34,
    ignoreLocation: true,
    minMatchCharLength: 2,
  });
  return function search(query: string, limit = 10): TownMatch<T>[] {
    const key = townSearchKey(query.slice(0, MAX_QUERY_LENGTH));
    if (key.length < 2) return [];
    // A name that is, or starts with, what was typed wins outright: the fuzzy guesses below only
    // help when nothing matches, and then only a near-identical spelling may send a resident on.
    const exact = entries.filter((e) => e.keys.some((k) => k === key || k.startsWith(key)));
    if (exact.length > 0) return exact.slice(0, limit).map((e) => ({ town: e.town, score: 0 }));
    const allowed = key.length <= 4 ? 0 : key.length <= 7 ? 1 : 2;
    return fuse
      .search(key)
      .filter((r) => Math.min(...r.item.keys.map((k) => editDistance(k, key))) <= allowed)
      .slice(0, limit)
      .map((r) => ({ town: r.item.town, score: r.score ?? 1 }));
  };
}

/** Levenshtein distance: how many letters to add, drop or change to turn one key into the other. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** What a typed town name comes to: one town, a few it may mean, or none. */
export type TownPick<T extends SearchableTown> = { kind: "one"; town: T } | { kind: "several"; towns: T[] } | { kind: "none" };

/**
 * The town a resident typed on a form, by the same search as the town search: the only match, or
 * the only town with exactly that name; several when the name is shared (two villages called
 * Mykolaivka) or only begun, for the resident to choose among, never a guess.
 */
export function pickTown<T extends SearchableTown>(towns: T[], query: string, limit = 8): TownPick<T> {
  const matches = townMatcher(towns)(query, limit + 1).map((m) => m.town);
  if (matches.length === 0) return { kind: "none" };
  if (matches.length === 1) return { kind: "one", town: matches[0]! };
  const key = townSearchKey(query.slice(0, MAX_QUERY_LENGTH));
  const exact = matches.filter((town) => townNames(town).some((name) => townSearchKey(name) === key));
  if (exact.length === 1) return { kind: "one", town: exact[0]! };
  return { kind: "several", towns: (exact.length > 1 ? exact : matches).slice(0, limit) };
}

export type TownFilter<T extends SearchableTown> = {
  /** The town the list is filtered by, when one is known. */
  town: T | null;
  /** Towns a typed name could mean, to choose among (bounded): none is guessed. */
  choices: T[];
  /** A typed name no town matches: said on the page, never silently dropped. */
  unmatched: string | null;
};

/**
 * A staff list's town filter, with a name field instead of a list of every town. `slug` comes from
 * a link or the form's hidden field, `name` from the text field: absent means the address carries
 * only a slug (a link from elsewhere), empty means the field was cleared. A slug is kept while the
 * field still holds one of its town's names, so a name two towns share stays the chosen one; a
 * changed name is searched like a resident's.
 */
export function townFilter<T extends SearchableTown>(towns: T[], slug: string | undefined, name: string | undefined, limit = 8): TownFilter<T> {
  const bySlug = slug ? (towns.find((t) => t.slug === slug) ?? null) : null;
  if (name === undefined) return { town: bySlug, choices: [], unmatched: null };
  if (name === "") return { town: null, choices: [], unmatched: null };
  const key = townSearchKey(name.slice(0, MAX_QUERY_LENGTH));
  if (bySlug && townNames(bySlug).some((n) => townSearchKey(n) === key)) return { town: bySlug, choices: [], unmatched: null };
  const pick = pickTown(towns, name, limit);
  if (pick.kind === "one") return { town: pick.town, choices: [], unmatched: null };
  if (pick.kind === "several") return { town: null, choices: pick.towns, unmatched: null };
  return { town: null, choices: [], unmatched: name };
}
