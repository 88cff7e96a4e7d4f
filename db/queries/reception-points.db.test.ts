import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReceptionPointInput } from "@/lib/forms/reception-point-schema";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { pagePublicReceptionPoints, listPublicReceptionPoints } from "../public/reception-points";
import { readPublicVersion } from "../public/version";
import { scenarioId } from "../scenario/ids";
import { auditLog } from "../schema/audit";
import { receptionPointEvents, receptionPoints } from "../schema/reception-points";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createOrganisation } from "./organisations";
import { confirmReceptionPoint, createReceptionPoint, getReceptionPoint, listReceptionPoints, updateReceptionPoint } from "./reception-points";
import { createUser } from "./users";
import { RefusedWriteError, StaleVersionError } from "./write-errors";

let t: TestDb;
let admin: SessionUser;
let keeper: SessionUser;
let other: SessionUser;
let homeless: SessionUser;

const T0 = new Date("2026-11-21T10:00:00Z");
const MINUTE = 60_000;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

const input = (over: Partial<ReceptionPointInput> = {}): ReceptionPointInput => ({
  townId: scenarioId("town:zaporizhzhia"),
  name: { uk: "Школа №5", ru: "Школа №5", en: "School No. 5" },
  address: { uk: "вул. Тестова, 1", ru: "ул. Тестовая, 1", en: "1 Test Street" },
  bedsTotal: 400,
  bedsAccessible: 20,
  bedsFree: 120,
  bedsAccessibleFree: 4,
  services: ["medical", "food"],
  status: "open",
  ...over,
});

async function account(email: string, role: "admin" | "coordinator", organisationId: string | null): Promise<SessionUser> {
  const { id } = await createUser(t.db, null, { email, password: "reception test password", role, organisationId });
  return { id, email, name: "", role, organisation: "" };
}

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: T0 });
  const seedAdmin = await account("reception-admin@example.org", "admin", null);
  admin = seedAdmin;
  const { id: keeping } = await createOrganisation(t.db, admin, { shortName: "Reception keepers", nameUk: "k", nameRu: "k", nameEn: "k", publicContact: "" });
  const { id: elsewhere } = await createOrganisation(t.db, admin, { shortName: "Other NGO", nameUk: "o", nameRu: "o", nameEn: "o", publicContact: "" });
  keeper = await account("reception-keeper@example.org", "coordinator", keeping);
  other = await account("reception-other@example.org", "coordinator", elsewhere);
  homeless = await account("reception-homeless@example.org", "coordinator", null);
});
afterAll(async () => {
  await t?.drop();
});

describe(`reception points (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a coordinator adds one kept by their organisation, confirmed at once, with its history, audit and a new public version", async () => {
    const versionBefore = await readPublicVersion(t.db);
    const { id } = await createReceptionPoint(t.db, keeper, { input: input(), now: T0 });
    expect(await readPublicVersion(t.db)).not.toBe(versionBefore);
    const point = await getReceptionPoint(t.db, keeper, { id });
    expect(point).toMatchObject({ organisation: "Reception keepers", bedsFree: 120, version: 1, canEdit: true, confirmedAt: T0 });
    expect(point!.history.map((h) => h.kind)).toEqual(["created"]);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "reception_point"), eq(auditLog.entityId, id)));
    expect(audit.map((a) => a.action)).toEqual(["reception_point.create"]);
    // Another organisation's coordinator sees it (to send people there) but may not change it.
    expect((await listReceptionPoints(t.db, other)).find((p) => p.id === id)?.canEdit).toBe(false);
  });

  it("refuses without a role, without an organisation, and an unknown town on its field", async () => {
    await expect(createReceptionPoint(t.db, null, { input: input(), now: T0 })).rejects.toBeInstanceOf(AccessError);
    await expect(listReceptionPoints(t.db, null)).rejects.toBeInstanceOf(AccessError);
    await expect(createReceptionPoint(t.db, homeless, { input: input(), now: T0 })).rejects.toMatchObject({ field: "form", error: { code: "noOrganisationToKeep" } });
    const unknownTown = await createReceptionPoint(t.db, keeper, { input: input({ townId: crypto.randomUUID() }), now: T0 }).catch((e: unknown) => e);
    expect(unknownTown).toBeInstanceOf(RefusedWriteError);
    expect(unknownTown).toMatchObject({ field: "townId" });
  });

  it("the database refuses counts that do not fit inside each other, whatever wrote them", async () => {
    await expect(createReceptionPoint(t.db, keeper, { input: input({ bedsFree: 401 }), now: T0 })).rejects.toThrow();
    await expect(createReceptionPoint(t.db, keeper, { input: input({ bedsAccessibleFree: 21 }), now: T0 })).rejects.toThrow();
  });

  it("only the keeping organisation (or an admin) edits or confirms; an edit of an older version is refused with the newer one", async () => {
    const { id } = await createReceptionPoint(t.db, keeper, { input: input(), now: T0 });
    await expect(updateReceptionPoint(t.db, other, { id, baseVersion: 1, input: input({ bedsFree: 0 }), now: at(5) })).rejects.toBeInstanceOf(AccessError);
    await expect(confirmReceptionPoint(t.db, other, { id, baseVersion: 1, now: at(5) })).rejects.toBeInstanceOf(AccessError);
    await updateReceptionPoint(t.db, keeper, { id, baseVersion: 1, input: input({ bedsFree: 90, status: "nearly_full" }), now: at(10) });
    const stale = await confirmReceptionPoint(t.db, keeper, { id, baseVersion: 1, now: at(11) }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect((stale as StaleVersionError).details).toMatchObject({ entity: "receptionPoint", version: 2, changedBy: keeper.email });
    await confirmReceptionPoint(t.db, admin, { id, baseVersion: 2, now: at(30) });
    const [row] = await t.db.select().from(receptionPoints).where(eq(receptionPoints.id, id));
    expect(row).toMatchObject({ bedsFree: 90, status: "nearly_full", version: 3, confirmedAt: at(30), confirmedBy: admin.id });
    const events = await t.db.select().from(receptionPointEvents).where(eq(receptionPointEvents.receptionPointId, id)).orderBy(receptionPointEvents.id);
    expect(events.map((e) => [e.kind, e.pointVersion, e.bedsFree])).toEqual([
      ["created", 1, 120],
      ["updated", 2, 90],
      ["confirmed", 3, 90],
    ]);
  });

  it("two coordinators confirming from the same version at once: one wins, the other is told", async () => {
    const { id } = await createReceptionPoint(t.db, keeper, { input: input(), now: T0 });
    const outcomes = await Promise.allSettled([
      updateReceptionPoint(t.db, keeper, { id, baseVersion: 1, input: input({ bedsFree: 100 }), now: at(1) }),
      updateReceptionPoint(t.db, admin, { id, baseVersion: 1, input: input({ bedsFree: 80 }), now: at(1) }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect((outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(StaleVersionError);
    const [row] = await t.db.select({ version: receptionPoints.version }).from(receptionPoints).where(eq(receptionPoints.id, id));
    expect(row!.version).toBe(2);
  });

  it("the public read gives free beds only while fresh, exactly up to the window's end, and never who confirmed", async () => {
    const { id } = await createReceptionPoint(t.db, keeper, { input: input({ townId: scenarioId("town:dnipro") }), now: T0 });
    const read = async (now: Date) => (await listPublicReceptionPoints(t.db, { now, slug: "dnipro" })).find((p) => p.id === id)!;
    const fresh = await read(at(40));
    expect(fresh.report).toMatchObject({ fresh: true, status: "open", free: { beds: 120, accessibleBeds: 4 }, ageMinutes: 40 });
    expect((await read(at(180))).report).toMatchObject({ fresh: true, free: { beds: 120 } });
    const stale = await read(new Date(at(180).getTime() + 1));
    expect(stale.report).toMatchObject({ fresh: false, status: "unconfirmed", free: null, capacity: { beds: 400, accessibleBeds: 20 } });
    expect(JSON.stringify(stale)).not.toContain(keeper.id);
    expect(JSON.stringify(stale)).not.toContain("Reception keepers");
    // The seeded Dnipro point was confirmed four hours before the seed's clock: stale from the start.
    const seeded = (await listPublicReceptionPoints(t.db, { now: T0, slug: "dnipro" })).find((p) => p.id === scenarioId("reception-point:dnipro-station"))!;
    expect(seeded.report).toMatchObject({ fresh: false, status: "unconfirmed", free: null });
  });

  it("pages by id with a total, filters by town, and names the earliest instant a listed point goes stale", async () => {
    const now = at(20);
    const all = await pagePublicReceptionPoints(t.db, { now, limit: 1000 });
    const first = await pagePublicReceptionPoints(t.db, { now, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(all.total);
    const second = await pagePublicReceptionPoints(t.db, { now, limit: 1000, after: first.next });
    expect([...first.items, ...second.items].map((p) => p.id)).toEqual(all.items.map((p) => p.id));
    const dnipro = await pagePublicReceptionPoints(t.db, { now, town: "dnipro" });
    expect(dnipro.items.every((p) => p.town.slug === "dnipro")).toBe(true);
    const staleAts = all.items.flatMap((p) => (p.report.staleAt && p.report.staleAt >= now ? [p.report.staleAt.getTime()] : []));
    expect(all.nextChange?.getTime()).toBe(Math.min(...staleAts));
    // The seeded Zaporizhzhia point: confirmed 40 minutes before T0 with a three-hour window.
    expect(all.nextChange!.getTime()).toBe(T0.getTime() - 40 * MINUTE + 3 * 60 * MINUTE);
  });
});
