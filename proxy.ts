import createMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { getMapTiles, getPublicUrl } from "./env";
import { routing } from "./i18n/routing";
import { addressOf, type Address } from "./lib/addresses";
import { PAGE_PATH_REQUEST_HEADER, signInPath } from "./lib/safe-redirect";
import { ACTION_BODY_LIMIT_BYTES, HASHED_CSP_REQUEST_HEADER, HSTS, NO_SCRIPT_CSP, createNonce, pageCsp, requestIsHttps } from "./server/security/headers";

const intl = createMiddleware(routing);
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

// Read once per process (validating the environment on every request is waste).
let settings: { tileUrl: string | null; publicUrl: string | null } | undefined;

/**
 * Every answer of the proxy carries a Content-Security-Policy. Next reads a nonce from the
 * request's copy of the header and puts it on its scripts: staff pages and sign-in get a fresh one
 * per response. A residents' page rendered by the public response cache for everyone gets none (a
 * nonce shared by every copy in every HTTP cache would be no secret): the cache allows its inline
 * scripts by their hashes instead (server/public-cache/finish.ts). Rendered any other way (bare
 * `next start`, a client navigation), it keeps a nonce, so it still works without the cache in front.
 */
function secured(request: NextRequest, address: Address, respond: () => NextResponse): NextResponse {
  settings ??= { tileUrl: getMapTiles()?.url ?? null, publicUrl: getPublicUrl() };
  const https = requestIsHttps(request.url, request.headers, settings.publicUrl);
  const shared = request.headers.get(HASHED_CSP_REQUEST_HEADER) === "1" && address.kind === "resident-page";
  // The language-prefixed lite pages and the residents' forms: zero-JavaScript HTML, the same
  // policy as the unprefixed lite pages (form-action 'self': a form here posts only to this site).
  const csp = address.kind === "lite-page" || address.kind === "resident-form" ? NO_SCRIPT_CSP : pageCsp({ nonce: shared ? null : createNonce(), tileUrl: settings.tileUrl });
  request.headers.set("content-security-policy", csp);
  const response = respond();
  response.headers.set("content-security-policy", csp);
  if (https) response.headers.set("strict-transport-security", HSTS);
  return response;
}

/**
 * Language routing, plus one convenience: a visitor with no session cookie at all goes straight to
 * sign-in instead of rendering a protected page first. This is NOT the authorization check:
 * every protected page, server action and route handler calls requireUser / getAccess itself.
 */
export default function proxy(request: NextRequest) {
  const address = addressOf(request.nextUrl.pathname);
  return secured(request, address, () => route(request, address));
}

function route(request: NextRequest, address: Address): NextResponse {
  const { pathname, search } = request.nextUrl;
  // A server action post bigger than any form can make: refused before anything reads it.
  if (request.method === "POST" && Number(request.headers.get("content-length")) > ACTION_BODY_LIMIT_BYTES) {
    return new NextResponse("Request body too large.", { status: 413, headers: { "Content-Type": "text/plain", Connection: "close" } });
  }
  try {
    decodeURIComponent(pathname);
  } catch {
    // e.g. /%ff: not a path any page has; answer plainly instead of failing deeper down.
    return new NextResponse("Bad request: malformed URL", { status: 400, headers: { "Content-Type": "text/plain" } });
  }
  // No page has an address this long (a route's slug is at most lib/slug.ts ROUTE_SLUG_MAX_LENGTH
  // characters). Answered here, before the language redirect and next-intl's alternate links,
  // which repeat the path in Location and in Link once per language: a 5,000-character path made a 20 KB Link header, over the 4-8 KB
  // header buffers of common reverse proxies (which then fail the whole answer).
  if (pathname.length > MAX_PAGE_PATH_LENGTH) {
    return new NextResponse("Not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  if (address.kind === "staff-page" && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    return NextResponse.redirect(new URL(signInPath(pathname + search), request.nextUrl));
  }
  // For requireUser's redirect when the cookie there turns out invalid or expired; never the client's own value.
  request.headers.set(PAGE_PATH_REQUEST_HEADER, pathname + search);
  return boundedLinks(intl(request));
}

/** Longest page path answered with a page; longer ones are a plain 404. */
const MAX_PAGE_PATH_LENGTH = 512;
/** Longest Link header (next-intl's hreflang alternates) sent; a longer one is dropped whole. */
const MAX_LINK_HEADER_LENGTH = 2048;

function boundedLinks(response: NextResponse): NextResponse {
  if ((response.headers.get("link")?.length ?? 0) > MAX_LINK_HEADER_LENGTH) response.headers.delete("link");
  return response;
}

export const config = {
  // Everything except API routes, the unprefixed lite pages and feeds (plain route handlers that
  // pick their language themselves: no redirect on a 2G connection), Next internals and files.
  matcher: ["/((?!api/|api$|lite/|lite$|feeds/|feeds$|_next/|_vercel/|.*\\..*).*)"],
};
