import { otherMethods } from "@/server/http/methods";
import type { NextRequest } from "next/server";
import { getAccess, handlers } from "@/auth";
import { AUTH_BODY_LIMIT_BYTES, withBodyLimit } from "@/server/security/body-limit";

/**
 * Auth.js's GET endpoints, except that /api/auth/session answers a session that has ended (the
 * account disabled, its sessions revoked by a password reset or "sign out everywhere", or the
 * session signed out) as signed out, `null`, exactly as Auth.js answers no session. The token
 * itself stays valid to Auth.js until it expires; that is why the check is here and not in the
 * `jwt` callback: ending the token there would also end what the sign-in page reads to say
 * "your account was disabled" or "your session was ended" (requireUser's per-request check).
 */
export async function GET(request: NextRequest): Promise<Response> {
  if (!AUTH_PATHS.test(request.nextUrl.pathname)) return notFound();
  if (request.nextUrl.pathname === "/api/auth/session") {
    const access = await getAccess();
    if (!access.ok) {
      return Response.json(null, { headers: { "Cache-Control": "private, no-cache, no-store", Expires: "0", Pragma: "no-cache" } });
    }
  }
  return handlers.GET(request);
}

/**
 * The Auth.js endpoints the app has (one provider: credentials). Anything else under /api/auth
 * (`/api/auth/nonsense`, `/api/auth/callback/credentials;x`) is a plain 404 here: Auth.js would
 * throw and log a stack trace for each.
 */
const AUTH_PATHS = /^\/api\/auth\/(?:session|csrf|providers|error|signout|signin(?:\/credentials)?|callback\/credentials)$/;

const notFound = () => new Response("Not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

// Route handlers have no body limit of their own: refuse an oversized sign-in post before parsing.
const postWithinLimit = withBodyLimit(handlers.POST, AUTH_BODY_LIMIT_BYTES);
export async function POST(request: NextRequest): Promise<Response> {
  if (!AUTH_PATHS.test(request.nextUrl.pathname)) return notFound();
  return postWithinLimit(request);
}

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET", "POST"], "problem");
