import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { accountLimitKey, type LoginLimits } from "@/lib/login-limits";
import type { SessionUser } from "@/lib/session-user";
import { rowsOf, type Db } from "../client";
import { loginLimits } from "../schema/login-limits";
import { writeAudit } from "./audit";
import { checkCredentials, normaliseEmail } from "./users";

/**
 * The `query({ text, values })` that rate-limiter-flexible's PostgreSQL store calls on a `pg`
 * client, answered through drizzle, so the same counters work on postgres-js and on PGlite.
 * Positional parameters ($1, $2 …) become drizzle parameters, never text in the statement.
 * The store's statements name their results' columns; `expire` is a bigint, which postgres-js
 * returns as a string and PGlite may return as a BigInt: both are read back as a number.
 */
export function pgQueryAdapter(db: Db) {
  return {
    async query({ text, values = [] }: { text: string; values?: unknown[]; name?: string }) {
      const result = await db.execute(withParameters(text, values));
      const rows = rowsOf<Record<string, unknown>>(result).map((row) =>
        "expire" in row ? { ...row, expire: row.expire === null ? null : Number(row.expire) } : row,
      );
      const affected = (result as { count?: number }).count ?? (result as { affectedRows?: number }).affectedRows ?? 0;
      return { rows, rowCount: rows.length || affected };
    },
  };
}

function withParameters(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1] ?? null}`)));
}

export type LoginGate =
  | { locked: false; succeeded(): Promise<void> }
  /** `firstRefusal`: this attempt is the one that went over the limit (later ones are not audited). */
  | { locked: true; retryAfterMs: number; scope: "account" | "address"; firstRefusal: boolean };

const ACCOUNT_PREFIX = "account";

/**
 * Forgets an account's failed sign-ins (an admin reset its password or enabled it), inside the
 * caller's transaction. The row key is rate-limiter-flexible's `<prefix>:<key>`.
 */
export async function clearAccountLoginFailures(tx: Pick<Db, "delete">, email: string): Promise<void> {
  await tx.delete(loginLimits).where(eq(loginLimits.key, `${ACCOUNT_PREFIX}:${accountLimitKey(normaliseEmail(email))}`));
}

export type LoginLimiter = { begin(email: string, address: string): Promise<LoginGate> };

/**
 * Failed sign-in counters in the `login_limits` table (migration 0006), shared by every instance.
 * An attempt takes its point before the password is checked, in one atomic upsert per counter, so
 * parallel guesses cannot all slip in before the first failure is counted. A successful sign-in
 * gives its points back: the account's counter is cleared and the address's point returned, so
 * only failures count.
 */
export function createLoginLimiter(db: Db, limits: LoginLimits): LoginLimiter {
  const common = {
    storeClient: pgQueryAdapter(db),
    storeType: "client",
    tableName: "login_limits",
    tableCreated: true,
    duration: limits.windowSeconds,
  };
  const account = new RateLimiterPostgres({ ...common, keyPrefix: ACCOUNT_PREFIX, points: limits.maxPerAccount });
  const address = new RateLimiterPostgres({ ...common, keyPrefix: "address", points: limits.maxPerAddress });
  return {
    async begin(email, clientAddress) {
      const accountKey = accountLimitKey(normaliseEmail(email));
      const [byAccount, byAddress] = await Promise.allSettled([account.consume(accountKey), address.consume(clientAddress)]);
      const refusals: { scope: "account" | "address"; res: RateLimiterRes; limit: number }[] = [];
      for (const [scope, outcome] of [["account", byAccount], ["address", byAddress]] as const) {
        if (outcome.status === "fulfilled") continue;
        // A database failure is not a refusal: let it fail the sign-in as an error.
        if (!(outcome.reason instanceof RateLimiterRes)) throw outcome.reason;
        refusals.push({ scope, res: outcome.reason, limit: scope === "account" ? limits.maxPerAccount : limits.maxPerAddress });
      }
      if (refusals.length > 0) {
        const longest = refusals.reduce((a, b) => (b.res.msBeforeNext > a.res.msBeforeNext ? b : a));
        // Each attempt still counts, so the attempt that first goes over a limit consumed limit + 1.
        const firstRefusal = refusals.some((r) => r.res.consumedPoints === r.limit + 1);
        return { locked: true, retryAfterMs: longest.res.msBeforeNext, scope: longest.scope, firstRefusal };
      }
      return {
        locked: false,
        async succeeded() {
          await account.delete(accountKey);
          await address.reward(clientAddress, 1);
        },
      };
    },
  };
}

export type SignInAttempt = { email: string; password: string; address: string };
export type SignInOutcome =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterMs: number };

/**
 * One sign-in attempt: refused without looking at the password while a limit is reached,
 * otherwise the credentials are checked. Every outcome is audited with the normalised email and
 * the client address, never the password; an unknown email is audited too (no actor, no entity).
 */
export async function attemptSignIn(db: Db, limiter: LoginLimiter, attempt: SignInAttempt): Promise<SignInOutcome> {
  const email = normaliseEmail(attempt.email);
  const gate = await limiter.begin(email, attempt.address);
  if (gate.locked) {
    // Audited once per lockout, when it begins: refused attempts check nothing, and auditing each
    // would let anyone, signed in or not, grow the append-only log without end.
    if (gate.firstRefusal) await writeAudit(db, {
      actor: null,
      action: "session.sign_in_refused_locked",
      entityType: "user",
      after: { email, address: attempt.address, limit: gate.scope, retryAfterSeconds: Math.ceil(gate.retryAfterMs / 1000) },
    });
    return { ok: false, reason: "locked", retryAfterMs: gate.retryAfterMs };
  }
  const { user, accountId } = await checkCredentials(db, email, attempt.password);
  if (!user) {
    await writeAudit(db, { actor: null, action: "session.sign_in_failed", entityType: "user", entityId: accountId, after: { email, address: attempt.address } });
    return { ok: false, reason: "invalid" };
  }
  await gate.succeeded();
  await writeAudit(db, { actor: user, action: "session.sign_in", entityType: "user", entityId: user.id, after: { email, address: attempt.address } });
  return { ok: true, user };
}
