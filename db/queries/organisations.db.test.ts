import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { auditLog } from "../schema/audit";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createAccount, getAccount } from "./accounts";
import { createOrganisation, getOrganisation, listOrganisations, updateOrganisation } from "./organisations";
import { createUser } from "./users";
import { RefusedWriteError, StaleVersionError } from "./write-errors";

let t: TestDb;
let admin: SessionUser;
let coordinator: SessionUser;

const names = (shortName: string) => ({ shortName, nameUk: `${shortName} uk`, nameRu: `${shortName} ru`, nameEn: `${shortName} en`, publicContact: "" });

beforeAll(async () => {
  t = await createTestDb();
  const a = await createUser(t.db, null, { email: "org-admin@example.org", password: "org admin password", role: "admin" });
  admin = { id: a.id, email: "org-admin@example.org", name: "", role: "admin", organisation: "" };
  const c = await createUser(t.db, null, { email: "org-coordinator@example.org", password: "org coordinator password", role: "coordinator" });
  coordinator = { id: c.id, email: "org-coordinator@example.org", name: "", role: "coordinator", organisation: "" };
});
afterAll(async () => {
  await t?.drop();
});

describe(`organisations (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("only an admin creates or edits one; every write has its audit row", async () => {
    await expect(createOrganisation(t.db, coordinator, names("Nope"))).rejects.toBeInstanceOf(AccessError);
    const { id } = await createOrganisation(t.db, admin, { ...names("East SOS"), publicContact: "+380 800 000 000" });
    const { version } = await updateOrganisation(t.db, admin, { id, baseVersion: 1, input: { ...names("East SOS"), nameEn: "East SOS (Schid SOS)", publicContact: "" } });
    expect(version).toBe(2);
    expect(await getOrganisation(t.db, admin, id)).toMatchObject({ shortName: "East SOS", nameEn: "East SOS (Schid SOS)", version: 2 });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "organisation"), eq(auditLog.entityId, id)));
    expect(audit.map((r) => r.action).sort()).toEqual(["organisation.create", "organisation.update"]);
    expect((await listOrganisations(t.db, coordinator)).map((o) => o.shortName)).toContain("East SOS");
  });

  it("refuses a taken short name on its field, and an edit of an older version with the newer one", async () => {
    const { id } = await createOrganisation(t.db, admin, names("Proliska"));
    const taken = await createOrganisation(t.db, admin, names("Proliska")).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(RefusedWriteError);
    expect(taken).toMatchObject({ field: "shortName", error: { code: "organisationTaken" } });
    await updateOrganisation(t.db, admin, { id, baseVersion: 1, input: names("Proliska") });
    const stale = await updateOrganisation(t.db, admin, { id, baseVersion: 1, input: names("Proliska 2") }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect((stale as StaleVersionError).details).toMatchObject({ entity: "organisation", version: 2, changedBy: admin.email });
    expect((await getOrganisation(t.db, admin, id))!.shortName).toBe("Proliska");
  });

  it("an account points at an organisation and shows its short name; an unknown one is refused", async () => {
    const { id: organisationId } = await createOrganisation(t.db, admin, names("Angels of Salvation"));
    const created = await createAccount(t.db, admin, { email: "angel@example.org", name: "", role: "coordinator", organisationId });
    expect(await getAccount(t.db, admin, created.id)).toMatchObject({ organisationId, organisation: "Angels of Salvation" });
    const refused = await createAccount(t.db, admin, { email: "ghost@example.org", name: "", role: "coordinator", organisationId: crypto.randomUUID() }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ field: "organisationId", error: { code: "invalidChoice" } });
  });
});
