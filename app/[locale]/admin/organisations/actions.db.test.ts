import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { createOrganisation } from "@/db/queries/organisations";
import { checkSessionAccess, createUser } from "@/db/queries/users";
import { organisations } from "@/db/schema/organisations";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { SessionClaims } from "@/lib/session-user";
import { recordProof } from "@/server/security/record-proof";

// The organisation edit form names its organisation in hidden fields that anyone can change
// before sending: sent with another organisation's id it must edit nothing, not that one.

const state = vi.hoisted(() => ({ db: null as unknown as Db, claims: null as SessionClaims | null }));
vi.mock("@/db", () => ({ getDb: async () => state.db }));
vi.mock("@/auth/require-user", () => ({ getAccess: (role?: "admin" | "coordinator") => checkSessionAccess(state.db, state.claims, role) }));
vi.mock("next-intl/server", () => ({ getLocale: async () => "en" }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {} }));
vi.stubEnv("AUTH_SECRET", "organisation-form-test-secret-0123456789abcdef");
const { updateOrganisationAction } = await import("./actions");

let t: TestDb;
const ids = { a: "", b: "" };
const fields = (name: string) => ({ shortName: name, nameUk: `${name} uk`, nameRu: `${name} ru`, nameEn: `${name} en`, publicContact: "" });

beforeAll(async () => {
  t = await createTestDb();
  state.db = t.db;
  const admin = await createUser(t.db, null, { email: "org-form-admin@example.org", password: "a long enough password", role: "admin" });
  state.claims = { userId: admin.id, sessionId: crypto.randomUUID(), authTime: Date.now() };
  const actor = { id: admin.id, email: "org-form-admin@example.org", name: "", role: "admin" as const, organisation: "" };
  ids.a = (await createOrganisation(t.db, actor, fields("Alpha Aid"))).id;
  ids.b = (await createOrganisation(t.db, actor, fields("Bravo Relief"))).id;
}, 60_000);
afterAll(async () => {
  await t?.drop();
});

function post(values: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(values)) form.append(k, v);
  return updateOrganisationAction({ status: "idle" }, form);
}
const rows = () => t.db.select().from(organisations).orderBy(organisations.shortName);
const isRedirect = (error: unknown) => String((error as { digest?: unknown })?.digest ?? "").startsWith("NEXT_REDIRECT");

describe("the organisation edit form", () => {
  it("refuses A's page sent with B's id, changing neither (as the page said: the page was altered)", async () => {
    const before = await rows();
    // A's page, A's proof, the id changed to B's and A renamed: B must not become "Alpha Renamed".
    const state = await post({ id: ids.b, version: "1", recordProof: recordProof("organisation", ids.a), ...fields("Alpha Renamed") });
    expect(state).toMatchObject({ status: "invalid", formError: { code: "formAltered" } });
    expect(await rows()).toEqual(before);
  });

  it.each([
    ["no proof", {}],
    ["a mangled proof", { recordProof: "forged" }],
  ])("refuses a form with %s, changing nothing", async (_, proof) => {
    const before = await rows();
    const state = await post({ id: ids.a, version: "1", ...proof, ...fields("Alpha Renamed") });
    expect(state).toMatchObject({ status: "invalid", formError: { code: "formAltered" } });
    expect(await rows()).toEqual(before);
  });

  it("saves the organisation whose page the form came from", async () => {
    let redirected = false;
    try {
      await post({ id: ids.a, version: "1", recordProof: recordProof("organisation", ids.a), ...fields("Alpha Renamed") });
    } catch (error) {
      if (!isRedirect(error)) throw error;
      redirected = true;
    }
    expect(redirected).toBe(true);
    const [a] = await t.db.select().from(organisations).where(eq(organisations.id, ids.a));
    const [b] = await t.db.select().from(organisations).where(eq(organisations.id, ids.b));
    expect(a!.shortName).toBe("Alpha Renamed");
    expect(b!.shortName).toBe("Bravo Relief");
  });
});
