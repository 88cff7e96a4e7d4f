import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session-user";
import { auditLog } from "../schema/audit";
import { incidentRevisions } from "../schema/incidents";
import { routes } from "../schema/routes";
import { scenarioId } from "../scenario/ids";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { getIncidentForCoordinator, listIncidentsForCoordinators } from "./incidents";
import { createIncident, updateIncident, type IncidentInput } from "./incident-writes";
import { createUser } from "./users";
import { RefusedWriteError, StaleVersionError } from "./write-errors";

let t: TestDb;
let coordinator: SessionUser;
const FLAG_KM = 2;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  const { id } = await createUser(t.db, { email: "c@example.org", password: "a long enough password", role: "coordinator" }, null);
  coordinator = { id, email: "c@example.org", name: "", role: "coordinator", organisation: "" };
  // Start from no flags, whatever the scenario holds.
  await t.db.update(routes).set({ reviewFlaggedAt: null, reviewFlagIncidentId: null });
});
afterAll(async () => {
  await t?.drop();
});

const routeRow = async (slug: string) => (await t.db.select().from(routes).where(eq(routes.slug, slug)))[0]!;
const kreminnaStyle = (over: Partial<IncidentInput> = {}): IncidentInput => ({
  category: "attack_on_civilians_in_transit",
  occurredAt: new Date("2022-04-18T09:00:00Z"),
  occurredPrecision: "day",
  townId: scenarioId("town:kreminna"),
  lat: 49.041,
  lon: 38.19,
  geoPrecision: "near",
  killed: 4,
  injured: null,
  missing: null,
  publicSummary: "Four civilians shot dead fleeing by car.",
  internalDescription: "Reported by a volunteer driver (name withheld).",
  verification: "unverified",
  sources: [{ kind: "wire_agency", outlet: "Reuters", url: "https://www.reuters.com/x", publishedAt: null }],
  routeIds: [],
  agreementIds: [],
  ...over,
});

describe("logging an incident", () => {
  it("flags the Kreminna route (not Mariupol–Zaporizhzhia) and writes revision 1 and the audit row with it", async () => {
    const before = await routeRow("kreminna-sloviansk");
    const corridor = await routeRow("mariupol-zaporizhzhia");
    const { id, flaggedRoutes } = await createIncident(t.db, coordinator, kreminnaStyle(), { flagKm: FLAG_KM });
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

  it("does not flag anything for an incident marked false", async () => {
    await t.db.update(routes).set({ reviewFlaggedAt: null, reviewFlagIncidentId: null });
    const { flaggedRoutes } = await createIncident(t.db, coordinator, kreminnaStyle({ verification: "false" }), { flagKm: FLAG_KM }).catch((e: unknown) => {
      // Coordinators may not mark an incident false; an admin may.
      expect(e).toBeInstanceOf(RefusedWriteError);
      return { flaggedRoutes: null };
    });
    expect(flaggedRoutes).toBeNull();
    const admin = { ...coordinator, role: "admin" as const };
    const logged = await createIncident(t.db, admin, kreminnaStyle({ verification: "false" }), { flagKm: FLAG_KM });
    expect(logged.flaggedRoutes).toEqual([]);
    expect((await routeRow("kreminna-sloviansk")).reviewFlaggedAt).toBeNull();
  });

  it("writes nothing (no incident, revision or flag) when a link is refused", async () => {
    await t.db.update(routes).set({ reviewFlaggedAt: null, reviewFlagIncidentId: null });
    const revisionsBefore = (await t.db.select({ n: count() }).from(incidentRevisions))[0]!.n;
    const refused = await createIncident(t.db, coordinator, kreminnaStyle({ routeIds: ["00000000-0000-4000-8000-000000000000"] }), { flagKm: FLAG_KM }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedWriteError);
    expect((await t.db.select({ n: count() }).from(incidentRevisions))[0]!.n).toBe(revisionsBefore);
    expect((await routeRow("kreminna-sloviansk")).reviewFlaggedAt).toBeNull();
  });
});

describe("editing an incident", () => {
  it("records a revision with only the changed fields, and refuses an edit on an old version", async () => {
    const { id } = await createIncident(t.db, coordinator, kreminnaStyle({ lat: null, lon: null, townId: scenarioId("town:lysychansk") }), { flagKm: FLAG_KM });
    const edited = await updateIncident(t.db, coordinator, id, 1, kreminnaStyle({ lat: null, lon: null, townId: scenarioId("town:lysychansk"), injured: 2, verification: "corroborated" }), { flagKm: FLAG_KM });
    expect(edited.flaggedRoutes).toEqual([]);
    const incident = (await getIncidentForCoordinator(t.db, coordinator, id))!;
    expect(incident.revisions[0]).toMatchObject({ revision: 2, action: "edit" });
    expect(incident.revisions[0]!.changes).toEqual({
      injured: { from: null, to: 2 },
      verification: { from: "unverified", to: "corroborated" },
    });
    const stale = await updateIncident(t.db, coordinator, id, 1, kreminnaStyle({ killed: 5 }), { flagKm: FLAG_KM }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect((stale as StaleVersionError).details).toMatchObject({ entity: "incident", changedBy: coordinator.email, version: 2 });
  });

  it("filters the log by town, route, category and verification", async () => {
    const byTown = await listIncidentsForCoordinators(t.db, coordinator, { town: "lysychansk", verification: "corroborated" });
    expect(byTown.rows.length).toBeGreaterThanOrEqual(1);
    expect(byTown.rows.every((r) => r.town?.slug === "lysychansk" && r.verification === "corroborated")).toBe(true);
    const none = await listIncidentsForCoordinators(t.db, coordinator, { category: "mines_uxo_ied" });
    expect(none.total).toBe(0);
    const { id } = await createIncident(t.db, coordinator, kreminnaStyle({ routeIds: [scenarioId("route:kreminna-sloviansk")] }), { flagKm: FLAG_KM });
    const byRoute = await listIncidentsForCoordinators(t.db, coordinator, { route: "kreminna-sloviansk" });
    expect(byRoute.rows.map((r) => r.id)).toContain(id);
  });
});
