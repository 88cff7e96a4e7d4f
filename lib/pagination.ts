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
