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
  const page = sharedPageOf(url, answer);
  return page && sharedCacheControl({ now, freshUntil: answer.freshUntil, nextChange: page.nextChange });
}

/**
 * Whether an answer is a residents' page, and its next change, worked out on its first request
 * and kept with it: every cache hit then skips the path test and the date parse. An answer is
 * stored under one address only, so its first request's path is every request's.
 */
const sharedPages = new WeakMap<CachedAnswer, { nextChange: number | null } | null>();
function sharedPageOf(url: string | undefined, answer: CachedAnswer): { nextChange: number | null } | null {
  let page = sharedPages.get(answer);
  if (page === undefined) {
    page = isPublicPagePath((url ?? "/").split("?", 1)[0]!) ? { nextChange: nextChangeOf(answer.headers) } : null;
    sharedPages.set(answer, page);
  }
  return page;
}
