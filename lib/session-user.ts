import type { UserRole } from "@/lib/enum-values";

/** A session ends this long after sign-in, however often its cookie was refreshed. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** The signed-in account as the app sees it after the per-request database check. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  organisation: string;
};

/** What the session token carries; everything else is read fresh from the database. */
export type SessionClaims = {
  userId: string;
  /** Random per sign-in; recorded on sign-out so the token cannot be replayed. */
  sessionId: string;
  /** Milliseconds since the epoch when the user signed in. */
  authTime: number;
};

export type AccessDenial = "unauthenticated" | "disabled" | "revoked" | "forbidden";

export type AccessResult = { ok: true; user: SessionUser } | { ok: false; reason: AccessDenial };

export class AccessError extends Error {
  constructor(readonly reason: AccessDenial) {
    super(`Access refused: ${reason}`);
    this.name = "AccessError";
  }
}
