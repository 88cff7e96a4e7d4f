import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaNotices, oblasts, towns } from "../schema/places";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getNextNoticeChange } from "./next-change";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
});
afterAll(async () => {
  await t?.drop();
});

// Far from the scenario's own notices (issued around the time it is seeded), so that only the
// rows made here can be the earliest change ahead of `now`.
const now = new Date("2040-01-01T12:00:00Z");
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe("getNextNoticeChange", () => {
  it("is the earliest start or expiry ahead among the notices a page shows", async () => {
    const [lysychansk] = await t.db.select({ id: towns.id, oblastId: towns.oblastId }).from(towns).where(eq(towns.slug, "lysychansk"));
    const [kreminna] = await t.db.select({ id: towns.id }).from(towns).where(eq(towns.slug, "kreminna"));
    const [oblast] = await t.db.select({ id: oblasts.id }).from(oblasts).where(eq(oblasts.id, lysychansk!.oblastId));
    const text = { textUk: "x", textRu: "x", textEn: "x" };
    expect(await getNextNoticeChange(t.db, { now, slug: "lysychansk" })).toBeNull();
    await t.db.insert(areaNotices).values([
      // In force now, ends in 90 minutes: about the town itself.
      { ...text, townId: lysychansk!.id, issuedAt: at(-30), expiresAt: at(90) },
      // Starts in 45 minutes: about the whole oblast, so on the town's page too.
      { ...text, oblastId: oblast!.id, issuedAt: at(45), expiresAt: null },
      // Another town's, starting in 5 minutes: only on the home page (all notices) and its own.
      { ...text, townId: kreminna!.id, issuedAt: at(5), expiresAt: at(600) },
      // Over: never a change ahead.
      { ...text, townId: lysychansk!.id, issuedAt: at(-600), expiresAt: at(-60) },
    ]);
    expect(await getNextNoticeChange(t.db, { now, slug: "lysychansk" })).toEqual(at(45));
    expect(await getNextNoticeChange(t.db, { now, slug: "kreminna" })).toEqual(at(5));
    expect(await getNextNoticeChange(t.db, { now })).toEqual(at(5));
    expect(await getNextNoticeChange(t.db, { now: at(50), slug: "lysychansk" })).toEqual(at(90));
    expect(await getNextNoticeChange(t.db, { now: at(100), slug: "lysychansk" })).toBeNull();
    expect(await getNextNoticeChange(t.db, { now, slug: "no-such-town" })).toBeNull();
  });
});
