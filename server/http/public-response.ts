import crypto from "node:crypto";
import fresh from "fresh";
import { maxAgeBefore, NEXT_CHANGE_HEADER } from "@/lib/next-change";
import { reportNextChange } from "../public-cache/render-report";

// Every public API and feed response goes through here: open CORS (anyone may build on the data),
// a SHORT cache lifetime (a cached "open" outliving its confirmation sends people onto a closed
// road; stack notes trap 12), and an ETag so pollers revalidate for the price of a 304.

/** Seconds a client or CDN may reuse a response before asking again. Keep it short. */
export const PUBLIC_MAX_AGE_SECONDS = 30;
// No stale-while-revalidate: a cache serving an expired copy while it refetches would let an
// "open" outlive its freshness window by that much more.
export const PUBLIC_CACHE_CONTROL = `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`;

/** The methods every public API and feed address answers. */
export const PUBLIC_API_METHODS = "GET, HEAD, OPTIONS";

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": PUBLIC_API_METHODS,
  "Access-Control-Allow-Headers": "If-None-Match",
  // The next-change instant too, so a page on another site polling the API knows when to ask again;
  // the paging headers, so such a page can walk the pages and show the total; and the stale mark
  // (server/public-cache/server.ts), so it knows when the data could not be read.
  "Access-Control-Expose-Headers": "ETag, X-Corridor-Next-Change, Link, X-Total-Count, X-Corridor-Stale-Since",
  "Access-Control-Max-Age": "600",
} as const;

export const CONTENT_TYPES = {
  json: "application/json; charset=utf-8",
  geojson: "application/geo+json; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  cap: "application/cap+xml; charset=utf-8",
  text: "text/plain; charset=utf-8",
  /** HXL-tagged CSV (lib/hxl/csv.ts writes the BOM itself). */
  csv: "text/csv; charset=utf-8",
} as const;

/** A strong validator: the SHA-256 of what the tag stands for, so equal data gets equal tags on every instance. */
export function etagOf(content: string): string {
  return `"${crypto.createHash("sha256").update(content).digest("base64url").slice(0, 32)}"`;
}

/**
 * Whether the client's copy is current (RFC 9110 §13.1): If-None-Match compared weakly, lists and
 * "*" included, then If-Modified-Since. The `fresh` library does the header grammar (Express uses
 * it) rather than string compares. Its rule that a request's `Cache-Control: no-cache` always gets
 * the body is left out: the Fetch standard adds that header to every request that sets
 * If-None-Match itself, so a partner's fetch() poller would never see a 304; and no-cache is a
 * directive to caches (RFC 9111 §5.2.1.4), which ours honours by checking the data's version.
 */
export function notModified(requestHeaders: Record<string, string | string[] | undefined>, responseHeaders: { etag?: string; "last-modified"?: string }): boolean {
  const { "cache-control": _directiveToCaches, ...validators } = requestHeaders;
  return fresh(validators, responseHeaders);
}

function baseHeaders(): Headers {
  return new Headers({ ...CORS_HEADERS, "Cache-Control": PUBLIC_CACHE_CONTROL, "X-Content-Type-Options": "nosniff" });
}

/**
 * The Cache-Control and next-change headers of an answer that changes by the clock alone at
 * `nextChange` (a status leaving its freshness window, a corridor window opening or closing): no
 * cache may keep it past that instant, and the response cache keeps its copy no longer either
 * (told by the render's report, not by this header: render-report.ts).
 */
export function setNextChange(headers: Headers, nextChange: Date | null, now = Date.now()): void {
  reportNextChange(nextChange);
  if (nextChange === null) return;
  headers.set("Cache-Control", `public, max-age=${maxAgeBefore(now, nextChange.getTime(), PUBLIC_MAX_AGE_SECONDS)}`);
  headers.set(NEXT_CHANGE_HEADER, nextChange.toISOString());
}

type PublicOptions = {
  /** What the ETag stands for, when the body also carries something that changes on every render (a generation time). */
  tagged?: string;
  /** When what the answer says next changes by the clock alone (lib/next-change.ts); null if never. */
  nextChange?: Date | null;
  /** A page's own headers (`Link`, `X-Total-Count`), on the 304 too: they belong to what the tag stands for. */
  extraHeaders?: Record<string, string>;
};

/** 200 with the body, or 304 when the client already holds it. The tag is the body's, or that of `tagged`. */
export function publicResponse(request: Request, body: string, contentType: string, { tagged = body, nextChange = null, extraHeaders = {} }: PublicOptions = {}): Response {
  const headers = baseHeaders();
  for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
  setNextChange(headers, nextChange);
  const etag = etagOf(tagged);
  headers.set("ETag", etag);
  if (notModified(Object.fromEntries(request.headers), { etag })) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", contentType);
  return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
}

export function publicJson(
  request: Request,
  data: unknown,
  contentType: string = CONTENT_TYPES.json,
  { tagged, nextChange, extraHeaders }: { tagged?: unknown; nextChange?: Date | null; extraHeaders?: Record<string, string> } = {},
): Response {
  const body = JSON.stringify(data);
  // A page's tag covers its next link too: the same rows with a different next page are another answer.
  const tag = (tagged === undefined ? body : JSON.stringify(tagged)) + (extraHeaders ? JSON.stringify(extraHeaders) : "");
  return publicResponse(request, body, contentType, { tagged: tag, nextChange, extraHeaders });
}

/**
 * CORS preflight (only needed by browsers sending If-None-Match cross-origin), and OPTIONS for
 * anyone else: Allow says the same as a 405 here does.
 */
export function publicOptions(): Response {
  const headers = new Headers({ ...CORS_HEADERS, Allow: PUBLIC_API_METHODS });
  return new Response(null, { status: 204, headers });
}
