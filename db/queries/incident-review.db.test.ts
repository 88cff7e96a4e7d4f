import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { auditLog } from "../schema/audit";
import { incidentRevisions, incidents } from "../schema/incidents";
import { routes } from "../schema/routes";
import { users } from "../schema/users";
import { seedScenario } from "../seed";
import { kreminnaStyle } from "../testing/incident-fixtures";
import { createTestDb, type TestDb } from "../testing/test-db";
import { reviewIncident } from "./incident-review";
import { getIncidentForCoordinator, listIncidentsForReview } from "./incidents";
import { createIncident } from "./incident-writes";
import { createUser } from "./users";
import { RefusedWriteError, StaleVersionError } from "./write-errors";
import { inLanguage } from "@/lib/localized-text";

let t: TestDb;
let coordinator: SessionUser;
let admin: SessionUser;
let otherAdmin: SessionUser;
const FLAG = { flagKm: 2 };

async function account(email: string, role: "admin" | "coordinator"): Promise<SessionUser> {
  const { id } = await createUser(t.db, null, { email, password: "a long enough password", role });
  return { id, email, name: "", role, organisation: "" };
}

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  coordinator = await account("c@example.org", "coordinator");
  admin = await account("a@example.org", "admin");
  otherAdmin = await account("a2@example.org", "admin");
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  // Each test starts from confirmed, unflagged routes, whatever the scenario or earlier tests left.
  await t.db.update(routes).set({ reviewFlaggedAt: null, reviewFlagIncidentId: null, statusConfirmedAt: new Date(Date.now() - 1) }).where(sql`true`); // every row, on purpose
});

const routeRow = async (slug: string) => (await t.db.select().from(routes).where(eq(routes.slug, slug)))[0]!;
const incidentRow = async (id: string) => (await t.db.select().from(incidents).where(eq(incidents.id, id)))[0]!;
const revisionCount = async (id: string) => (await t.db.select({ n: count() }).from(incidentRevisions).where(eq(incidentRevisions.incidentId, id)))[0]!.n;
const auditRows = (id: string, action: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, action)));


describe("reviewing an incident", () => {
  it("verifying writes the state, a revision with the internal note and an audit row together", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    const result = await reviewIncident(t.db, admin, { id, baseVersion: 1, action: "verify", note: "Matches the Reuters report.", ...FLAG });
    expect(result.version).toBe(2);
    expect(await incidentRow(id)).toMatchObject({ verification: "verified", visibility: "internal", version: 2, updatedBy: admin.id });
    const incident = (await getIncidentForCoordinator(t.db, admin, id))!;
    expect(incident.revisions[0]).toMatchObject({
      revision: 2,
      action: "verify",
      note: "Matches the Reuters report.",
      byEmail: admin.email,
      changes: { verification: { from: "unverified", to: "verified" } },
    });
    const [audit] = await auditRows(id, "incident.verify");
    expect(audit).toMatchObject({ actorId: admin.id, before: { verification: "unverified", version: 1 } });
    expect(audit!.after).toMatchObject({ verification: "verified", note: "Matches the Reuters report." });
  });

  it("refuses to dispute or retract without a note, and writes nothing", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    for (const action of ["dispute", "retract"] as const) {
      const refused = await reviewIncident(t.db, admin, { id, baseVersion: 1, action, note: "   ", ...FLAG }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RefusedWriteError);
      expect((refused as RefusedWriteError).field).toBe("note");
    }
    expect(await incidentRow(id)).toMatchObject({ verification: "unverified", version: 1 });
    expect(await revisionCount(id)).toBe(1);
  });

  it("a coordinator cannot review", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    await expect(reviewIncident(t.db, coordinator, { id, baseVersion: 1, action: "verify", note: "", ...FLAG })).rejects.toBeInstanceOf(AccessError);
    await expect(reviewIncident(t.db, null, { id, baseVersion: 1, action: "verify", note: "", ...FLAG })).rejects.toBeInstanceOf(AccessError);
    expect((await incidentRow(id)).verification).toBe("unverified");
  });

  it("an admin demoted or disabled since the request began cannot review", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    const fading = await account("fading@example.org", "admin");
    await t.db.update(users).set({ role: "coordinator" }).where(eq(users.id, fading.id));
    await expect(reviewIncident(t.db, fading, { id, baseVersion: 1, action: "verify", note: "", ...FLAG })).rejects.toBeInstanceOf(AccessError);
    await t.db.update(users).set({ role: "admin", disabled: true }).where(eq(users.id, fading.id));
    await expect(reviewIncident(t.db, fading, { id, baseVersion: 1, action: "verify", note: "", ...FLAG })).rejects.toBeInstanceOf(AccessError);
    expect((await incidentRow(id)).verification).toBe("unverified");
  });

  it("refuses a review made on an old version, naming who changed it", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    await reviewIncident(t.db, admin, { id, baseVersion: 1, action: "dispute", note: "Party denies it.", ...FLAG });
    const stale = await reviewIncident(t.db, otherAdmin, { id, baseVersion: 1, action: "verify", note: "", ...FLAG }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect((stale as StaleVersionError).details).toMatchObject({ entity: "incident", changedBy: admin.email, version: 2 });
    expect((await incidentRow(id)).verification).toBe("disputed");
  });

  it("two admins deciding at once: exactly one decision lands", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    const results = await Promise.allSettled([
      reviewIncident(t.db, admin, { id, baseVersion: 1, action: "verify", note: "", ...FLAG }),
      reviewIncident(t.db, otherAdmin, { id, baseVersion: 1, action: "retract", note: "Staged video.", ...FLAG }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")!.reason).toBeInstanceOf(StaleVersionError);
    expect(await revisionCount(id)).toBe(2);
  });

  it("publishing shows it; a retracted incident cannot be published", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    await reviewIncident(t.db, admin, { id, baseVersion: 1, action: "publish", note: "", ...FLAG });
    expect((await incidentRow(id)).visibility).toBe("public");
    await reviewIncident(t.db, admin, { id, baseVersion: 2, action: "retract", note: "Wrong town.", ...FLAG });
    expect(await incidentRow(id)).toMatchObject({ verification: "false", visibility: "internal" });
    const refused = await reviewIncident(t.db, admin, { id, baseVersion: 3, action: "publish", note: "", ...FLAG }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RefusedWriteError);
    expect((refused as RefusedWriteError).error.code).toBe("reviewRetractedNotPublic");
    const same = await reviewIncident(t.db, admin, { id, baseVersion: 3, action: "retract", note: "again", ...FLAG }).catch((e: unknown) => e);
    expect((same as RefusedWriteError).error.code).toBe("reviewAlreadyInState");
  });
});

describe("a retracted incident stops flagging routes", () => {
  it("clears the flag it set and bumps the route's version", async () => {
    const { id, flaggedRoutes } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    expect(flaggedRoutes).toEqual(["kreminna-sloviansk"]);
    const flagged = await routeRow("kreminna-sloviansk");
    const result = await reviewIncident(t.db, admin, { id, baseVersion: 1, action: "retract", note: "Not confirmed by anyone.", ...FLAG });
    expect(result.unflaggedRoutes).toEqual(["kreminna-sloviansk"]);
    const after = await routeRow("kreminna-sloviansk");
    expect(after.reviewFlaggedAt).toBeNull();
    expect(after.reviewFlagIncidentId).toBeNull();
    expect(after.version).toBe(flagged.version + 1);
  });

  it("hands the flag to another live report near the route since its last confirmation", async () => {
    const first = await createIncident(t.db, coordinator, { input: kreminnaStyle({ publicSummary: inLanguage("en", "Shelling reported on the road.") }), ...FLAG });
    const second = await createIncident(t.db, coordinator, { input: kreminnaStyle({ lat: 49.045, lon: 38.2 }), ...FLAG });
    expect((await routeRow("kreminna-sloviansk")).reviewFlagIncidentId).toBe(second.id);
    const result = await reviewIncident(t.db, admin, { id: second.id, baseVersion: 1, action: "retract", note: "Duplicate of an older report.", ...FLAG });
    expect(result.unflaggedRoutes).toEqual([]);
    const after = await routeRow("kreminna-sloviansk");
    expect(after.reviewFlagIncidentId).toBe(first.id);
    expect(after.reviewFlaggedAt).not.toBeNull();
  });

  it("a report older than the route's last confirmation does not keep it flagged", async () => {
    const old = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    // A coordinator looked at the route after the old report.
    await t.db.update(routes).set({ statusConfirmedAt: new Date(Date.now() + 1000), reviewFlaggedAt: null, reviewFlagIncidentId: null }).where(eq(routes.slug, "kreminna-sloviansk"));
    const fresh = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG, now: new Date(Date.now() + 2000) });
    await reviewIncident(t.db, admin, { id: fresh.id, baseVersion: 1, action: "retract", note: "Rumour.", ...FLAG });
    expect((await routeRow("kreminna-sloviansk")).reviewFlaggedAt).toBeNull();
    expect(old.id).not.toBe(fresh.id);
  });

  it("undoing a retraction flags the nearby routes again", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle(), ...FLAG });
    await reviewIncident(t.db, admin, { id, baseVersion: 1, action: "retract", note: "Looked false.", ...FLAG });
    expect((await routeRow("kreminna-sloviansk")).reviewFlaggedAt).toBeNull();
    const undone = await reviewIncident(t.db, admin, { id, baseVersion: 2, action: "verify", note: "Footage confirmed it after all.", ...FLAG });
    expect(undone.flaggedRoutes).toEqual(["kreminna-sloviansk"]);
    expect((await routeRow("kreminna-sloviansk")).reviewFlagIncidentId).toBe(id);
  });
});

describe("the review queue", () => {
  it("lists incidents waiting for an admin first", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle({ occurredAt: new Date("2021-01-01T00:00:00Z") }), ...FLAG });
    const reviewed = await createIncident(t.db, coordinator, { input: kreminnaStyle({ occurredAt: new Date("2030-01-01T00:00:00Z") }), ...FLAG });
    await reviewIncident(t.db, admin, { id: reviewed.id, baseVersion: 1, action: "verify", note: "", ...FLAG });
    const all: { id: string; verification: string }[] = [];
    for (let page = 1; ; page++) {
      const list = await listIncidentsForReview(t.db, admin, {}, page);
      all.push(...list.rows);
      if (all.length >= list.total) break;
    }
    const firstReviewed = all.findIndex((r) => r.verification !== "unverified" && r.verification !== "corroborated");
    const lastPending = all.map((r) => r.verification === "unverified" || r.verification === "corroborated").lastIndexOf(true);
    expect(lastPending).toBeLessThan(firstReviewed);
    expect(all.map((r) => r.id)).toContain(id);
    await expect(listIncidentsForReview(t.db, coordinator, {})).rejects.toBeInstanceOf(AccessError);
  });

  it("searches the texts and source outlets, taking % and _ literally, and filters by source kind", async () => {
    const { id } = await createIncident(t.db, coordinator, { input: kreminnaStyle({ publicSummary: inLanguage("en", "Bridge at Rubizhne_North 100% destroyed"), sources: [{ kind: "official_channel", outlet: "Luhansk OVA Telegram", url: null, publishedAt: null }] }), ...FLAG });
    expect((await listIncidentsForReview(t.db, admin, { q: "100%" })).rows.map((r) => r.id)).toEqual([id]);
    expect((await listIncidentsForReview(t.db, admin, { q: "rubizhne_north" })).rows.map((r) => r.id)).toEqual([id]);
    expect((await listIncidentsForReview(t.db, admin, { q: "ova telegram" })).rows.map((r) => r.id)).toEqual([id]);
    // "_" is not a wildcard: "Rubizhne-North" does not match "Rubizhne_North".
    expect((await listIncidentsForReview(t.db, admin, { q: "Rubizhne-North" })).total).toBe(0);
    const byKind = await listIncidentsForReview(t.db, admin, { sourceKind: "official_channel" });
    expect(byKind.rows.map((r) => r.id)).toContain(id);
    const otherText = await listIncidentsForReview(t.db, admin, { sourceKind: "official_channel", q: "shot dead" });
    expect(otherText.rows.map((r) => r.id)).not.toContain(id);
    const otherKind = await listIncidentsForReview(t.db, admin, { sourceKind: "wire_agency", q: "100%" });
    expect(otherKind.total).toBe(0);
  });
});
