import { z } from "zod";
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

/**
 * Free text typed into a list's search box, read from the URL: trimmed, at most `max` characters,
 * blank meaning no filter. Control characters are dropped: PostgreSQL refuses a NUL in text, and
 * none of them can be part of what anyone meant to search for.
 */
export function searchText(max: number) {
  return z
    .string()
    .transform((v) => v.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, max))
    .transform((v) => v || undefined)
    .optional()
    .catch(undefined);
}
