import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session-user";
import { auditLog } from "../schema/audit";
import { towns } from "../schema/places";
import { scenarioId } from "../scenario/ids";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createNotice, expireNotice, listNoticesForCoordinators, updateNotice } from "./area-notices";
import { createTown, deleteTown, getTownForEdit, updateTown, type TownInput } from "./towns";
import { createUser } from "./users";
import { RefusedWriteError, StaleVersionError } from "./write-errors";

let t: TestDb;
let coordinator: SessionUser;
let oblastId: string;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  const { id } = await createUser(t.db, null, { email: "c@example.org", password: "a long enough password", role: "coordinator" });
  coordinator = { id, email: "c@example.org", name: "", role: "coordinator", organisation: "" };
  oblastId = (await getTownForEdit(t.db, coordinator, "lysychansk"))!.oblastId;
});
afterAll(async () => {
  await t?.drop();
});

const input = (over: Partial<TownInput> = {}): TownInput => ({
  slug: "zolote",
  nameUk: "Золоте",
  nameRu: "Золотое",
  nameEn: "Zolote",
  aliases: ["Zolotoe"],
  oblastId,
  pcode: null,
  lat: 48.697,
  lon: 38.516,
  ...over,
});
const audits = async (action: string) => (await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)))[0]!.n;

describe("towns", () => {
  it("creates a town with its audit row, and refuses a second town with the same slug", async () => {
    await createTown(t.db, coordinator, input());
    expect(await audits("town.create")).toBe(1);
    const refused = await createTown(t.db, coordinator, input({ nameEn: "Zolote 2" })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedWriteError);
    expect(refused).toMatchObject({ field: "slug", error: { code: "slugTaken" } });
    expect(await audits("town.create")).toBe(1);
  });

  it("refuses an edit based on an older version", async () => {
    const town = (await getTownForEdit(t.db, coordinator, "zolote"))!;
    await updateTown(t.db, coordinator, { id: town.id, baseVersion: town.version, input: input({ aliases: ["Zolotoe", "Золоте-1"] }) });
    await expect(updateTown(t.db, coordinator, { id: town.id, baseVersion: town.version, input: input({ nameEn: "Overwritten" }) })).rejects.toBeInstanceOf(StaleVersionError);
    expect((await getTownForEdit(t.db, coordinator, "zolote"))!.nameEn).toBe("Zolote");
  });

  it("refuses to delete a town that routes use, naming the routes", async () => {
    const lysychansk = (await getTownForEdit(t.db, coordinator, "lysychansk"))!;
    const refused = await deleteTown(t.db, coordinator, { id: lysychansk.id, baseVersion: lysychansk.version }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ field: "form", error: { code: "townUsedByRoutes", values: { routes: "lysychansk-bakhmut" } } });
    expect(await getTownForEdit(t.db, coordinator, "lysychansk")).not.toBeNull();
  });

  it("deletes an unused town and audits what it was", async () => {
    const town = (await getTownForEdit(t.db, coordinator, "zolote"))!;
    await deleteTown(t.db, coordinator, { id: town.id, baseVersion: town.version });
    expect(await t.db.select().from(towns).where(eq(towns.slug, "zolote"))).toHaveLength(0);
    expect(await audits("town.delete")).toBe(1);
  });
});

describe("area notices", () => {
  it("creates a notice in force and expires it, keeping it in the record", async () => {
    const now = new Date(Date.now() - 2000);
    const { id } = await createNotice(t.db, coordinator, { input: { townId: scenarioId("town:kreminna"), oblastId: null, severity: "danger", textUk: "Виїзд неможливий", textRu: "", textEn: "", expiresAt: null }, now });
    const listed = (await listNoticesForCoordinators(t.db, coordinator, now)).find((n) => n.id === id)!;
    expect(listed).toMatchObject({ inForce: true, town: { slug: "kreminna" } });
    const later = new Date(now.getTime() + 1000);
    await expireNotice(t.db, coordinator, { id, baseVersion: listed.version, now: later });
    const ended = (await listNoticesForCoordinators(t.db, coordinator, new Date(later.getTime() + 1))).find((n) => n.id === id)!;
    expect(ended.inForce).toBe(false);
    expect(await audits("notice.expire")).toBe(1);
    // An ended notice is the record of what was published: it cannot be edited back into force.
    const refused = await updateNotice(t.db, coordinator, {
      id,
      baseVersion: ended.version,
      input: {
        townId: scenarioId("town:kreminna"), oblastId: null, severity: "info", textUk: "Усе гаразд", textRu: "", textEn: "", expiresAt: null,
      },
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ field: "form", error: { code: "noticeEnded" } });
  });
});
