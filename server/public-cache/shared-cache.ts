import { nextChangeOf } from "../security/public-csp";
import { isPublicPagePath, sharedCacheControl } from "./policy";
import type { CachedAnswer } from "./response-cache";

/**
 * The Cache-Control of a residents' page answered from a fresh shared copy (HIT, MISS): any HTTP
 * cache may keep it for what is left of its freshness (policy.ts sharedCacheControl). Null for
 * everything else, which keeps what Next or the route handler said (the API's and feeds' own
 * max-age, and `private, no-store` for a page rendered for one request or a stale copy, which
 * carries its notice and must not be kept by anyone). Vary (Next's values plus Accept-Encoding)
 * is prepared with the answer's other headers (response-cache.ts preparedHeaders).
 */
export function sharedCacheControlOf(url: string | undefined, answer: CachedAnswer, outcome: string, now = Date.now()): string | null {
  if ((outcome !== "HIT" && outcome !== "MISS") || answer.status !== 200) return null;
  const pathname = (url ?? "/").split("?", 1)[0]!;
  if (!isPublicPagePath(pathname)) return null;
  return sharedCacheControl({ now, freshUntil: answer.freshUntil, nextChange: nextChangeOf(answer.headers) });
}
