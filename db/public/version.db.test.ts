import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "../schema/routes";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { readPublicVersion } from "./version";
import { createUser } from "../queries/users";
import { inLanguage } from "@/lib/localized-text";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
});
afterAll(async () => {
  await t?.drop();
});

describe("the public data's version", () => {
  it("moves with every write the public pages show, and only with those", async () => {
    const start = await readPublicVersion(t.db);
    await t.db.update(routes).set({ statusReason: inLanguage("en", "Bridge repaired.") }).where(sql`slug = 'lysychansk-bakhmut'`);
    const afterRoute = await readPublicVersion(t.db);
    expect(afterRoute).not.toBe(start);
    // Staff-only tables (accounts, the audit log) leave it alone: no public cache is emptied for them.
    await createUser(t.db, null, { email: "v@example.org", password: "a long enough password", role: "coordinator" });
    expect(await readPublicVersion(t.db)).toBe(afterRoute);
    // A write that changes nothing still moves it: harmless, one re-render.
    await t.db.execute(sql`update towns set aliases = aliases`);
    expect(await readPublicVersion(t.db)).not.toBe(afterRoute);
  });
});
