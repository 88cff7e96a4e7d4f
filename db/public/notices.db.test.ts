import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderLiteHome, renderLiteOblast } from "@/server/lite/render";
import { liteHomeData, liteOblastData } from "@/server/lite/data";
import { areaNotices, oblasts, towns } from "../schema/places";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { countActiveAreaNoticesByOblast, HOME_NOTICES_MAX, listActiveAreaNotices, OBLAST_NOTICES_MAX } from "./notices";

// Pages that list many areas show a bounded number of warnings, the newest, and say how many are in
// force and where the rest are: at national scale dozens are in force at once.

const seededAt = new Date("2026-11-21T15:00:00Z");
const now = new Date(seededAt.getTime() + 60 * 60_000);
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: seededAt });
});
afterAll(async () => {
  await t?.drop();
});

const divs = (body: string) => (body.match(/<div class="n">/g) ?? []).length;

async function inForce() {
  return listActiveAreaNotices(t.db, { now });
}

describe("warnings on the pages that list many areas", () => {
  it("with few in force the home shows them all and says nothing of more", async () => {
    const all = await inForce();
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThanOrEqual(HOME_NOTICES_MAX);
    const body = renderLiteHome({ locale: "en", ...(await liteHomeData(t.db, { now, query: "" })) });
    expect(divs(body)).toBe(all.length);
    expect(body).not.toContain("data-notices-total");
  });

  it("with more in force the home shows the newest HOME_NOTICES_MAX, counts all by oblast, and links to the oblasts", async () => {
    const [luhansk] = await t.db.select({ id: oblasts.id }).from(oblasts).where(eq(oblasts.slug, "luhansk"));
    const luhanskTowns = await t.db.select({ id: towns.id, slug: towns.slug }).from(towns).where(eq(towns.oblastId, luhansk!.id));
    expect(luhanskTowns.length).toBeGreaterThan(0);
    const text = (n: number) => ({ textUk: `Попередження №${n}`, textRu: `Предупреждение №${n}`, textEn: `Warning number ${n}` });
    // Twelve more about Luhansk oblast's towns, a minute apart; one ended and one not yet issued, which count for nothing.
    await t.db.insert(areaNotices).values([
      ...Array.from({ length: 12 }, (_, i) => ({ townId: luhanskTowns[i % luhanskTowns.length]!.id, issuedAt: minutes(-30 + i), ...text(i) })),
      { oblastId: luhansk!.id, issuedAt: minutes(-40), expiresAt: minutes(-1), ...text(100) },
      { oblastId: luhansk!.id, issuedAt: minutes(5), ...text(101) },
    ]);
    const all = await inForce();
    const counts = await countActiveAreaNoticesByOblast(t.db, { now });
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(all.some((n) => n.textEn.includes("100") || n.textEn.includes("101"))).toBe(false);

    const data = await liteHomeData(t.db, { now, query: "" });
    expect(data.notices.map((n) => n.id)).toEqual(all.slice(0, HOME_NOTICES_MAX).map((n) => n.id));
    expect(data.notices[0]!.textEn).toBe("Warning number 11");
    const body = renderLiteHome({ locale: "en", ...data });
    expect(divs(body)).toBe(HOME_NOTICES_MAX);
    expect(body).toContain(`<p data-notices-total="${all.length}">The ${HOME_NOTICES_MAX} newest of ${all.length} warnings in force.`);
    expect(body).toContain('<a href="#oblasts">Choose an oblast</a>');
    expect(body).toContain('<h2 id="oblasts">');
    expect(body).toMatch(new RegExp(`>Luhansk oblast</a><br><span class="m">[^<]* · ${counts.get("luhansk")} warnings\\.`));
    const uk = renderLiteHome({ locale: "uk", ...data });
    expect(uk).toContain(`Показано ${HOME_NOTICES_MAX} найновіших із ${all.length} чинних попереджень.`);
  });

  it("an oblast's page shows its own warnings and its towns', the newest OBLAST_NOTICES_MAX, and says how many", async () => {
    const data = (await liteOblastData(t.db, { slug: "luhansk", now }))!;
    const luhansk = await t.db.select({ slug: towns.slug }).from(towns).innerJoin(oblasts, eq(towns.oblastId, oblasts.id)).where(inArray(oblasts.slug, ["luhansk"]));
    const ours = new Set(["luhansk", ...luhansk.map((r) => r.slug)]);
    const total = (await countActiveAreaNoticesByOblast(t.db, { now })).get("luhansk")!;
    expect(total).toBeGreaterThan(OBLAST_NOTICES_MAX);
    expect(data.noticeTotal).toBe(total);
    expect(data.notices).toHaveLength(OBLAST_NOTICES_MAX);
    for (const n of data.notices) expect(ours.has(n.area.slug), n.area.slug).toBe(true);
    const body = renderLiteOblast({ locale: "en", ...data });
    expect(divs(body)).toBe(OBLAST_NOTICES_MAX);
    expect(body).toContain(`The ${OBLAST_NOTICES_MAX} newest of ${total} warnings for this oblast and its towns.`);
    // Another oblast's page carries none of Luhansk's.
    const donetsk = (await liteOblastData(t.db, { slug: "donetsk", now }))!;
    expect(donetsk.notices.every((n) => !ours.has(n.area.slug))).toBe(true);
  });
});
