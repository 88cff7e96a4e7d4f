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
  if (request.nextUrl.pathname === "/api/auth/session") {
    const access = await getAccess();
    if (!access.ok) {
      return Response.json(null, { headers: { "Cache-Control": "private, no-cache, no-store", Expires: "0", Pragma: "no-cache" } });
    }
  }
  return handlers.GET(request);
}

// Route handlers have no body limit of their own: refuse an oversized sign-in post before parsing.
export const POST = withBodyLimit(handlers.POST, AUTH_BODY_LIMIT_BYTES);
