import createMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { routing } from "./i18n/routing";

const intl = createMiddleware(routing);
const PROTECTED = /^\/(uk|ru|en)\/(coordinate|admin)(\/|$)/;
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/**
 * Language routing, plus one convenience: a visitor with no session cookie at all goes straight to
 * sign-in instead of rendering a protected page first. This is NOT the authorization check:
 * every protected page, server action and route handler calls requireUser / getAccess itself.
 */
export default function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  try {
    decodeURIComponent(pathname);
  } catch {
    // e.g. /%ff: not a path any page has; answer plainly instead of failing deeper down.
    return new NextResponse("Bad request: malformed URL", { status: 400, headers: { "Content-Type": "text/plain" } });
  }
  const match = PROTECTED.exec(pathname);
  if (match && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const url = request.nextUrl.clone();
    url.pathname = `/${match[1]}/login`;
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  return intl(request);
}

export const config = {
  // Everything except API routes, the unprefixed lite pages and feeds (plain route handlers that
  // pick their language themselves: no redirect on a 2G connection), Next internals and files.
  matcher: ["/((?!api/|api$|lite/|lite$|feeds/|_next/|_vercel/|.*\\..*).*)"],
};
