import { secondsBeforeChange } from "@/lib/next-change";
import { FRESH_MS, sharedCacheControl } from "./policy";
import type { CachedAnswer } from "./response-cache";

/**
 * The Cache-Control of a public answer sent from a fresh shared copy (HIT, MISS), or null to keep
 * what Next or the route handler said (`private, no-store` for a page rendered for one request or
 * a stale copy, which carries its notice and must not be kept by anyone). Vary (Next's values
 * plus Accept-Encoding) is prepared with the answer's other headers (response-cache.ts
 * preparedHeaders).
 * - A residents' page: any HTTP cache may keep it for what is left of its freshness (policy.ts
 *   sharedCacheControl).
 * - The API, GeoJSON, feeds and lite pages: the same max-age (what is left of this copy's
 *   freshness, at most FRESH_MS, never past the next change), and nothing stale: so a copy in any
 *   cache is never older than FRESH_MS counted from its render, the bound the docs state for a
 *   write to reach a reader (docs/public-answers.md), and never outlives what it says.
 */
export function sharedCacheControlOf(answer: CachedAnswer, outcome: string, now = Date.now()): string | null {
  if ((outcome !== "HIT" && outcome !== "MISS") || answer.status !== 200) return null;
  if (answer.residentPage) return sharedCacheControl({ now, freshUntil: answer.freshUntil, nextChange: answer.nextChange });
  const copyLeft = Math.max(0, Math.floor((answer.freshUntil - now) / 1000));
  return `public, max-age=${Math.min(FRESH_MS / 1000, copyLeft, secondsBeforeChange(now, answer.nextChange))}`;
}

/**
 * Whether a 304 may answer a shared cache's revalidation under this Cache-Control. Not when it
 * gives max-age=0 (the copy must not be used any more: its next change is less than the
 * whole-second margin away): nginx, given a 304 without a lifetime it can store, parses the
 * stored answer's own headers again and keeps the copy for that answer's old max-age counted from
 * now, so an "open" it held was served up to a second or two past its window. The full answer,
 * which no cache stores at max-age=0, leaves the old copy expired.
 */
export function mayConfirmCopy(cacheControl: string | null): boolean {
  return cacheControl === null || !/(?:^|[\s,])max-age=0(?:\s*,|\s*$)/.test(cacheControl);
}
