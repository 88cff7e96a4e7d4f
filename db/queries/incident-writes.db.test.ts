import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session-user";
import { auditLog } from "../schema/audit";
import { incidentRevisions, incidents } from "../schema/incidents";
import { sources } from "../schema/sources";
import { routes } from "../schema/routes";
import { scenarioId } from "../scenario/ids";
import { seedScenario } from "../seed";
import { kreminnaStyle } from "../testing/incident-fixtures";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getIncidentForCoordinator, listIncidentsForCoordinators } from "./incidents";
import { createIncident, updateIncident } from "./incident-writes";
import { createUser } from "./users";
import { RefusedWriteError, StaleVersionError } from "./write-errors";

let t: TestDb;
let coordinator: SessionUser;
const FLAG_KM = 2;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  const { id } = await createUser(t.db, null, { email: "c@example.org", password: "a long enough password", role: "coordinator" });
  coordinator = { id, email: "c@example.org", name: "", role: "coordinator", organisation: "" };
  // Start from no flags, whatever the scenario holds.
  await t.db.update(routes).set({ reviewFlaggedAt: null, reviewFlagIncidentId: null }).where(sql`true`); // every row, on purpose
});
afterAll(async () => {
  await t?.drop();
});

const routeRow = async (slug: string) => (await t.db.select().from(routes).where(eq(routes.slug, slug)))[0]!;

describe("logging an incident", () => {
  it("flags the Kreminna route (not Mariupol–Zaporizhzhia) and writes revision 1 and the audit row with it", async () => {
    const before = await routeRow("kreminna-sloviansk");
    const corridor = await routeRow("mariupol-zaporizhzhia");
    const { id, flaggedRoutes } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), flagKm: FLAG_KM });
    expect(flaggedRoutes).toEqual(["kreminna-sloviansk"]);
    const after = await routeRow("kreminna-sloviansk");
    expect(after.reviewFlagIncidentId).toBe(id);
    expect(after.reviewFlaggedAt).not.toBeNull();
    // The flag bumps the version, so a confirmation from a page without the flag is refused.
    expect(after.version).toBe(before.version + 1);
    expect((await routeRow("mariupol-zaporizhzhia")).reviewFlaggedAt).toBeNull();
    expect((await routeRow("mariupol-zaporizhzhia")).version).toBe(corridor.version);

    const incident = (await getIncidentForCoordinator(t.db, coordinator, id))!;
    expect(incident.revisions).toHaveLength(1);
    expect(incident.revisions[0]).toMatchObject({ revision: 1, action: "create", byEmail: coordinator.email });
    expect(incident.revisions[0]!.changes.killed).toEqual({ from: null, to: 4 });
    expect(incident.sources.map((s) => s.outlet)).toEqual(["Reuters"]);
    expect(incident.injured).toBeNull();
    const [audit] = await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit!.n).toBe(1);
  });

  it("refuses to log an incident already verified, disputed or false, for admins too: that is a review's job", async () => {
    const admin = { ...coordinator, role: "admin" as const };
    for (const actor of [coordinator, admin]) {
      for (const verification of ["verified", "disputed", "false"] as const) {
        const refused = await createIncident(t.db, actor, { input: kreminnaStyle({ verification }), flagKm: FLAG_KM }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(RefusedWriteError);
        expect((refused as RefusedWriteError).error.code).toBe("verificationByReview");
      }
    }
  });

  it("an edit cannot retract or verify, for admins too; the review page does that", async () => {
    const admin = { ...coordinator, role: "admin" as const };
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), flagKm: FLAG_KM });
    const refused = await updateIncident(t.db, admin, { id, baseVersion: 1, input: kreminnaStyle({ verification: "false" }), flagKm: FLAG_KM }).catch((e: unknown) => e);
    expect((refused as RefusedWriteError).error.code).toBe("verificationByReview");
    expect((await routeRow("kreminna-sloviansk")).reviewFlagIncidentId).toBe(id);
  });

  it("writes nothing (no incident, revision or flag) when a link is refused", async () => {
    await t.db.update(routes).set({ reviewFlaggedAt: null, reviewFlagIncidentId: null }).where(sql`true`); // every row, on purpose
    const revisionsBefore = (await t.db.select({ n: count() }).from(incidentRevisions))[0]!.n;
    const refused = await createIncident(t.db, coordinator, { input: kreminnaStyle({ routeIds: ["00000000-0000-4000-8000-000000000000"] }), flagKm: FLAG_KM }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedWriteError);
    expect((await t.db.select({ n: count() }).from(incidentRevisions))[0]!.n).toBe(revisionsBefore);
    expect((await routeRow("kreminna-sloviansk")).reviewFlaggedAt).toBeNull();
  });
});

describe("editing an incident", () => {
  it("records a revision with only the changed fields, and refuses an edit on an old version", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle({ lat: null, lon: null, townId: scenarioId("town:lysychansk") }), flagKm: FLAG_KM });
    const edited = await updateIncident(t.db, coordinator, { id, baseVersion: 1, input: kreminnaStyle({ lat: null, lon: null, townId: scenarioId("town:lysychansk"), injured: 2, verification: "corroborated" }), flagKm: FLAG_KM });
    expect(edited.flaggedRoutes).toEqual([]);
    const incident = (await getIncidentForCoordinator(t.db, coordinator, id))!;
    expect(incident.revisions[0]).toMatchObject({ revision: 2, action: "edit" });
    expect(incident.revisions[0]!.changes).toEqual({
      injured: { from: null, to: 2 },
      verification: { from: "unverified", to: "corroborated" },
    });
    const stale = await updateIncident(t.db, coordinator, { id, baseVersion: 1, input: kreminnaStyle({ killed: 5 }), flagKm: FLAG_KM }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect((stale as StaleVersionError).details).toMatchObject({ entity: "incident", changedBy: coordinator.email, version: 2 });
  });

  it("filters the log by town, route, category and verification", async () => {
    const byTown = await listIncidentsForCoordinators(t.db, coordinator, { town: "lysychansk", verification: "corroborated" });
    expect(byTown.rows.length).toBeGreaterThanOrEqual(1);
    expect(byTown.rows.every((r) => r.town?.slug === "lysychansk" && r.verification === "corroborated")).toBe(true);
    const none = await listIncidentsForCoordinators(t.db, coordinator, { category: "mines_uxo_ied" });
    expect(none.total).toBe(0);
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle({ routeIds: [scenarioId("route:kreminna-sloviansk")] }), flagKm: FLAG_KM });
    const byRoute = await listIncidentsForCoordinators(t.db, coordinator, { route: "kreminna-sloviansk" });
    expect(byRoute.rows.map((r) => r.id)).toContain(id);
  });

  it("re-saving unchanged keeps the sources (no duplicate rows, no change recorded) and an ambiguous local time", async () => {
    // 03:30 Kyiv on 30 October 2022 happened twice; this is the first one, at +03:00.
    const firstThreeThirty = new Date("2022-10-30T00:30:00Z");
    const input = kreminnaStyle({ occurredAt: firstThreeThirty });
    const { id } = await createIncident(t.db, coordinator, { input, flagKm: FLAG_KM });
    const sourcesBefore = (await t.db.select({ n: count() }).from(sources))[0]!.n;
    // The form shows 03:30 and reads it back as the second 03:30 (+02:00): the same wall-clock time.
    await updateIncident(t.db, coordinator, { id, baseVersion: 1, input: { ...input, occurredAt: new Date("2022-10-30T01:30:00Z") }, flagKm: FLAG_KM });
    const incident = (await getIncidentForCoordinator(t.db, coordinator, id))!;
    expect(incident.occurredAt.toISOString()).toBe(firstThreeThirty.toISOString());
    expect(incident.revisions[0]!.changes).toEqual({});
    expect((await t.db.select({ n: count() }).from(sources))[0]!.n).toBe(sourcesBefore);
  });

  it("leaves an incident an admin has reviewed to admins", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), flagKm: FLAG_KM });
    await t.db.update(incidents).set({ verification: "verified", version: 2 }).where(eq(incidents.id, id));
    const refused = await updateIncident(t.db, coordinator, { id, baseVersion: 2, input: kreminnaStyle({ killed: 40 }), flagKm: FLAG_KM }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ field: "form", error: { code: "incidentReviewedByAdmin" } });
    const admin = { ...coordinator, role: "admin" as const };
    await updateIncident(t.db, admin, { id, baseVersion: 2, input: kreminnaStyle({ killed: 40, verification: "verified" }), flagKm: FLAG_KM });
    expect((await getIncidentForCoordinator(t.db, coordinator, id))!.killed).toBe(40);
  });
});

describe("incidents logged at the same moment near the same routes", () => {
  it("all succeed, and every flag bumps the route's version from the locked row", async () => {
    await t.db.update(routes).set({ reviewFlaggedAt: null, reviewFlagIncidentId: null }).where(sql`true`); // every row, on purpose
    const hirske = await routeRow("hirske-bakhmut");
    const popasna = await routeRow("popasna-bakhmut");
    // Between the two routes' lines, each point nearest a different one: they lock in opposite
    // orders unless locking is ordered.
    const points = [
      { lat: 48.622, lon: 38.2 },
      { lat: 48.605, lon: 38.2 },
    ];
    const results: PromiseSettledResult<{ flaggedRoutes: string[] }>[] = [];
    for (let round = 0; round < 5; round++) {
      results.push(
        ...(await Promise.allSettled(
          [0, 1, 2, 3].map((i) => createIncident(t.db, coordinator, { input: kreminnaStyle({ townId: null, ...points[i % 2]! }), flagKm: FLAG_KM })),
        )),
      );
    }
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const flagsPerRoute = (slug: string) =>
      results.filter((r) => r.status === "fulfilled" && r.value.flaggedRoutes.includes(slug)).length;
    expect((await routeRow("hirske-bakhmut")).version).toBe(hirske.version + flagsPerRoute("hirske-bakhmut"));
    expect((await routeRow("popasna-bakhmut")).version).toBe(popasna.version + flagsPerRoute("popasna-bakhmut"));
    expect(flagsPerRoute("hirske-bakhmut")).toBeGreaterThan(0);
  });
});
