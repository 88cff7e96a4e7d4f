import { placeDayStart } from "./local-time";

/**
 * URL filters as a query wants them: Kyiv days ("from", "to") turned into instants, "to"
 * inclusive of its whole day, and the page number left out.
 */
export function withKyivDayRange<F extends { from?: string; to?: string; page?: number }>(filters: F) {
  const { page: _page, from, to, ...rest } = filters;
  const dayAfter = to ? placeDayStart(to, 1) : null;
  return {
    ...rest,
    from: (from && placeDayStart(from)) || undefined,
    to: dayAfter ? new Date(dayAfter.getTime() - 1) : undefined,
  };
}

/** A filtered list's address with these filters on the given page (page 1 is left out). */
export function listHref(basePath: string, filters: Record<string, string | number | undefined>, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, page: page > 1 ? String(page) : undefined })) if (v) q.set(k, String(v));
  const s = q.toString();
  return s ? `${basePath}?${s}` : basePath;
}
