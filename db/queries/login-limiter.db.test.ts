import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addressLimitKey, DEFAULT_LOGIN_LIMITS } from "@/lib/login-limits";
import { clientAddressOf } from "@/server/client-address";
import { auditLog } from "../schema/audit";
import { loginLimits } from "../schema/login-limits";
import { createTestDb, type TestDb } from "../testing/test-db";
import { attemptSignIn, clearAccountLoginFailures, createLoginLimiter, pgQueryAdapter } from "./login-limiter";
import { createUser } from "./users";

const PASSWORD = "the right password, long";
let t: TestDb;
let accountId: string;

beforeAll(async () => {
  t = await createTestDb();
  accountId = (await createUser(t.db, null, { email: "locked@example.org", password: PASSWORD, role: "coordinator" })).id;
  await createUser(t.db, null, { email: "other@example.org", password: PASSWORD, role: "coordinator" });
});
afterAll(async () => {
  await t?.drop();
});
afterEach(async () => {
  vi.useRealTimers();
  await t.db.delete(loginLimits).where(sql`true`); // every row, on purpose
});

const attempt = (limiter: ReturnType<typeof createLoginLimiter>, email: string, password: string, address = "203.0.113.7") =>
  attemptSignIn(t.db, limiter, { email, password, address });

describe("pgQueryAdapter", () => {
  it("answers the pg-style query() with parameters, rows and a row count on this driver", async () => {
    const client = pgQueryAdapter(t.db);
    const inserted = await client.query({ text: "insert into login_limits values ($1, $2, $3) returning points, expire", values: ["k:1", 2, 1_900_000_000_000] });
    expect(inserted.rows).toEqual([{ points: 2, expire: 1_900_000_000_000 }]);
    const none = await client.query({ text: "select points from login_limits where key = $1", values: ["k:none"] });
    expect(none.rowCount).toBe(0);
    const deleted = await client.query({ text: "delete from login_limits where key = $1", values: ["k:1"] });
    expect(deleted.rowCount).toBe(1);
    // A value is a parameter, never SQL text.
    const quoted = await client.query({ text: "select $1::text as v", values: ["'); drop table users; --"] });
    expect(quoted.rows).toEqual([{ v: "'); drop table users; --" }]);
  });
});

describe(`sign-in limits (${DEFAULT_LOGIN_LIMITS.maxPerAccount} per account, ${DEFAULT_LOGIN_LIMITS.maxPerAddress} per address, ${DEFAULT_LOGIN_LIMITS.windowSeconds / 60} min)`, () => {
  it("refuses the sixth attempt on an account after five failures, even with the right password", async () => {
    const limiter = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    for (let i = 0; i < 5; i++) expect(await attempt(limiter, "locked@example.org", `wrong ${i}`)).toEqual({ ok: false, reason: "invalid" });
    const refused = await attempt(limiter, " LOCKED@example.org ", PASSWORD);
    expect(refused).toMatchObject({ ok: false, reason: "locked" });
    expect(refused.ok === false && refused.reason === "locked" && refused.retryAfterMs).toBeGreaterThan(14 * 60_000);
    // Another account from the same address is not affected.
    expect(await attempt(limiter, "other@example.org", PASSWORD)).toMatchObject({ ok: true });
  });

  it("locks an unknown email the same way, so the refusal does not tell which emails exist", async () => {
    const limiter = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    for (let i = 0; i < 5; i++) expect(await attempt(limiter, "nobody@example.org", "x")).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(limiter, "nobody@example.org", "x")).toMatchObject({ ok: false, reason: "locked" });
  });

  it("counts only failures: a success clears the account's counter and returns the address's point", async () => {
    const limiter = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    for (let i = 0; i < 4; i++) await attempt(limiter, "locked@example.org", "wrong");
    expect(await attempt(limiter, "locked@example.org", PASSWORD)).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) expect(await attempt(limiter, "locked@example.org", "wrong")).toEqual({ ok: false, reason: "invalid" });
    // 25 successful sign-ins from one address lock nothing.
    for (let i = 0; i < 25; i++) expect((await attempt(limiter, "other@example.org", PASSWORD, "198.51.100.1")).ok).toBe(true);
  });

  it("locks an address after twenty failures across different emails, for every account", async () => {
    const limiter = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    for (let i = 0; i < 20; i++) expect(await attempt(limiter, `guess${i}@example.org`, "x")).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(limiter, "other@example.org", PASSWORD)).toMatchObject({ ok: false, reason: "locked" });
    // The same account from another address still signs in.
    expect(await attempt(limiter, "other@example.org", PASSWORD, "198.51.100.2")).toMatchObject({ ok: true });
  });

  it("a forged X-Forwarded-For does not escape the address limit", async () => {
    const limiter = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    // The address as the server records it (server/client-address.ts): the socket's peer, or
    // behind one trusted proxy (192.0.2.1) the entry that proxy appended.
    const key = (peer: string, forwardedFor: string, hops: number) =>
      addressLimitKey(clientAddressOf({ headers: { "x-forwarded-for": forwardedFor }, socket: { remoteAddress: peer } as never }, hops));
    for (let i = 0; i < 20; i++) {
      const direct = key("203.0.113.9", `10.0.${i}.1`, 0);
      const proxied = key("192.0.2.1", `10.1.${i}.1, 198.51.100.9`, 1);
      expect([direct, proxied]).toEqual(["203.0.113.9", "198.51.100.9"]);
      await attempt(limiter, `spray${i}@example.org`, "x", direct);
      await attempt(limiter, `spray${i}@example.org`, "x", proxied);
    }
    expect(await attempt(limiter, "other@example.org", PASSWORD, key("203.0.113.9", "1.2.3.4", 0))).toMatchObject({ reason: "locked" });
    expect(await attempt(limiter, "other@example.org", PASSWORD, key("192.0.2.1", "5.6.7.8, 198.51.100.9", 1))).toMatchObject({ reason: "locked" });
  });

  it("shares the counters between app instances (two limiters on one database)", async () => {
    const first = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    const second = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? first : second, "locked@example.org", "wrong");
    expect(await attempt(first, "locked@example.org", PASSWORD)).toMatchObject({ reason: "locked" });
    expect(await attempt(second, "locked@example.org", PASSWORD)).toMatchObject({ reason: "locked" });
  });

  it("counts parallel guesses one by one: no more than five are checked", async () => {
    const limiter = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => attempt(limiter, "locked@example.org", "wrong")));
    expect(outcomes.filter((o) => !o.ok && o.reason === "invalid")).toHaveLength(5);
    expect(outcomes.filter((o) => !o.ok && o.reason === "locked")).toHaveLength(7);
  });

  it("lets the account try again when the window ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date("2026-11-21T10:00:00Z");
    vi.setSystemTime(start);
    const limiter = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    for (let i = 0; i < 5; i++) await attempt(limiter, "locked@example.org", "wrong");
    vi.setSystemTime(new Date(start.getTime() + 14 * 60_000));
    expect(await attempt(limiter, "locked@example.org", PASSWORD)).toMatchObject({ reason: "locked", retryAfterMs: 60_000 });
    vi.setSystemTime(new Date(start.getTime() + 15 * 60_000 + 1));
    expect(await attempt(limiter, "locked@example.org", PASSWORD)).toMatchObject({ ok: true });
  });

  it("audits every attempt with the normalised email and address, never the password", async () => {
    const limiter = createLoginLimiter(t.db, { ...DEFAULT_LOGIN_LIMITS, maxPerAccount: 1 });
    await attempt(limiter, "Other@Example.org", PASSWORD, "192.0.2.55");
    await attempt(limiter, "ghost@example.org", "secret-guess-1", "192.0.2.55");
    await attempt(limiter, "ghost@example.org", "secret-guess-2", "192.0.2.55");
    await attempt(limiter, "locked@example.org", "secret-guess-3", "192.0.2.55");
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(and(inArray(auditLog.action, ["session.sign_in", "session.sign_in_failed", "session.sign_in_refused_locked"])))
      .orderBy(asc(auditLog.id));
    const mine = rows.filter((r) => (r.after as { address?: string }).address === "192.0.2.55");
    expect(mine.map((r) => [r.action, (r.after as { email: string }).email, r.actorId === null, r.entityId === null])).toEqual([
      ["session.sign_in", "other@example.org", false, false],
      ["session.sign_in_failed", "ghost@example.org", true, true],
      ["session.sign_in_refused_locked", "ghost@example.org", true, true],
      ["session.sign_in_failed", "locked@example.org", true, false],
    ]);
    expect(mine.find((r) => r.action === "session.sign_in_failed" && r.entityId)?.entityId).toBe(accountId);
    expect(JSON.stringify(rows)).not.toMatch(/secret-guess|the right password/);
    const [stored] = await t.db.select().from(loginLimits).where(eq(loginLimits.key, "address:192.0.2.55"));
    expect(stored?.points).toBe(3);
  });

  it("audits a lockout once, when it begins, however many refused attempts follow", async () => {
    const limiter = createLoginLimiter(t.db, { ...DEFAULT_LOGIN_LIMITS, maxPerAccount: 2 });
    const address = "192.0.2.77";
    for (let i = 0; i < 12; i++) await attempt(limiter, "flood@example.org", `guess ${i}`, address);
    const rows = (await t.db.select().from(auditLog).where(eq(auditLog.action, "session.sign_in_refused_locked"))).filter(
      (r) => (r.after as { address?: string }).address === address,
    );
    expect(rows).toHaveLength(1);
  });

  it("an admin's password reset or enabling the account forgets its failures", async () => {
    const limiter = createLoginLimiter(t.db, DEFAULT_LOGIN_LIMITS);
    for (let i = 0; i < 6; i++) await attempt(limiter, "locked@example.org", `wrong ${i}`);
    expect(await attempt(limiter, "locked@example.org", PASSWORD)).toMatchObject({ ok: false, reason: "locked" });
    await t.db.transaction((tx) => clearAccountLoginFailures(tx, " Locked@Example.org"));
    expect(await attempt(limiter, "locked@example.org", PASSWORD)).toMatchObject({ ok: true });
  });
});
