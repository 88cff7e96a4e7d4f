import createMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { getMapTiles, getPublicUrl } from "./env";
import { routing } from "./i18n/routing";
import { addressOf, METHODS_OF, type Address } from "./lib/addresses";
import { PAGE_PATH_REQUEST_HEADER, signInPath } from "./lib/safe-redirect";
import { ACTION_BODY_LIMIT_BYTES, HSTS, NO_SCRIPT_CSP, createNonce, pageCsp, requestIsHttps } from "./server/security/headers";

const intl = createMiddleware(routing);
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

// Read once per process (validating the environment on every request is waste).
let settings: { tileUrl: string | null; publicUrl: string | null } | undefined;

/**
 * Every answer of the proxy carries a Content-Security-Policy. Next reads a nonce from the
 * request's copy of the header and puts it on its scripts: staff pages and sign-in get a fresh one
 * per response. A residents' page, the same for everyone, gets none (a nonce shared by every copy
 * in every HTTP cache would be no secret): the address alone decides (lib/addresses.ts), and the
 * response cache's finishing step replaces this policy by one with the hashes of the final HTML's
 * inline elements (server/public-cache/finish.ts). Nothing is asked of the request: every way of
 * running the app goes through that step (scripts/serve.ts), and a page that did not would run no
 * inline script at all (fails closed).
 */
function secured(request: NextRequest, address: Address, respond: () => NextResponse): NextResponse {
  settings ??= { tileUrl: getMapTiles()?.url ?? null, publicUrl: getPublicUrl() };
  const https = requestIsHttps(request.url, request.headers, settings.publicUrl);
  const shared = address.kind === "resident-page";
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
  // Pages answer GET and HEAD, and POST for server actions. Next renders a page for a PUT, PATCH or
  // DELETE as for a GET, and answers an OPTIONS (a CORS preflight, a probe) with an empty 400.
  // Residents' and partners' pages have no server action: Next answered a POST there with the
  // page rendered afresh past the response cache, with its whole runtime and no islands.
  // The lite pages and the residents' forms are route handlers: Next's 405 for another method named none.
  const methods = METHODS_OF[address.kind];
  if (methods && !methods.includes(request.method)) {
    const options = request.method === "OPTIONS";
    const allow = [...methods, "OPTIONS"].join(", ");
    return new NextResponse(options ? null : "Method not allowed.", { status: options ? 204 : 405, headers: { Allow: allow, ...(options ? {} : { "Content-Type": "text/plain; charset=utf-8" }) } });
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // e.g. /%ff: not a path any page has; answer plainly instead of failing deeper down.
    return new NextResponse("Bad request: malformed URL", { status: 400, headers: { "Content-Type": "text/plain" } });
  }
  // No page's address has a control character or ends in a space. next-intl rewrites to the decoded
  // path, and the URL parser drops tabs and line breaks anywhere and controls or spaces at the end:
  // /uk/towns/lysychansk%20 became the town page, rendered afresh past the response cache (which,
  // like lib/addresses.ts, takes it for no page) with Next's whole runtime, for a GET or a POST.
  if (UNPARSEABLE_IN_PATH.test(decoded)) {
    return new NextResponse("Not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  // No page has an address this long (a route's slug is at most lib/slug.ts ROUTE_SLUG_MAX_LENGTH
  // characters). Answered here, before the language redirect and next-intl's alternate links,
  // which repeat the path in Location and in Link once per language: a 5,000-character path made a 20 KB Link header, over the 4-8 KB
  // header buffers of common reverse proxies (which then fail the whole answer).
  if (pathname.length > MAX_PAGE_PATH_LENGTH) {
    return new NextResponse("Not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  // Not a server action: its caller wants the action's answer (the form says "you are signed out,
  // what you typed is kept"); a redirect there is followed to the sign-in page's HTML, which the
  // client cannot read, and it showed "temporarily unavailable" after signing out in another tab.
  if (address.kind === "staff-page" && !request.headers.has("next-action") && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    return NextResponse.redirect(new URL(signInPath(pathname + search), request.nextUrl));
  }
  // For requireUser's redirect when the cookie there turns out invalid or expired; never the client's own value.
  request.headers.set(PAGE_PATH_REQUEST_HEADER, pathname + search);
  return boundedLinks(intl(request), settings?.publicUrl ?? null);
}

/** What the URL parser would drop from a decoded path: a control character anywhere, a space at the end. */
const UNPARSEABLE_IN_PATH = /[\u0000-\u001f\u007f]| $/;

/** Longest page path answered with a page; longer ones are a plain 404. */
const MAX_PAGE_PATH_LENGTH = 512;
/** Longest Link header (next-intl's hreflang alternates) sent; a longer one is dropped whole. */
const MAX_LINK_HEADER_LENGTH = 2048;

/**
 * next-intl builds each alternate's absolute address from the request's Host (or X-Forwarded-Host),
 * which the client chooses, on answers HTTP caches may keep: they link to the configured public
 * address (AUTH_URL) instead, or, with none configured, by path alone (RFC 8288 resolves a relative
 * target against the page's own address, so it always names this site).
 */
function ownLinks(link: string, publicUrl: string | null): string {
  const origin = publicUrl ? new URL(publicUrl).origin : "";
  return link.replace(/<[a-z][a-z0-9+.-]*:\/\/[^/>]*/gi, `<${origin}`);
}

function boundedLinks(response: NextResponse, publicUrl: string | null): NextResponse {
  const link = response.headers.get("link");
  if (link === null) return response;
  const own = ownLinks(link, publicUrl);
  if (own.length > MAX_LINK_HEADER_LENGTH) response.headers.delete("link");
  else response.headers.set("link", own);
  return response;
}

export const config = {
  // Everything except API routes, the unprefixed lite pages and feeds (plain route handlers that
  // pick their language themselves: no redirect on a 2G connection), Next internals and files.
  matcher: ["/((?!api/|api$|lite/|lite$|feeds/|feeds$|_next/|_vercel/|.*\\..*).*)"],
};
