import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createUser } from "@/db/queries/users";
import { users } from "@/db/schema/users";
import { createTestDb, type TestDb } from "@/db/testing/test-db";

// requireUser as pages and actions call it: only the session source and Next's navigation
// functions are replaced; the database check is the real one, on a real database.
const session = vi.hoisted(() => ({ current: null as null | { userId?: string; authTime?: number; sessionId?: string } }));
const testDb = vi.hoisted(() => ({ current: null as unknown }));
const pagePath = vi.hoisted(() => ({ current: null as string | null }));

vi.mock("./config", () => ({ auth: async () => session.current }));
vi.mock("@/db", () => ({ getDb: async () => testDb.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(pagePath.current === null ? {} : { "x-corridor-page-path": pagePath.current }) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`REDIRECT ${url}`);
  },
  forbidden: () => {
    throw new Error("FORBIDDEN");
  },
}));
// React's cache() memoises per server request; here every call is its own request.
vi.mock("react", async (importOriginal) => ({ ...(await importOriginal<typeof import("react")>()), cache: <T,>(fn: T) => fn }));

const { requireUser, getAccess } = await import("./require-user");

let t: TestDb;
let coordinatorId: string;

beforeAll(async () => {
  t = await createTestDb();
  testDb.current = t.db;
  coordinatorId = (await createUser(t.db, null, { email: "c@example.org", password: "long enough password", role: "coordinator" })).id;
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await t.db.update(users).set({ disabled: false, sessionsValidAfter: new Date(0) }).where(eq(users.id, coordinatorId));
  session.current = { userId: coordinatorId, authTime: Date.now(), sessionId: "6b3a1f0e-8d2c-4e5f-9a7b-1c2d3e4f5a6b" };
  pagePath.current = null;
});

describe("requireUser", () => {
  it("returns the account for a valid session with the role", async () => {
    await expect(requireUser("coordinator")).resolves.toMatchObject({ id: coordinatorId, role: "coordinator" });
    await expect(requireUser()).resolves.toMatchObject({ email: "c@example.org" });
  });

  it("sends a visitor without a session to sign in", async () => {
    session.current = null;
    await expect(requireUser("coordinator")).rejects.toThrow("REDIRECT /login");
    expect(await getAccess("coordinator")).toEqual({ ok: false, reason: "unauthenticated" });
  });

  it("refuses a role the account does not have with 403", async () => {
    await expect(requireUser("admin")).rejects.toThrow("FORBIDDEN");
  });

  it("refuses a disabled account at its next request", async () => {
    await t.db.update(users).set({ disabled: true }).where(eq(users.id, coordinatorId));
    await expect(requireUser("coordinator")).rejects.toThrow("REDIRECT /login?reason=disabled");
  });

  it("refuses a token issued before the account's sessions were revoked", async () => {
    await t.db.update(users).set({ sessionsValidAfter: new Date(Date.now() + 5_000) }).where(eq(users.id, coordinatorId));
    await expect(requireUser("coordinator")).rejects.toThrow("REDIRECT /login?reason=revoked");
  });

  it("refuses a session whose token lacks the sign-in time or the session id", async () => {
    session.current = { userId: coordinatorId, sessionId: "6b3a1f0e-8d2c-4e5f-9a7b-1c2d3e4f5a6b" };
    await expect(requireUser("coordinator")).rejects.toThrow("REDIRECT /login");
    session.current = { userId: coordinatorId, authTime: Date.now() };
    await expect(requireUser("coordinator")).rejects.toThrow("REDIRECT /login");
  });

  it("sends the visitor to sign in in the page's language, and back to the page afterwards", async () => {
    session.current = null;
    pagePath.current = "/uk/coordinate/towns?view=all";
    await expect(requireUser("coordinator")).rejects.toThrow("REDIRECT /uk/login?callbackUrl=%2Fuk%2Fcoordinate%2Ftowns%3Fview%3Dall");
    await t.db.update(users).set({ disabled: true }).where(eq(users.id, coordinatorId));
    session.current = { userId: coordinatorId, authTime: Date.now(), sessionId: "6b3a1f0e-8d2c-4e5f-9a7b-1c2d3e4f5a6b" };
    await expect(requireUser("coordinator")).rejects.toThrow("REDIRECT /uk/login?reason=disabled&callbackUrl=%2Fuk%2Fcoordinate%2Ftowns%3Fview%3Dall");
  });
});
