import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "./client";
import { agreementClaims, corridorAgreements } from "./schema/agreements";
import { incidents } from "./schema/incidents";
import { areaNotices, towns } from "./schema/places";
import { routes, routeStatusEvents } from "./schema/routes";
import { users } from "./schema/users";
import { seedScenario } from "./seed";
import { createTestDb, type TestDb } from "./testing/test-db";

const TABLES = [
  "users", "session_revocations", "sources", "oblasts", "towns", "area_notices", "routes", "route_status_events",
  "corridor_agreements", "agreement_parties", "agreement_routes", "agreement_sources", "agreement_claims",
  "incidents", "incident_sources", "incident_routes", "incident_agreements", "incident_revisions", "audit_log",
];

/** Every row of every table, as text, in a stable order: the whole database state. */
async function snapshot(t: TestDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const result = await t.db.execute(sql.raw(`select row_to_json(x)::text as j from "${table}" x order by 1`));
    out[table] = rowsOf<{ j: string }>(result).map((r) => r.j);
  }
  return out;
}

let t: TestDb;
const seededAt = new Date("2026-11-21T15:00:00Z"); // 17:00 in Kyiv (UTC+2)

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

describe("the demo scenario", () => {
  it("loads the towns, routes, corridor, incidents and notice from the source articles", async () => {
    const result = await seedScenario(t.db, { now: seededAt, demoUsers: true });
    expect(result.inserted).toBeGreaterThan(40);

    const allTowns = await t.db.select({ slug: towns.slug, aliases: towns.aliases }).from(towns);
    expect(allTowns).toHaveLength(18);
    expect(allTowns.find((x) => x.slug === "sievierodonetsk")?.aliases).toContain("Severodonetsk");

    const byslug = Object.fromEntries(
      (await t.db.select().from(routes)).map((r) => [r.slug, r]),
    );
    for (const origin of ["rubizhne", "hirske", "popasna", "lysychansk", "sievierodonetsk"]) {
      const route = Object.values(byslug).find((r) => r.slug.startsWith(`${origin}-`));
      expect(route, origin).toBeDefined();
      expect(["open", "caution"]).toContain(route!.status);
      const minutesAgo = (seededAt.getTime() - route!.statusConfirmedAt!.getTime()) / 60_000;
      expect(minutesAgo).toBeGreaterThan(0);
      expect(minutesAgo).toBeLessThan(60);
    }
    expect(byslug["kreminna-sloviansk"]?.status).toBe("closed");
    // Seeded in all three languages, with the coded reasons every page words in its own.
    expect(byslug["kreminna-sloviansk"]?.statusReason.en).toMatch(/impossible/);
    expect(byslug["kreminna-sloviansk"]?.statusReason.uk).toMatch(/неможлива/);
    expect(byslug["kreminna-sloviansk"]?.statusReason.ru).toMatch(/невозможна/);
    expect(byslug["kreminna-sloviansk"]?.statusReasonCodes).toEqual(["territory_changed_hands", "civilians_fired_on"]);
    for (const route of Object.values(byslug)) {
      if (route.status !== "open") expect(route.statusReasonCodes.length, route.slug).toBeGreaterThan(0);
      for (const text of [route.statusReason, route.assemblyPoint, route.schedule]) {
        const written = [text.uk, text.ru, text.en].filter((v) => v.trim() !== "").length;
        expect([0, 3], `${route.slug}: a seeded text is in all three languages or none`).toContain(written);
      }
    }

    // Every route's history starts with the event that set its current status.
    const events = await t.db.select().from(routeStatusEvents);
    expect(events).toHaveLength(Object.keys(byslug).length);
    for (const e of events) expect(e.sourceId, "each seeded status names its source").not.toBeNull();

    const [corridor] = await t.db.select().from(corridorAgreements);
    expect(corridor?.state).toBe("agreed");
    // Next 10:00 Kyiv time after 17:00 local on 21 Nov (winter, UTC+2) is 08:00 UTC on the 22nd.
    expect(corridor?.windowStart.toISOString()).toBe("2026-11-22T08:00:00.000Z");
    const claims = await t.db.select().from(agreementClaims).where(eq(agreementClaims.agreementId, corridor!.id));
    expect(claims.map((c) => c.stance).sort()).toEqual(["affirms", "affirms", "disputes", "neutral"]);

    const allIncidents = await t.db.select().from(incidents);
    const kreminna = allIncidents.find((i) => i.publicSummary.en.includes("Kreminna"));
    expect(kreminna).toMatchObject({ killed: 4, injured: null, missing: null, verification: "corroborated" });
    const lysychansk = allIncidents.find((i) => i.publicSummary.en.includes("Lysychansk"));
    expect(lysychansk?.killed).toBe(7);

    const notices = await t.db.select().from(areaNotices);
    expect(notices.map((n) => n.textEn)).toContain("There are no safe places left in the region. Evacuate while you still can.");

    const demo = await t.db.select({ email: users.email, role: users.role }).from(users);
    expect(demo).toEqual(
      expect.arrayContaining([
        { email: "admin@example.org", role: "admin" },
        { email: "coordinator@example.org", role: "coordinator" },
      ]),
    );
  });

  it("gives the demo coordinator the organisation that runs the demo's Luhansk routes", async () => {
    // Signed in as the coordinator, the dashboard opens on their organisation's towns and the
    // requests pool claims in its name: an organisation that ran nothing showed every town and
    // matched no route.
    const [coordinator] = await t.db.select({ organisationId: users.organisationId }).from(users).where(eq(users.email, "coordinator@example.org"));
    expect(coordinator?.organisationId).toBeTruthy();
    const run = await t.db.select({ slug: routes.slug }).from(routes).where(eq(routes.organisationId, coordinator!.organisationId!));
    expect(run.map((r) => r.slug)).toEqual(expect.arrayContaining(["lysychansk-bakhmut", "kreminna-sloviansk"]));
  });

  it("changes nothing when seeded again, even later", async () => {
    const before = await snapshot(t);
    const again = await seedScenario(t.db, { now: new Date(seededAt.getTime() + 3 * 3_600_000), demoUsers: true });
    expect(again.inserted).toBe(0);
    expect(await snapshot(t)).toEqual(before);
  });
});

describe("seeding without demo users", () => {
  it("creates no accounts", async () => {
    const fresh = await createTestDb();
    try {
      await seedScenario(fresh.db, { now: seededAt });
      expect(await fresh.db.select().from(users)).toHaveLength(0);
    } finally {
      await fresh.drop();
    }
  });
});

describe("the start-up seeding decision", () => {
  it("treats a database with a real account but no places as not empty", async () => {
    const { isEmpty } = await import("./client");
    const { createUser } = await import("./queries/users");
    const fresh = await createTestDb();
    try {
      expect(await isEmpty(fresh.db)).toBe(true);
      await createUser(fresh.db, null, { email: "ops@example.org", password: "a long password!", role: "admin" });
      expect(await isEmpty(fresh.db)).toBe(false);
    } finally {
      await fresh.drop();
    }
  });
});
