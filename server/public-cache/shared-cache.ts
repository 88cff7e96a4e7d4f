import { maxAgeBefore } from "@/lib/next-change";
import { PUBLIC_MAX_AGE_SECONDS } from "../http/public-response";
import { sharedCacheControl } from "./policy";
import type { CachedAnswer } from "./response-cache";

/**
 * The Cache-Control of a public answer sent from a fresh shared copy (HIT, MISS), or null to keep
 * what Next or the route handler said (`private, no-store` for a page rendered for one request or
 * a stale copy, which carries its notice and must not be kept by anyone; the fixed max-age of an
 * answer that never changes by the clock alone). Vary (Next's values plus Accept-Encoding) is
 * prepared with the answer's other headers (response-cache.ts preparedHeaders).
 * - A residents' page: any HTTP cache may keep it for what is left of its freshness (policy.ts
 *   sharedCacheControl).
 * - The API, GeoJSON, feeds and lite pages with a next change: their max-age, shrunk with the
 *   copy's age so that no cache keeps it past that instant.
 */
export function sharedCacheControlOf(answer: CachedAnswer, outcome: string, now = Date.now()): string | null {
  if ((outcome !== "HIT" && outcome !== "MISS") || answer.status !== 200) return null;
  if (answer.residentPage) return sharedCacheControl({ now, freshUntil: answer.freshUntil, nextChange: answer.nextChange });
  if (answer.nextChange === null) return null;
  return `public, max-age=${maxAgeBefore(now, answer.nextChange, PUBLIC_MAX_AGE_SECONDS)}`;
}
