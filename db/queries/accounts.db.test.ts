import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LOGIN_LIMITS } from "@/lib/login-limits";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { auditLog } from "../schema/audit";
import { organisations } from "../schema/organisations";
import { users } from "../schema/users";
import { createTestDb, type TestDb } from "../testing/test-db";
import {
  createAccount,
  getAccount,
  listAccounts,
  resetAccountPassword,
  revokeAccountSessions,
  setAccountDisabled,
  updateAccount,
} from "./accounts";
import { attemptSignIn, createLoginLimiter } from "./login-limiter";
import { checkCredentials, checkSessionAccess, createUser } from "./users";
import { RefusedWriteError, StaleVersionError } from "./write-errors";

let t: TestDb;
let admin: SessionUser;
let secondAdmin: SessionUser;
let proliska: string;
const passwordsShown: string[] = [];

const asUser = (id: string, email: string, role: SessionUser["role"]): SessionUser => ({ id, email, name: "", role, organisation: "" });
const claims = (userId: string, authTime = Date.now()) => ({ userId, authTime, sessionId: "6b3a1f0e-8d2c-4e5f-9a7b-1c2d3e4f5a6b" });
const version = async (id: string) => (await getAccount(t.db, admin, id))!.version;
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

beforeAll(async () => {
  t = await createTestDb();
  const a = await createUser(t.db, null, { email: "boss@example.org", password: "boss password long", role: "admin" });
  admin = asUser(a.id, "boss@example.org", "admin");
  const b = await createUser(t.db, null, { email: "deputy@example.org", password: "deputy password long", role: "admin" });
  secondAdmin = asUser(b.id, "deputy@example.org", "admin");
  const [org] = await t.db.insert(organisations).values({ shortName: "Proliska", nameUk: "Проліска", nameRu: "Пролиска", nameEn: "Proliska" }).returning();
  proliska = org!.id;
});
afterAll(async () => {
  await t?.drop();
});

describe(`accounts (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let coordinatorId: string;

  it("an admin demoted since the request began cannot change accounts", async () => {
    const { id } = await createUser(t.db, null, { email: "fading-admin@example.org", password: "a long enough password", role: "admin" });
    const fading: SessionUser = { id, email: "fading-admin@example.org", name: "", role: "admin", organisation: "" };
    await updateAccount(t.db, admin, { id, baseVersion: 1, input: { name: "", organisationId: null, role: "coordinator" } });
    // `fading` still carries the admin role it had when its request was checked.
    const target = await createUser(t.db, null, { email: "target@example.org", password: "a long enough password", role: "coordinator" });
    await expect(resetAccountPassword(t.db, fading, { id: target.id, baseVersion: 1 })).rejects.toBeInstanceOf(AccessError);
    expect(await version(target.id)).toBe(1);
  });

  it("is for admins only", async () => {
    const coordinator = asUser(admin.id, "c@example.org", "coordinator");
    await expect(listAccounts(t.db, coordinator)).rejects.toBeInstanceOf(AccessError);
    await expect(listAccounts(t.db, null)).rejects.toBeInstanceOf(AccessError);
    await expect(createAccount(t.db, coordinator, { email: "x@example.org", name: "", role: "admin", organisationId: null })).rejects.toBeInstanceOf(AccessError);
    await expect(setAccountDisabled(t.db, coordinator, { id: admin.id, baseVersion: 1, disabled: true })).rejects.toBeInstanceOf(AccessError);
  });

  it("creates an account with a one-time password that signs in; a taken email is refused on the email field", async () => {
    const created = await createAccount(t.db, admin, { email: " Olena@Example.org ", name: "Olena K.", role: "coordinator", organisationId: proliska });
    coordinatorId = created.id;
    passwordsShown.push(created.password);
    expect(created.email).toBe("olena@example.org");
    expect(created.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect((await checkCredentials(t.db, "olena@example.org", created.password)).user?.id).toBe(created.id);
    const listed = await listAccounts(t.db, admin);
    expect(listed.find((a) => a.id === created.id)).toMatchObject({ name: "Olena K.", role: "coordinator", organisation: "Proliska", disabled: false, version: 1 });
    const refused = await refusal(createAccount(t.db, admin, { email: "OLENA@example.org", name: "", role: "admin", organisationId: null }));
    expect(refused).toBeInstanceOf(RefusedWriteError);
    expect(refused).toMatchObject({ field: "email", error: { code: "emailTaken" } });
  });

  it("changes the role, name and organisation; the role holds at the next request", async () => {
    await updateAccount(t.db, admin, { id: coordinatorId, baseVersion: await version(coordinatorId), input: { name: "Olena Kovalenko", organisationId: proliska, role: "admin" } });
    expect(await checkSessionAccess(t.db, claims(coordinatorId), "admin")).toMatchObject({ ok: true });
    await updateAccount(t.db, admin, { id: coordinatorId, baseVersion: await version(coordinatorId), input: { name: "Olena Kovalenko", organisationId: proliska, role: "coordinator" } });
    expect(await checkSessionAccess(t.db, claims(coordinatorId), "admin")).toEqual({ ok: false, reason: "forbidden" });
  });

  it("refuses a change based on an older version, saying who changed it and when", async () => {
    const seen = await version(coordinatorId);
    await updateAccount(t.db, admin, { id: coordinatorId, baseVersion: seen, input: { name: "First", organisationId: proliska, role: "coordinator" } });
    const refused = await refusal(updateAccount(t.db, secondAdmin, { id: coordinatorId, baseVersion: seen, input: { name: "Second", organisationId: null, role: "admin" } }));
    expect(refused).toBeInstanceOf(StaleVersionError);
    expect((refused as StaleVersionError).details).toMatchObject({ entity: "account", changedBy: "boss@example.org", version: seen + 1 });
    expect((refused as StaleVersionError).details.changedAt).toEqual(expect.any(String));
    expect((await getAccount(t.db, admin, coordinatorId))!.name).toBe("First");
    await expect(setAccountDisabled(t.db, admin, { id: coordinatorId, baseVersion: seen, disabled: true })).rejects.toBeInstanceOf(StaleVersionError);
  });

  it("disables an account (refused at its next request and at sign-in) and enables it again", async () => {
    const session = claims(coordinatorId, Date.now() - 1000);
    await setAccountDisabled(t.db, admin, { id: coordinatorId, baseVersion: await version(coordinatorId), disabled: true });
    expect(await checkSessionAccess(t.db, session, "coordinator")).toEqual({ ok: false, reason: "disabled" });
    expect((await checkCredentials(t.db, "olena@example.org", passwordsShown[0]!)).user).toBeNull();
    await setAccountDisabled(t.db, admin, { id: coordinatorId, baseVersion: await version(coordinatorId), disabled: false });
    expect((await checkCredentials(t.db, "olena@example.org", passwordsShown[0]!)).user).not.toBeNull();
    expect(await checkSessionAccess(t.db, claims(coordinatorId, Date.now() + 1), "coordinator")).toMatchObject({ ok: true });
    // The session from before the disable does not come back with the account.
    expect(await checkSessionAccess(t.db, session, "coordinator")).toEqual({ ok: false, reason: "revoked" });
  });

  it("resets the password: the old one fails, the new one works, sessions started before end", async () => {
    const oldSession = claims(coordinatorId, Date.now() - 1000);
    const reset = await resetAccountPassword(t.db, admin, { id: coordinatorId, baseVersion: await version(coordinatorId) });
    passwordsShown.push(reset.password);
    expect(reset.password).not.toBe(passwordsShown[0]);
    expect((await checkCredentials(t.db, "olena@example.org", passwordsShown[0]!)).user).toBeNull();
    expect((await checkCredentials(t.db, "olena@example.org", reset.password)).user?.id).toBe(coordinatorId);
    expect(await checkSessionAccess(t.db, oldSession, "coordinator")).toEqual({ ok: false, reason: "revoked" });
    expect(await checkSessionAccess(t.db, claims(coordinatorId, Date.now() + 1), "coordinator")).toMatchObject({ ok: true });
  });

  it("shows when an account last signed in", async () => {
    expect((await getAccount(t.db, admin, coordinatorId))!.lastSignInAt).toBeNull();
    const limiter = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    await attemptSignIn(t.db, limiter, { email: "olena@example.org", password: passwordsShown.at(-1)!, address: "192.0.2.1" });
    const seen = (await getAccount(t.db, admin, coordinatorId))!.lastSignInAt;
    expect(seen).toBeInstanceOf(Date);
    expect(Math.abs(seen!.getTime() - Date.now())).toBeLessThan(60_000);
    expect((await listAccounts(t.db, admin)).find((a) => a.id === admin.id)!.lastSignInAt).toBeNull();
  });

  it("revokes every session of an account", async () => {
    const before = claims(coordinatorId, Date.now());
    expect(await checkSessionAccess(t.db, before)).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 5));
    await revokeAccountSessions(t.db, admin, { id: coordinatorId, baseVersion: await version(coordinatorId) });
    expect(await checkSessionAccess(t.db, before)).toEqual({ ok: false, reason: "revoked" });
  });

  it("never lets the last active admin be disabled or demoted, and no admin disables themselves", async () => {
    expect(await refusal(setAccountDisabled(t.db, admin, { id: admin.id, baseVersion: await version(admin.id), disabled: true }))).toMatchObject({ field: "form", error: { code: "selfDisable" } });
    // With two admins, one may be demoted; then the other is the last.
    await updateAccount(t.db, admin, { id: secondAdmin.id, baseVersion: await version(secondAdmin.id), input: { name: "", organisationId: null, role: "coordinator" } });
    expect(await refusal(updateAccount(t.db, admin, { id: admin.id, baseVersion: await version(admin.id), input: { name: "", organisationId: null, role: "coordinator" } }))).toMatchObject({
      error: { code: "lastAdmin" },
    });
    // A disabled admin does not count as an admin who could take over.
    await updateAccount(t.db, admin, { id: secondAdmin.id, baseVersion: await version(secondAdmin.id), input: { name: "", organisationId: null, role: "admin" } });
    await setAccountDisabled(t.db, admin, { id: secondAdmin.id, baseVersion: await version(secondAdmin.id), disabled: true });
    expect(await refusal(updateAccount(t.db, admin, { id: admin.id, baseVersion: await version(admin.id), input: { name: "", organisationId: null, role: "coordinator" } }))).toMatchObject({
      error: { code: "lastAdmin" },
    });
    await setAccountDisabled(t.db, admin, { id: secondAdmin.id, baseVersion: await version(secondAdmin.id), disabled: false });
    expect((await getAccount(t.db, admin, admin.id))!.role).toBe("admin");
  });

  it("of two admins demoting each other at the same moment, exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const [va, vb] = [await version(admin.id), await version(secondAdmin.id)];
      const outcomes = await Promise.allSettled([
        updateAccount(t.db, admin, { id: secondAdmin.id, baseVersion: vb, input: { name: "", organisationId: null, role: "coordinator" } }),
        updateAccount(t.db, secondAdmin, { id: admin.id, baseVersion: va, input: { name: "", organisationId: null, role: "coordinator" } }),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const failed = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      // The loser waited for the winner's locks; it is refused either because it would leave no
      // admin or because its own actor is no longer an admin.
      expect(failed.reason instanceof AccessError ? failed.reason.reason : (failed.reason as RefusedWriteError).error.code).toMatch(/^(lastAdmin|forbidden)$/);
      const admins = await t.db.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false)));
      expect(admins).toHaveLength(1);
      // Restore two admins for the next round, by whichever is still admin.
      const survivor = admins[0]!.id === admin.id ? admin : secondAdmin;
      const demoted = survivor === admin ? secondAdmin : admin;
      await updateAccount(t.db, survivor, { id: demoted.id, baseVersion: await version(demoted.id), input: { name: "", organisationId: null, role: "admin" } });
    }
    // The same race between disabling each other.
    const [va, vb] = [await version(admin.id), await version(secondAdmin.id)];
    const disables = await Promise.allSettled([
      setAccountDisabled(t.db, admin, { id: secondAdmin.id, baseVersion: vb, disabled: true }),
      setAccountDisabled(t.db, secondAdmin, { id: admin.id, baseVersion: va, disabled: true }),
    ]);
    expect(disables.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const active = await t.db.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false)));
    expect(active).toHaveLength(1);
  });

  it("audits every change with before and after, and never a password or its hash", async () => {
    const rows = await t.db.select().from(auditLog).where(like(auditLog.action, "user.%")).orderBy(asc(auditLog.id));
    const actions = new Set(rows.map((r) => r.action));
    for (const action of ["user.create", "user.update", "user.disable", "user.enable", "user.reset_password", "user.revoke_sessions"]) expect(actions).toContain(action);
    const reset = rows.find((r) => r.action === "user.reset_password")!;
    expect(reset).toMatchObject({ actorId: admin.id, entityId: coordinatorId, after: { passwordReset: true } });
    expect(rows.find((r) => r.action === "user.disable")).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    const text = JSON.stringify(rows);
    const hashes = (await t.db.select({ h: users.passwordHash }).from(users)).map((r) => r.h);
    for (const secret of [...passwordsShown, ...hashes, "$argon2"]) expect(text).not.toContain(secret);
  });
});
