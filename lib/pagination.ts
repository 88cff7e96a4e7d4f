/**
 * Loads the requested page; a page past the end (an old link, a typed URL) loads the last page
 * instead of showing an empty list. Returns the page number actually shown.
 */
export async function loadPageWithin<P extends { total: number; pageSize: number }>(
  requested: number,
  load: (page: number) => Promise<P>,
): Promise<{ list: P; page: number }> {
  const first = await load(requested);
  const last = pageCount(first);
  if (requested <= last) return { list: first, page: requested };
  return { list: await load(last), page: last };
}

/** How many pages a list of `total` rows takes; an empty list still has its one (empty) page. */
export function pageCount(list: { total: number; pageSize: number }): number {
  return Math.max(1, Math.ceil(list.total / list.pageSize));
}

/** A row limit a query can take: a whole number from 0 to `max`; anything else (NaN, negative) is `fallback`. */
export function boundedLimit(requested: number | undefined, fallback: number, max: number): number {
  if (requested === undefined || !Number.isFinite(requested) || requested < 0) return fallback;
  return Math.min(Math.trunc(requested), max);
}
