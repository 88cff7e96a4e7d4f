import "server-only";
import { eq } from "drizzle-orm";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/password";
import { roleSatisfies } from "@/lib/roles";
import type { AccessResult, SessionClaims, SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import type { UserRole } from "../schema/enums";
import { users } from "../schema/users";
import { writeAudit } from "./audit";

const sessionUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  organisation: users.organisation,
  disabled: users.disabled,
  sessionsValidAfter: users.sessionsValidAfter,
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The per-request check behind every protected page, action and route handler: the account still
 * exists, is not disabled, the token was issued after its sessions-valid-after time, and the role
 * suffices. A disabled account therefore loses access at its next request, not at token expiry.
 */
export async function checkSessionAccess(
  db: Db,
  claims: SessionClaims | null,
  requiredRole?: UserRole,
): Promise<AccessResult> {
  if (!claims?.userId || !Number.isFinite(claims.authTime)) return { ok: false, reason: "unauthenticated" };
  if (!isUuid(claims.userId)) return { ok: false, reason: "unauthenticated" };
  const [row] = await db.select(sessionUserColumns).from(users).where(eq(users.id, claims.userId)).limit(1);
  if (!row) return { ok: false, reason: "unauthenticated" };
  if (row.disabled) return { ok: false, reason: "disabled" };
  if (claims.authTime < row.sessionsValidAfter.getTime()) return { ok: false, reason: "revoked" };
  if (requiredRole && !roleSatisfies(row.role, requiredRole)) return { ok: false, reason: "forbidden" };
  return {
    ok: true,
    user: { id: row.id, email: row.email, name: row.name, role: row.role, organisation: row.organisation },
  };
}

/** Credentials check for sign-in. Same answer (null) and similar timing for every kind of failure. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<SessionUser | null> {
  const [row] = await db
    .select({ ...sessionUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  if (!row) {
    await burnPasswordCheck(password);
    return null;
  }
  const valid = await verifyPassword(row.passwordHash, password);
  if (!valid || row.disabled) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, organisation: row.organisation };
}

export type NewUser = { email: string; password: string; role: UserRole; name?: string; organisation?: string };

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
export async function createUser(db: Db, input: NewUser, actor: SessionUser | null): Promise<{ id: string }> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
    if (existing.length > 0) throw new DuplicateEmailError(email);
    const [created] = await tx
      .insert(users)
      .values({
        email,
        passwordHash,
        role: input.role,
        name: input.name ?? "",
        organisation: input.organisation ?? "",
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
      after: { email, role: input.role, organisation: input.organisation ?? "" },
    });
    return created;
  });
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
