// Which requests the public response cache may answer, and for how long an answer stays fresh.
// Only what is the same for everyone (lib/addresses.ts, `shared`): residents' pages, lite pages,
// the public API and feeds. The unprefixed /lite pages are not among them: they choose their
// language from Accept-Language.
import { addressOf } from "@/lib/addresses";
import { secondsBeforeChange } from "@/lib/next-change";

/** An answer is fresh this long, unless the public data changes first (then at once). */
export const FRESH_MS = 10_000;
/**
 * Rendered just after the data changed: the change's transaction may not have been visible yet
 * (the version moves at the write, before the commit), so such an answer is kept only briefly.
 */
export const SETTLING_MS = 2_000;
export const SETTLING_FRESH_MS = 1_000;
/** During a database outage an answer this old is still served, marked with its time. */
export const STALE_IF_ERROR_MS = 24 * 60 * 60 * 1000;
/** How often an instance asks the database whether the public data changed. */
export const VERSION_CHECK_MS = 1_000;

type RequestFacts = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };

/** The cache key for a request it may answer, or null: not public, or a client-side navigation. */
export function publicCacheKey(request: RequestFacts): string | null {
  // A HEAD shares its GET's copy: the cache renders it as that GET (server.ts render), so the copy
  // it leaves is the full answer.
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const url = new URL(request.url ?? "/", "http://cache.invalid");
  if (!addressOf(url.pathname).shared) return null;
  // React Server Component payloads for client navigations share the URL; they are not cached.
  if (request.headers["rsc"] || request.headers["next-router-state-tree"] || request.headers["next-router-prefetch"] || url.searchParams.has("_rsc")) return null;
  url.searchParams.sort();
  // Answers over HTTPS carry HSTS; over plain HTTP they must not: one entry for each. And one per
  // Host: feeds and alternates link with the request's host, so a request with a forged Host
  // header must not leave its links in the answer everyone else gets.
  const proto = String(request.headers["x-forwarded-proto"] ?? "").split(",")[0]!.trim() === "https" ? "https" : "http";
  // Both headers: whichever of them the app builds its links from, it is part of the key.
  const hostOf = (value: string | string[] | undefined) => String(value ?? "").trim().toLowerCase().slice(0, 255);
  return `${proto}://${hostOf(request.headers.host)}|${hostOf(request.headers["x-forwarded-host"])}${url.pathname}${url.search}`;
}

/**
 * How long an answer rendered now stays fresh, given when the data last changed and the page's
 * next time-based change (a status passing its freshness window, a corridor window opening or
 * closing, a notice starting or ending): an answer never outlives what the clock alone changes.
 */
export function freshFor(now: number, versionSeenAt: number, nextChange: number | null = null): number {
  const fresh = now - versionSeenAt < SETTLING_MS ? SETTLING_FRESH_MS : FRESH_MS;
  return nextChange === null ? fresh : Math.max(0, Math.min(fresh, nextChange - now));
}

/** Longest a shared cache may keep serving a page while the app cannot be reached (RFC 5861 stale-if-error). */
export const SHARED_STALE_IF_ERROR_S = 30;

/**
 * Cache-Control of a residents' page, for browsers, CDNs and reverse proxies (docs/public-cache.md
 * and docs/nginx.md). All in whole seconds, rounded down:
 * - max-age R: what is left of this instance's copy (so the copy's age in the app plus in a shared
 *   cache never exceeds FRESH_MS), and never past the page's next time-based change.
 * - stale-while-revalidate S ≤ R, and ending before the next change: a cache may hand out the
 *   expired copy while it fetches a new one, but never once the clock alone has changed the page.
 * - stale-if-error E: at most SHARED_STALE_IF_ERROR_S, and also ending before the next change: a
 *   copy served because the app is unreachable carries no "could not be refreshed" notice, so it
 *   must not outlive a status's freshness window or a corridor window either.
 * So an RFC 5861 cache that receives the answer at `now` serves it until now + R + max(S, E) at
 * the latest, and one that counts in whole seconds (nginx) until up to a second later; the time
 * to the next change is counted one second short (lib/next-change.ts secondsBeforeChange), so
 * neither serves it after `nextChange`: an "open" past its window is never served fresh.
 */
export function sharedCacheControl({ now, freshUntil, nextChange }: { now: number; freshUntil: number; nextChange: number | null }): string {
  const toChange = secondsBeforeChange(now, nextChange);
  const maxAge = Math.min(Math.max(0, Math.floor((freshUntil - now) / 1000)), FRESH_MS / 1000, toChange);
  const revalidate = Math.max(0, Math.min(maxAge, toChange - maxAge));
  const ifError = Math.max(0, Math.min(SHARED_STALE_IF_ERROR_S, toChange - maxAge));
  return `public, max-age=${maxAge}, stale-while-revalidate=${revalidate}, stale-if-error=${ifError}`;
}
