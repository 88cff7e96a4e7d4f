import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { checkSessionAccess } from "@/db/queries/users";
import type { UserRole } from "@/db/schema/enums";
import { PAGE_PATH_REQUEST_HEADER, signInPath } from "@/lib/safe-redirect";
import type { AccessResult, SessionClaims, SessionUser } from "@/lib/session-user";
import { auth } from "./config";

/** Who the session token says is signed in, unchecked. */
export async function readSessionClaims(): Promise<SessionClaims | null> {
  const session = await auth();
  if (!session?.userId || !session.sessionId || typeof session.authTime !== "number") return null;
  return { userId: session.userId, sessionId: session.sessionId, authTime: session.authTime };
}

/**
 * The signed-in user checked against the database, or why not. For route handlers (401/403).
 * Memoised per request, so a layout and its page check the account with one query.
 */
export const getAccess = cache(async (role?: UserRole): Promise<AccessResult> => {
  return checkSessionAccess(await getDb(), await readSessionClaims(), role);
});

/**
 * Guards every protected page and server action: the account must exist, be enabled, hold a
 * token issued after its sessions-valid-after time, and have the role. Otherwise the visitor is
 * sent to sign in (HTTP redirect) or refused with 403. Returns the fresh user from the database.
 */
export async function requireUser(role?: UserRole): Promise<SessionUser> {
  const access = await getAccess(role);
  if (access.ok) return access.user;
  if (access.reason === "forbidden") forbidden();
  // Back to this page, in its language, once signed in again: the proxy passes the page's path on.
  const pagePath = (await headers()).get(PAGE_PATH_REQUEST_HEADER);
  redirect(signInPath(pagePath, access.reason === "unauthenticated" ? undefined : access.reason));
}
