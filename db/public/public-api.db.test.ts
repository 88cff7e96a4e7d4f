import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session-user";
import { incidents } from "../schema/incidents";
import { routes } from "../schema/routes";
import { scenarioId } from "../scenario/ids";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createIncident, type IncidentInput } from "../queries/incident-writes";
import { updateRouteStatus } from "../queries/route-status";
import { createUser } from "../queries/users";
import { getPublicCorridorWindow, listPublicCorridorWindows } from "./corridor-windows";
import { listPublicIncidents } from "./incidents";
import { listPublicRouteStatuses } from "./route-statuses";
import { listPublicRoutes } from "./routes";
import { getPublicStatusEvent, listLatestPublicStatusEvents, listPublicStatusEvents } from "./status-events";
import { listPublicTowns } from "./towns";
import { inLanguage } from "@/lib/localized-text";

const INTERNAL_TEXT = "Witness Olena K. (phone +380 50 000 0000) saw it from her window: internal only";
const EXACT = { lat: 48.912345, lon: 38.456789 };
const PUBLIC_EXACT = { lat: 48.937777, lon: 38.471111 };

let t: TestDb;
let reporter: SessionUser;
let internalId: string;
let publicId: string;
let falseId: string;
let statusEventRouteId: string;

const input = (over: Partial<IncidentInput> = {}): IncidentInput => ({
  category: "shelling_or_strike_near_route",
  occurredAt: new Date(Date.now() - 60 * 60_000),
  occurredPrecision: "day",
  townId: scenarioId("town:lysychansk"),
  lat: EXACT.lat,
  lon: EXACT.lon,
  geoPrecision: "place",
  killed: null,
  injured: 2,
  missing: null,
  publicSummary: inLanguage("en", "Shelling reported near the road out of town."),
  internalDescription: INTERNAL_TEXT,
  verification: "unverified",
  sources: [],
  routeIds: [],
  agreementIds: [],
  ...over,
});

const dump = (value: unknown) => JSON.stringify(value);

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  const { id } = await createUser(t.db, null, { email: "reporter@example.org", password: "a long enough password", role: "coordinator" });
  reporter = { id, email: "reporter@example.org", name: "", role: "coordinator", organisation: "" };
  internalId = (await createIncident(t.db, reporter, { input: input(), flagKm: 2 })).id;
  publicId = (await createIncident(t.db, reporter, { input: input({ lat: PUBLIC_EXACT.lat, lon: PUBLIC_EXACT.lon, publicSummary: inLanguage("en", "Public shelling report.") }), flagKm: 2 })).id;
  await t.db.update(incidents).set({ visibility: "public" }).where(eq(incidents.id, publicId));
  falseId = (await createIncident(t.db, reporter, { input: input({ verification: "unverified", publicSummary: inLanguage("en", "Retracted report.") }), flagKm: 2 })).id;
  await t.db.update(incidents).set({ visibility: "public", verification: "false" }).where(eq(incidents.id, falseId));
  // A status set by the reporter: who confirmed it must never show.
  statusEventRouteId = scenarioId("route:lysychansk-bakhmut");
  const [route] = await t.db.select({ version: routes.version }).from(routes).where(eq(routes.id, statusEventRouteId));
  await updateRouteStatus(t.db, reporter, { routeId: statusEventRouteId, baseVersion: route!.version, status: "closed", reasonCodes: [], reason: inLanguage("en", "Bridge destroyed."), source: null });
});
afterAll(async () => {
  await t?.drop();
});


describe("public API queries", () => {
  it("incidents: only public and not false, position rounded to 0.01°", async () => {
    const list = await listPublicIncidents(t.db);
    const ids = list.map((i) => i.id);
    expect(ids).toContain(publicId);
    expect(ids).not.toContain(internalId);
    expect(ids).not.toContain(falseId);
    // The seeded scenario's public incidents are there too.
    expect(ids).toContain(scenarioId("incident:kreminna-shooting"));
    const mine = list.find((i) => i.id === publicId)!;
    expect(mine.roundedPoint).toEqual({ lat: 48.94, lon: 38.47 });
    expect(mine).toMatchObject({ killed: null, injured: 2, missing: null, verification: "unverified" });
    expect(Object.keys(mine).sort()).toEqual(
      ["category", "geoPrecision", "id", "injured", "killed", "missing", "occurredAt", "occurredPrecision", "publicSummary", "roundedPoint", "town", "verification"].sort(),
    );
    // The seeded Kreminna incident's exact point (49.041, 38.19) comes out rounded.
    expect(list.find((i) => i.id === scenarioId("incident:kreminna-shooting"))!.roundedPoint).toEqual({ lat: 49.04, lon: 38.19 });
  });

  it("routes: only whether a review is pending, as a boolean", async () => {
    const rows = await listPublicRoutes(t.db);
    const row = rows.find((r) => r.id === statusEventRouteId)!;
    expect(row).toMatchObject({ status: "closed", statusReason: inLanguage("en", "Bridge destroyed."), flaggedForReview: false });
    // The incidents near Lysychansk flagged other routes through it; the flag is a boolean only.
    expect(rows.some((r) => r.flaggedForReview)).toBe(true);
    expect(rows.every((r) => typeof r.flaggedForReview === "boolean")).toBe(true);
  });

  it("a stale open route is reported as unconfirmed, never open", async () => {
    const id = scenarioId("route:hirske-bakhmut");
    await t.db.update(routes).set({ status: "open", statusConfirmedAt: new Date(Date.now() - 7 * 3_600_000), freshnessWindowHours: 6 }).where(eq(routes.id, id));
    const now = new Date();
    const publicRoute = (await listPublicRouteStatuses(t.db, { now })).find((r) => r.route.id === id)!.route;
    expect(publicRoute).toMatchObject({ status: "unconfirmed", fresh: false, lastReportedWarning: null, reasonCodes: [], reasonLabels: { uk: "", ru: "", en: "" }, reason: { uk: "", ru: "", en: "" } });
    expect(publicRoute.confirmedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(dump(publicRoute)).not.toContain('"open"');
  });

  it("towns: only towns with routes, with names, aliases, oblast and point", async () => {
    const towns = await listPublicTowns(t.db);
    const slugs = towns.map((x) => x.slug);
    expect(slugs).toContain("lysychansk");
    expect(slugs).toContain("bakhmut");
    expect(towns.find((x) => x.slug === "lysychansk")).toMatchObject({ oblast: { slug: expect.any(String) }, lat: 48.904, lon: 38.442 });
  });

  it("status events: newest first, with the previous event for CAP references, and no recorder", async () => {
    const events = await listPublicStatusEvents(t.db, { limit: 50 });
    expect(events[0]).toMatchObject({ route: { id: statusEventRouteId }, status: "closed", reason: inLanguage("en", "Bridge destroyed.") });
    const one = (await getPublicStatusEvent(t.db, { id: events[0]!.id }))!;
    expect(one.previous?.id).toBe(scenarioId("status-event:lysychansk-bakhmut:1"));
    expect(await getPublicStatusEvent(t.db, { id: "00000000-0000-4000-8000-000000000000" })).toBeNull();
    expect(await getPublicStatusEvent(t.db, { id: "not-a-uuid" })).toBeNull();
    const latest = await listLatestPublicStatusEvents(t.db);
    expect(latest.filter((e) => e.route.id === statusEventRouteId).map((e) => e.id)).toEqual([events[0]!.id]);
  });

  it("corridor windows: agreed only, with the routes they cover", async () => {
    const now = new Date();
    const windows = await listPublicCorridorWindows(t.db, { now });
    expect(windows.length).toBeGreaterThan(0);
    const w = (await getPublicCorridorWindow(t.db, { id: windows[0]!.id, now }))!;
    expect(Object.keys(w).sort()).toEqual(["createdAt", "id", "phase", "published", "routes", "timeLeftMs", "title", "updatedAt", "version", "windowEnd", "windowStart"]);
    expect(w.published.at(-1)).toMatchObject({ version: w.version, msgType: "Alert" });
    expect(w.routes.length).toBeGreaterThan(0);
  });

  it("malformed arguments find nothing or fall back, never fail the query", async () => {
    const now = new Date();
    expect(await listPublicCorridorWindows(t.db, { now, routeIds: ["not-a-uuid", "%ff"] })).toEqual([]);
    expect(await getPublicCorridorWindow(t.db, { now, id: "00000000-0000-0000-0000-000000000000" })).toBeNull();
    expect(await listPublicIncidents(t.db, { limit: 1.9 })).toHaveLength(1);
    expect((await listPublicIncidents(t.db, { limit: -5 })).length).toBeGreaterThan(1);
    expect((await listPublicStatusEvents(t.db, { limit: Number.NaN })).length).toBeGreaterThan(1);
  });
});
