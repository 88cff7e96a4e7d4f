import type http from "node:http";
import { nextChangeOf } from "../security/public-csp";
import { isPublicPagePath, sharedCacheControl } from "./policy";
import type { CachedAnswer } from "./response-cache";

/**
 * The caching headers of an answer the response cache sends. A residents' page answered from a
 * fresh shared copy (HIT, MISS) may be kept by any HTTP cache for what is left of its freshness
 * (policy.ts sharedCacheControl); everything else keeps what Next or the route handler said (the
 * API's and feeds' own max-age, and `private, no-store` for a page rendered for one request or a
 * stale copy, which carries its notice and must not be kept by anyone). Vary keeps Next's values
 * (an RSC payload shares the page's URL) and adds Accept-Encoding when a gzip copy exists.
 */
export function setSharedCacheHeaders(req: http.IncomingMessage, res: http.ServerResponse, answer: CachedAnswer, outcome: string, now = Date.now()): void {
  const vary = new Map<string, string>();
  for (const value of [answer.headers["vary"] ?? []].flat().flatMap((v) => v.split(","))) if (value.trim()) vary.set(value.trim().toLowerCase(), value.trim());
  if (answer.gzip) vary.set("accept-encoding", "Accept-Encoding");
  if (vary.size > 0) res.setHeader("vary", [...vary.values()].join(", "));
  const pathname = new URL(req.url ?? "/", "http://x").pathname;
  if ((outcome === "HIT" || outcome === "MISS") && answer.status === 200 && isPublicPagePath(pathname)) {
    res.setHeader("cache-control", sharedCacheControl({ now, freshUntil: answer.freshUntil, nextChange: nextChangeOf(answer.headers) }));
  }
}
