import "server-only";
import { and, asc, count, desc, eq, like, ne, sql } from "drizzle-orm";
import { generateOneTimePassword } from "@/lib/one-time-password";
import { hashPassword } from "@/lib/password";
import { assertRole } from "@/lib/roles";
import { AccessError, type SessionUser } from "@/lib/session-user";
import type { Db, Tx } from "../client";
import type { UserRole } from "../schema/enums";
import { auditLog } from "../schema/audit";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { assertOrganisationExists } from "./organisations";
import { clearAccountLoginFailures } from "./login-limiter";
import { createUser, DuplicateEmailError, normaliseEmail, sessionUserColumns } from "./users";
import { isUniqueViolation, NotFoundError, RefusedWriteError, StaleVersionError } from "./write-errors";

// Admins manage accounts here. Every function checks its caller's role first. Rules held in the
// data layer, inside each write's transaction:
// - the last active admin can be neither disabled nor demoted (the admin rows are locked first, in
//   id order, so two admins demoting each other at once cannot both succeed);
// - an admin cannot disable their own account (another admin must), so nobody locks themselves
//   out with a slip; demoting yourself is allowed while another active admin remains;
// - passwords are generated here, returned once to the caller, stored only as a hash, and never
//   written to the audit log.

type Row = typeof users.$inferSelect;

// Qualified by hand: inside a select from users, drizzle prints columns unqualified, and a bare
// "id" in the subquery would be the audit row's own id.
const lastSignIn = sql<Date | null>`(select max(a."at") from ${auditLog} a where a."entity_type" = 'user' and a."entity_id" = ${users}."id"::text and a."action" = 'session.sign_in')`;

const accountColumns = {
  ...sessionUserColumns,
  organisationId: users.organisationId,
  version: users.version,
  createdAt: users.createdAt,
  lastSignInAt: lastSignIn.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
};

export type Account = {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  organisation: string;
  organisationId: string | null;
  disabled: boolean;
  version: number;
  createdAt: Date;
  sessionsValidAfter: Date;
  lastSignInAt: Date | null;
};

export async function listAccounts(db: Db, actor: SessionUser | null): Promise<Account[]> {
  assertRole(actor, "admin");
  return db.select(accountColumns).from(users).orderBy(asc(users.disabled), asc(users.email));
}

export async function getAccount(db: Db, actor: SessionUser | null, id: string): Promise<Account | null> {
  assertRole(actor, "admin");
  const [account] = await db.select(accountColumns).from(users).where(eq(users.id, id)).limit(1);
  return account ?? null;
}

export type NewAccount = { email: string; name: string; role: UserRole; organisationId: string | null };

/** Creates an account with a generated one-time password, returned here once and never again. */
export async function createAccount(db: Db, actor: SessionUser | null, input: NewAccount): Promise<{ id: string; email: string; password: string }> {
  assertRole(actor, "admin");
  const password = generateOneTimePassword();
  try {
    const { id } = await createUser(db, actor, { ...input, password });
    return { id, email: normaliseEmail(input.email), password };
  } catch (error) {
    if (error instanceof DuplicateEmailError || isUniqueViolation(error, "users_email_unique")) {
      throw new RefusedWriteError("email", { code: "emailTaken" });
    }
    throw error;
  }
}

export type AccountEdit = { name: string; organisationId: string | null; role: UserRole };

/** Name, organisation and role; refused if it would leave no active admin. */
export async function updateAccount(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, input }: { id: string; baseVersion: number; input: AccountEdit },
): Promise<{ version: number }> {
  assertRole(actor, "admin");
  return db.transaction(async (tx) => {
    const before = await lockAccountAtVersion(tx, actor, id, baseVersion);
    await assertOrganisationExists(tx, input.organisationId);
    if (isActiveAdmin(before) && input.role !== "admin") await assertAnotherActiveAdmin(tx, id);
    return write(tx, actor, before, "user.update", { ...input });
  });
}

/**
 * Disables or enables an account. A disabled account loses access at its next request (the
 * per-request check in checkSessionAccess) and cannot sign in. Disabling also ends its sessions,
 * so enabling it again does not bring back a session that may have been in the wrong hands.
 */
export async function setAccountDisabled(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion, disabled }: { id: string; baseVersion: number; disabled: boolean },
): Promise<{ version: number }> {
  assertRole(actor, "admin");
  if (disabled && id === actor.id) throw new RefusedWriteError("form", { code: "selfDisable" });
  return db.transaction(async (tx) => {
    const before = await lockAccountAtVersion(tx, actor, id, baseVersion);
    if (disabled && isActiveAdmin(before)) await assertAnotherActiveAdmin(tx, id);
    if (!disabled) await clearAccountLoginFailures(tx, before.email);
    return write(tx, actor, before, disabled ? "user.disable" : "user.enable", disabled ? { disabled, sessionsValidAfter: new Date() } : { disabled });
  });
}

/** A new one-time password, returned once; every existing session of the account ends. */
export async function resetAccountPassword(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion }: { id: string; baseVersion: number },
): Promise<{ version: number; email: string; password: string }> {
  assertRole(actor, "admin");
  const password = generateOneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const before = await lockAccountAtVersion(tx, actor, id, baseVersion);
    const { version } = await write(tx, actor, before, "user.reset_password", { passwordHash, sessionsValidAfter: new Date() });
    // A reset is how an admin lets a locked-out colleague back in: their failed sign-ins are forgotten.
    await clearAccountLoginFailures(tx, before.email);
    return { version, email: before.email, password };
  });
}

/** Ends every session of the account now (tokens issued before this instant are refused). */
export async function revokeAccountSessions(
  db: Db,
  actor: SessionUser | null,
  { id, baseVersion }: { id: string; baseVersion: number },
): Promise<{ version: number }> {
  assertRole(actor, "admin");
  return db.transaction(async (tx) => {
    const before = await lockAccountAtVersion(tx, actor, id, baseVersion);
    return write(tx, actor, before, "user.revoke_sessions", { sessionsValidAfter: new Date() });
  });
}

function isActiveAdmin(row: Pick<Row, "role" | "disabled">): boolean {
  return row.role === "admin" && !row.disabled;
}

/** What the audit log keeps of an account: never the password hash. */
function auditable(row: Row) {
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    organisationId: row.organisationId,
    disabled: row.disabled,
    sessionsValidAfter: row.sessionsValidAfter.toISOString(),
    version: row.version,
  };
}

async function write(
  tx: Tx,
  actor: SessionUser,
  before: Row,
  action: string,
  changes: Partial<Pick<Row, "name" | "organisationId" | "role" | "disabled" | "passwordHash" | "sessionsValidAfter">>,
): Promise<{ version: number }> {
  const [after] = await tx
    .update(users)
    .set({ ...changes, version: before.version + 1, updatedAt: new Date() })
    .where(and(eq(users.id, before.id), eq(users.version, before.version)))
    .returning();
  await writeAudit(tx, {
    actor,
    action,
    entityType: "user",
    entityId: before.id,
    before: auditable(before),
    after: { ...auditable(after!), ...(changes.passwordHash ? { passwordReset: true } : {}) },
  });
  return { version: after!.version };
}

/**
 * Locks the active admins' rows (always first, in id order, so concurrent account writes queue
 * instead of deadlocking), then the account, and checks it is still the version the admin saw.
 */
async function lockAccountAtVersion(tx: Tx, actor: SessionUser, id: string, baseVersion: number): Promise<Row> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false)))
    .orderBy(asc(users.id))
    .for("update");
  // The actor's rights were checked when the request began; an admin demoted or disabled since
  // (by a write that committed before these locks) must not go on changing accounts.
  if (!admins.some((a) => a.id === actor.id)) throw new AccessError("forbidden");
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!row) throw new NotFoundError("account");
  if (row.version !== baseVersion) throw await staleAccountError(tx, row);
  return row;
}

/** Counted after the admin rows are locked: none of them can be demoted or disabled meanwhile. */
async function assertAnotherActiveAdmin(tx: Tx, exceptId: string): Promise<void> {
  const [others] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, exceptId)));
  if ((others?.n ?? 0) === 0) throw new RefusedWriteError("form", { code: "lastAdmin" });
}

/** Accounts carry no updated-by column: who changed it last is the latest account audit row. */
async function staleAccountError(tx: Tx, row: Row): Promise<StaleVersionError> {
  const [last] = await tx
    .select({ by: auditLog.actorEmail })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, row.id), like(auditLog.action, "user.%")))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return new StaleVersionError({ entity: "account", changedAt: row.updatedAt.toISOString(), changedBy: last?.by ?? null, version: row.version });
}
