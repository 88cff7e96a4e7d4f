import "server-only";
import { isUuidText as isUuid } from "@/lib/uuid-text";
import { eq, sql } from "drizzle-orm";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/password";
import { roleSatisfies } from "@/lib/roles";
import { AccessError, SESSION_MAX_AGE_SECONDS, type AccessResult, type SessionClaims, type SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import type { UserRole } from "../schema/enums";
import { sessionRevocations, users } from "../schema/users";
import { writeAudit } from "./audit";
import { assertOrganisationExists, organisationShortName } from "./organisations";

/** An account as the per-request check and sign-in read it. */
export const sessionUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  organisation: organisationShortName(users.organisationId),
  disabled: users.disabled,
  sessionsValidAfter: users.sessionsValidAfter,
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The per-request check behind every protected page, action and route handler: the account still
 * exists, is not disabled, the session was neither signed out nor started before the account's
 * sessions-valid-after time nor more than the session lifetime ago, and the role suffices.
 * A disabled account therefore loses access at its next request, not at token expiry.
 */
export async function checkSessionAccess(
  db: Db,
  claims: SessionClaims | null,
  requiredRole?: UserRole,
  now: Date = new Date(),
): Promise<AccessResult> {
  if (!claims?.userId || !Number.isFinite(claims.authTime)) return { ok: false, reason: "unauthenticated" };
  if (!isUuid(claims.userId) || !isUuid(claims.sessionId)) return { ok: false, reason: "unauthenticated" };
  const [row] = await db
    .select({
      ...sessionUserColumns,
      signedOut: sql<boolean>`exists (select 1 from ${sessionRevocations} where ${sessionRevocations.sessionId} = ${claims.sessionId})`,
    })
    .from(users)
    .where(eq(users.id, claims.userId))
    .limit(1);
  if (!row) return { ok: false, reason: "unauthenticated" };
  if (row.disabled) return { ok: false, reason: "disabled" };
  if (row.signedOut || claims.authTime < row.sessionsValidAfter.getTime()) return { ok: false, reason: "revoked" };
  if (now.getTime() - claims.authTime > SESSION_MAX_AGE_SECONDS * 1000) return { ok: false, reason: "revoked" };
  if (requiredRole && !roleSatisfies(row.role, requiredRole)) return { ok: false, reason: "forbidden" };
  return {
    ok: true,
    user: { id: row.id, email: row.email, name: row.name, role: row.role, organisation: row.organisation },
  };
}

/**
 * Inside a write's transaction: the acting account still exists, is enabled and holds the role.
 * The request was checked when it began; this closes the gap to a demotion or a disable that
 * committed meanwhile. The row is share-locked, so neither can commit until the write is done.
 */
export async function lockActorWithRole(tx: Pick<Db, "select">, actor: SessionUser, role: UserRole): Promise<void> {
  const [row] = await tx.select({ role: users.role, disabled: users.disabled }).from(users).where(eq(users.id, actor.id)).for("share");
  if (!row) throw new AccessError("unauthenticated");
  if (row.disabled) throw new AccessError("disabled");
  if (!roleSatisfies(row.role, role)) throw new AccessError("forbidden");
}

/**
 * Credentials check for sign-in: the user, or null with similar timing for every kind of failure,
 * and the account the email belongs to (for the audit row of a failed attempt); the caller must
 * not tell the person signing in which kind of failure it was.
 */
export async function checkCredentials(db: Db, email: string, password: string): Promise<{ user: SessionUser | null; accountId: string | null }> {
  const [row] = await db
    .select({ ...sessionUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  if (!row) {
    await burnPasswordCheck(password);
    return { user: null, accountId: null };
  }
  const valid = await verifyPassword(row.passwordHash, password);
  if (!valid || row.disabled) return { user: null, accountId: row.id };
  return { user: { id: row.id, email: row.email, name: row.name, role: row.role, organisation: row.organisation }, accountId: row.id };
}

export type NewUser = { email: string; password: string; role: UserRole; name?: string; organisationId?: string | null };

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`An account with the email ${email} already exists.`);
    this.name = "DuplicateEmailError";
  }
}

/**
 * Creates an account and its audit row in one transaction. `actor` is null only for the
 * command-line bootstrap (npm run user:create), which has no signed-in user.
 */
export async function createUser(db: Db, actor: SessionUser | null, input: NewUser): Promise<{ id: string }> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
    if (existing.length > 0) throw new DuplicateEmailError(email);
    await assertOrganisationExists(tx, input.organisationId);
    const [created] = await tx
      .insert(users)
      .values({
        email,
        passwordHash,
        role: input.role,
        name: input.name ?? "",
        organisationId: input.organisationId ?? null,
        // The application's clock, the same one that stamps sign-ins: a database clock running
        // ahead must not refuse the first sign-in.
        sessionsValidAfter: new Date(),
      })
      .returning({ id: users.id });
    if (!created) throw new Error("insert returned no row");
    await writeAudit(tx, {
      actor,
      action: "user.create",
      entityType: "user",
      entityId: created.id,
      after: { email, name: input.name ?? "", role: input.role, organisationId: input.organisationId ?? null },
    });
    return created;
  });
}

/** Signing out: this session's token is refused from now on, wherever a copy of it is. */
export async function revokeSession(db: Db, claims: SessionClaims): Promise<void> {
  if (!isUuid(claims.userId) || !isUuid(claims.sessionId)) return;
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, claims.userId));
    if (!user) return;
    const inserted = await tx
      .insert(sessionRevocations)
      .values({ sessionId: claims.sessionId, userId: claims.userId })
      .onConflictDoNothing()
      .returning({ sessionId: sessionRevocations.sessionId });
    if (inserted.length > 0) {
      await writeAudit(tx, { actor: user, action: "session.sign_out", entityType: "user", entityId: user.id });
    }
  });
}

