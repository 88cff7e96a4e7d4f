// Which requests the public response cache may answer, and for how long an answer stays fresh.
// Only what is the same for everyone: residents' pages, lite pages, the public API and feeds.
// The unprefixed /lite pages are not among them: they choose their language from Accept-Language.

const PUBLIC_PATHS = [
  /^\/(uk|ru|en)\/?$/,
  /^\/(uk|ru|en)\/(towns|routes)\/[a-z0-9-]{1,120}\/?$/,
  /^\/(uk|ru|en)\/lite(\/towns\/[a-z0-9-]{1,120})?\/?$/,
  /^\/api\/v1\/(towns|routes|routes\.geojson|incidents\.geojson|openapi\.json)$/,
  /^\/feeds\/(status\.atom|cap\.atom|cap\/[0-9a-f-]{36}\.xml)$/,
];

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
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const url = new URL(request.url ?? "/", "http://cache.invalid");
  if (!PUBLIC_PATHS.some((pattern) => pattern.test(url.pathname))) return null;
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

/** How long an answer rendered now stays fresh, given when the data last changed. */
export function freshFor(now: number, versionSeenAt: number): number {
  return now - versionSeenAt < SETTLING_MS ? SETTLING_FRESH_MS : FRESH_MS;
}
