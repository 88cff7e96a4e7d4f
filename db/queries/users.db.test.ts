import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { users } from "../schema/users";
import { createTestDb, type TestDb } from "../testing/test-db";
import { checkCredentials, checkSessionAccess, createUser, DuplicateEmailError, revokeSession } from "./users";
import { auditLog } from "../schema/audit";

let t: TestDb;
let coordinatorId: string;
let adminId: string;
const PASSWORD = "a long enough password";

beforeAll(async () => {
  t = await createTestDb();
  coordinatorId = (await createUser(t.db, null, { email: "Coord@Example.org", password: PASSWORD, role: "coordinator" })).id;
  adminId = (await createUser(t.db, null, { email: "boss@example.org", password: PASSWORD, role: "admin" })).id;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  // Each test starts from an enabled account with no revocation in force.
  await t.db.update(users).set({ disabled: false, sessionsValidAfter: new Date(0) }).where(sql`true`); // every row, on purpose
});

const now = () => Date.now();
/** What a freshly signed-in token carries. */
const claims = (userId: string, authTime = now()) => ({ userId, authTime, sessionId: crypto.randomUUID() });

describe("checkSessionAccess", () => {
  it("refuses a missing session", async () => {
    expect(await checkSessionAccess(t.db, null)).toEqual({ ok: false, reason: "unauthenticated" });
  });

  it("refuses a token for an account that does not exist", async () => {
    const unknown = claims("00000000-0000-4000-8000-000000000000");
    expect(await checkSessionAccess(t.db, unknown)).toEqual({ ok: false, reason: "unauthenticated" });
    expect(await checkSessionAccess(t.db, claims("not-a-uuid", now()))).toEqual({
      ok: false,
      reason: "unauthenticated",
    });
  });

  it("accepts a current session and returns the user as stored now", async () => {
    const result = await checkSessionAccess(t.db, claims(coordinatorId, now()), "coordinator");
    expect(result).toEqual({
      ok: true,
      user: { id: coordinatorId, email: "coord@example.org", name: "", role: "coordinator", organisation: "" },
    });
  });

  it("refuses a role the account does not have, and lets admins act as coordinators", async () => {
    expect(await checkSessionAccess(t.db, claims(coordinatorId, now()), "admin")).toEqual({
      ok: false,
      reason: "forbidden",
    });
    const admin = await checkSessionAccess(t.db, claims(adminId, now()), "coordinator");
    expect(admin.ok).toBe(true);
  });

  it("refuses a disabled account at its next request", async () => {
    const session = claims(coordinatorId);
    await t.db.update(users).set({ disabled: true }).where(eq(users.id, coordinatorId));
    try {
      expect(await checkSessionAccess(t.db, session)).toEqual({ ok: false, reason: "disabled" });
    } finally {
      await t.db.update(users).set({ disabled: false }).where(eq(users.id, coordinatorId));
    }
  });

  it("refuses a token issued before the account's sessions were revoked", async () => {
    const issued = now();
    await t.db.update(users).set({ sessionsValidAfter: new Date(issued + 1000) }).where(eq(users.id, coordinatorId));
    expect(await checkSessionAccess(t.db, claims(coordinatorId, issued))).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect((await checkSessionAccess(t.db, claims(coordinatorId, issued + 2000))).ok).toBe(true);
  });
});

describe("sessions end", () => {
  it("when signed out: the same token is refused afterwards, other sessions are not", async () => {
    const signedOut = claims(coordinatorId);
    const otherDevice = claims(coordinatorId);
    expect((await checkSessionAccess(t.db, signedOut)).ok).toBe(true);
    await revokeSession(t.db, signedOut);
    await revokeSession(t.db, signedOut); // twice is harmless
    expect(await checkSessionAccess(t.db, signedOut)).toEqual({ ok: false, reason: "revoked" });
    expect((await checkSessionAccess(t.db, otherDevice)).ok).toBe(true);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "session.sign_out"));
    expect(audit).toHaveLength(1);
  });

  it("twelve hours after sign-in, however often the cookie was refreshed", async () => {
    const signedIn = new Date("2026-11-21T08:00:00Z");
    const session = claims(coordinatorId, signedIn.getTime());
    expect((await checkSessionAccess(t.db, session, undefined, new Date("2026-11-21T19:59:00Z"))).ok).toBe(true);
    expect(await checkSessionAccess(t.db, session, undefined, new Date("2026-11-21T20:00:01Z"))).toEqual({
      ok: false,
      reason: "revoked",
    });
  });

  it("refuses a token without a session id", async () => {
    expect(await checkSessionAccess(t.db, { userId: coordinatorId, authTime: now(), sessionId: "" })).toEqual({
      ok: false,
      reason: "unauthenticated",
    });
  });
});

describe("checkCredentials", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    expect((await checkCredentials(t.db, " COORD@example.org ", PASSWORD)).user?.id).toBe(coordinatorId);
  });

  it("refuses a wrong password, an unknown email and a disabled account alike", async () => {
    expect((await checkCredentials(t.db, "coord@example.org", "wrong password")).user).toBeNull();
    expect((await checkCredentials(t.db, "nobody@example.org", PASSWORD)).user).toBeNull();
    await t.db.update(users).set({ disabled: true }).where(eq(users.id, adminId));
    try {
      expect((await checkCredentials(t.db, "boss@example.org", PASSWORD)).user).toBeNull();
    } finally {
      await t.db.update(users).set({ disabled: false }).where(eq(users.id, adminId));
    }
  });

  it("stores argon2id hashes, never the password", async () => {
    const [row] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, coordinatorId));
    expect(row?.hash).toMatch(/^\$argon2id\$/);
    expect(row?.hash).not.toContain(PASSWORD);
  });
});

describe("createUser", () => {
  it("refuses a second account with the same email and writes nothing", async () => {
    const before = await t.db.select().from(auditLog);
    await expect(
      createUser(t.db, null, { email: "coord@EXAMPLE.org", password: PASSWORD, role: "admin" }),
    ).rejects.toBeInstanceOf(DuplicateEmailError);
    expect(await t.db.select().from(auditLog)).toHaveLength(before.length);
  });

  it("audits the creation", async () => {
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.entityId, adminId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "user.create", entityType: "user" });
    expect(JSON.stringify(rows[0]?.after)).not.toMatch(/password/i);
  });
});
