import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisationTownSlugs } from "@/lib/organisation";
import type { SessionUser } from "@/lib/session-user";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getOrganisationIdByShortName } from "./organisations";
import { listCoordinatorOriginTowns, listRoutesForCoordinators, pageRoutesForCoordinators, STAFF_ROUTES_PAGE, type StaffRouteKey } from "./routes";
import { createUser } from "./users";

// The staff route lists page and filter in SQL: walking the pages gives every matching route once,
// in the lists' fixed order, and the filters agree with the rules the whole list applies.

const seededAt = new Date("2026-11-21T15:00:00Z");
let t: TestDb;
let coordinator: SessionUser;
let outsider: SessionUser;
const ORGANISATION = "Luhansk Regional Military Administration";

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: seededAt });
  const organisationId = await getOrganisationIdByShortName(t.db, ORGANISATION);
  expect(organisationId).not.toBeNull();
  const a = await createUser(t.db, null, { email: "pager@example.org", password: "a long enough password", role: "coordinator", organisationId });
  coordinator = { id: a.id, email: "pager@example.org", name: "", role: "coordinator", organisation: ORGANISATION };
  const b = await createUser(t.db, null, { email: "loner@example.org", password: "a long enough password", role: "coordinator" });
  outsider = { id: b.id, email: "loner@example.org", name: "", role: "coordinator", organisation: "" };
});
afterAll(async () => {
  await t?.drop();
});

async function walk(query: Parameters<typeof pageRoutesForCoordinators>[2], now: Date) {
  const slugs: string[] = [];
  let after: StaffRouteKey | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await pageRoutesForCoordinators(t.db, coordinator, { ...query, after }, now);
    expect(page.items.length).toBeLessThanOrEqual(query?.limit ?? STAFF_ROUTES_PAGE);
    slugs.push(...page.items.map((r) => r.slug));
    if (!page.next) return { slugs, total: page.total };
    after = page.next;
  }
  throw new Error("the pages never ended");
}

describe("staff route lists in SQL", () => {
  it("pages of three walk every route once, in the whole list's order, and say the total", async () => {
    const now = new Date(seededAt.getTime() + 60_000);
    const all = await listRoutesForCoordinators(t.db, coordinator, {}, now);
    expect(all.length).toBeGreaterThan(6);
    const { slugs, total } = await walk({ limit: 3 }, now);
    expect(slugs).toEqual(all.map((r) => r.slug));
    expect(total).toBe(all.length);
  });

  it("the origin, status, stale and flagged filters choose what the whole list's filters choose", async () => {
    // Late enough that some statuses have passed their freshness window and some not.
    for (const hours of [0, 7, 200]) {
      const now = new Date(seededAt.getTime() + hours * 3_600_000 + 60_000);
      const stale = await walk({ stale: true, limit: 4 }, now);
      expect(stale.slugs, `${hours} h`).toEqual((await listRoutesForCoordinators(t.db, coordinator, { stale: true }, now)).map((r) => r.slug));
      expect(stale.total).toBe(stale.slugs.length);
    }
    const now = new Date(seededAt.getTime() + 60_000);
    const lysychansk = await walk({ origins: ["lysychansk"], limit: 2 }, now);
    expect(lysychansk.slugs.length).toBeGreaterThan(0);
    expect(lysychansk.slugs).toEqual((await listRoutesForCoordinators(t.db, coordinator, { origin: "lysychansk" }, now)).map((r) => r.slug));
    const closed = await walk({ status: "closed" }, now);
    expect(closed.slugs).toEqual((await listRoutesForCoordinators(t.db, coordinator, { status: "closed" }, now)).map((r) => r.slug));
    const flagged = await walk({ flagged: true }, now);
    expect(flagged.slugs).toEqual((await listRoutesForCoordinators(t.db, coordinator, { flagged: true }, now)).map((r) => r.slug));
  });

  it("the towns list marks the acting coordinator's organisation's towns, read from the database", async () => {
    const all = await listRoutesForCoordinators(t.db, coordinator);
    const towns = await listCoordinatorOriginTowns(t.db, coordinator);
    expect(towns.map((o) => o.slug).sort()).toEqual([...new Set(all.map((r) => r.origin.slug))].sort());
    const own = towns.filter((o) => o.own).map((o) => o.slug).sort();
    expect(own.length).toBeGreaterThan(0);
    expect(own).toEqual(organisationTownSlugs(all, ORGANISATION).sort());
    // An account in no organisation owns no town, whatever its session claims.
    const claimed = { ...outsider, organisation: ORGANISATION };
    expect((await listCoordinatorOriginTowns(t.db, claimed)).filter((o) => o.own)).toEqual([]);
  });

  it("only staff may read them", async () => {
    const viewer: SessionUser = { ...coordinator, role: "viewer" as SessionUser["role"] };
    await expect(pageRoutesForCoordinators(t.db, null)).rejects.toThrow();
    await expect(listCoordinatorOriginTowns(t.db, null)).rejects.toThrow();
    await expect(pageRoutesForCoordinators(t.db, viewer)).rejects.toThrow();
  });
});
