import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentRoutes, incidents } from "../schema/incidents";
import { scenarioId } from "../scenario/ids";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createUser } from "../queries/users";
import { confirmRouteStatus, updateRouteStatus } from "../queries/route-status";
import { getRouteForCoordinator } from "../queries/routes";
import { createIncident } from "../queries/incident-writes";
import { kreminnaStyle } from "../testing/incident-fixtures";
import { statusConfidence } from "@/lib/status-confidence";
import { getPublicRouteView, getPublicTownView } from "./route-views";
import { listSearchableTowns } from "./towns";
import { inLanguage } from "@/lib/localized-text";

let t: TestDb;
let reporterId: string;
const now = new Date();
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

const SECRET = "Witness Olena K., phone +380 00 000 0000, hiding at the school";

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now });
  ({ id: reporterId } = await createUser(t.db, null, { email: "reporter@example.org", password: "a long enough password", role: "coordinator" }));
  const routeId = scenarioId("route:lysychansk-bakhmut");
  const base = {
    category: "shelling_or_strike_near_route" as const,
    occurredAt: hoursAgo(2),
    reportedAt: hoursAgo(1),
    townId: scenarioId("town:lysychansk"),
    lat: 48.90123,
    lon: 38.44321,
    internalDescription: SECRET,
    reportedBy: reporterId,
  };
  const rows = await t.db
    .insert(incidents)
    .values([
      { ...base, publicSummary: inLanguage("en", "INTERNAL-ONLY summary"), visibility: "internal", verification: "verified" },
      { ...base, publicSummary: inLanguage("en", "RETRACTED summary"), visibility: "public", verification: "false" },
      { ...base, publicSummary: inLanguage("en", "PUBLIC fresh summary"), visibility: "public", verification: "unverified" },
      { ...base, publicSummary: inLanguage("en", "OLD summary"), visibility: "public", verification: "verified", occurredAt: hoursAgo(24 * 40) },
    ])
    .returning({ id: incidents.id });
  await t.db.insert(incidentRoutes).values(rows.map((r) => ({ incidentId: r.id, routeId })));
});
afterAll(async () => {
  await t?.drop();
});

const text = (value: unknown) => JSON.stringify(value);

describe("public town view", () => {
  it("has the town, its oblast's notice and its routes with public fields only", async () => {
    const view = (await getPublicTownView(t.db, { slug: "lysychansk", now }))!;
    expect(Object.keys(view).sort()).toEqual(["notices", "routes", "town"]);
    expect(Object.keys(view.town).sort()).toEqual(["aliases", "changedAt", "lat", "lon", "nameEn", "nameRu", "nameUk", "oblast", "pcode", "slug"]);
    expect(view.town.nameEn).toBe("Lysychansk");
    expect(view.notices.map((n) => n.textEn)).toContain("There are no safe places left in the region. Evacuate while you still can.");
    const route = view.routes.find((r) => r.slug === "lysychansk-bakhmut")!;
    expect(route.destination.nameEn).toBe("Bakhmut");
    expect(Object.keys(route).sort()).toEqual(
      [
        "assemblyPoint",
        "assemblyPointCall",
        "assemblyPointCloses",
        "assemblyPointLat",
        "assemblyPointLon",
        "assemblyPointOpens",
        "changedAt",
        "destination",
        "flaggedForReview",
        "flagVerification",
        "freshnessWindowHours",
        "id",
        "incidents",
        "mode",
        "organisation",
        "origin",
        "originOblast",
        "schedule",
        "slug",
        "status",
        "statusConfirmedAt",
        "statusInstructions",
        "statusReason",
        "statusReasonCodes",
        "statusReconfirmed",
        "statusSourceKind",
        "waypoints",
        "windows",
      ].sort(),
    );
    for (const incident of route.incidents) {
      expect(Object.keys(incident).sort()).toEqual(
        ["category", "geoPrecision", "id", "injured", "killed", "missing", "occurredAt", "occurredPrecision", "publicSummary", "roundedPoint", "town", "verification"].sort(),
      );
    }
  });

  it("shows a public incident, never an internal or retracted one, nor internal fields", async () => {
    const view = (await getPublicTownView(t.db, { slug: "lysychansk", now }))!;
    const summaries = view.routes.flatMap((r) => r.incidents.map((i) => i.publicSummary.en));
    expect(summaries).toContain("PUBLIC fresh summary");
    expect(summaries).not.toContain("INTERNAL-ONLY summary");
    expect(summaries).not.toContain("RETRACTED summary");
    expect(summaries).not.toContain("OLD summary");
    const all = text(view);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(reporterId);
    expect(all).not.toContain("48.90123");
    expect(all).not.toContain("example.org");
  });

  it("never shows the seeded internal descriptions", async () => {
    const view = (await getPublicTownView(t.db, { slug: "kreminna", now }))!;
    expect(view.routes[0]!.incidents.map((i) => i.publicSummary.en)).toContain(
      "Four civilians were shot dead as they tried to flee Kreminna by car during an attack.",
    );
    expect(text(view)).not.toMatch(/Reuters report|19FortyFive|identity of the shooters/);
    expect(text(view)).not.toContain("49.041");
  });

  it("returns null for an unknown town", async () => {
    expect(await getPublicTownView(t.db, { slug: "atlantis", now })).toBeNull();
  });
});

describe("public route view", () => {
  it("has the route and its history without who set it", async () => {
    const view = (await getPublicRouteView(t.db, { slug: "lysychansk-bakhmut", now }))!;
    expect(view.route.origin.nameEn).toBe("Lysychansk");
    expect(view.history.length).toBeGreaterThan(0);
    for (const event of view.history) {
      expect(Object.keys(event).sort()).toEqual(["confirmedAt", "freshnessWindowHours", "id", "instructions", "kind", "reason", "reasonCodes", "recordedAt", "route", "sourceKind", "status"]);
      expect(event.route.slug).toBe("lysychansk-bakhmut");
    }
    expect(text(view)).not.toContain(SECRET);
    expect(text(view)).not.toContain("example.org");
    expect(await getPublicRouteView(t.db, { slug: "nowhere-nowhere", now })).toBeNull();
  });
});

describe("searchable towns", () => {
  it("lists names and aliases", async () => {
    const list = await listSearchableTowns(t.db);
    expect(list.find((x) => x.slug === "sievierodonetsk")!.aliases).toContain("Severodonetsk");
  });
});

describe("how sure a status is", () => {
  it("gives the kind of the source behind the status, whether it was re-confirmed, and a flag's verification", async () => {
    const { id } = await createUser(t.db, null, { email: "sure@example.org", password: "a long enough password", role: "coordinator" });
    const coordinator = { id, email: "sure@example.org", name: "", role: "coordinator" as const, organisation: "" };
    const route = (await getRouteForCoordinator(t.db, coordinator, "hirske-bakhmut"))!;
    const { version } = await updateRouteStatus(t.db, coordinator, {
      routeId: route.id,
      baseVersion: route.version,
      status: "caution",
      reasonCodes: ["shelling_or_air_strikes"],
      reason: inLanguage("en", ""),
      source: { kind: "ngo_field_report", outlet: "FIELD-OUTLET-7", url: null },
    });
    const read = async () => (await getPublicRouteView(t.db, { slug: "hirske-bakhmut", now: new Date() }))!.route;
    expect(await read()).toMatchObject({ statusSourceKind: "ngo_field_report", statusReconfirmed: false });
    // "Confirm unchanged" keeps the kind named when the status was set, and says it re-confirmed.
    await confirmRouteStatus(t.db, coordinator, { routeId: route.id, baseVersion: version });
    const after = await read();
    expect(after).toMatchObject({ statusSourceKind: "ngo_field_report", statusReconfirmed: true });
    expect(JSON.stringify(after)).not.toContain("FIELD-OUTLET-7");
    // A new status without a source names none: the old kind does not carry over to it.
    const now2 = (await getRouteForCoordinator(t.db, coordinator, "hirske-bakhmut"))!;
    await updateRouteStatus(t.db, coordinator, { routeId: route.id, baseVersion: now2.version, status: "closed", reasonCodes: ["checkpoint_closed"], reason: inLanguage("en", ""), source: null });
    expect(await read()).toMatchObject({ statusSourceKind: null, statusReconfirmed: false });
  });

  it("gives a flag's incident verification, and nothing once the flag is cleared", async () => {
    const { id } = await createUser(t.db, null, { email: "flag@example.org", password: "a long enough password", role: "coordinator" });
    const coordinator = { id, email: "flag@example.org", name: "", role: "coordinator" as const, organisation: "" };
    await createIncident(t.db, coordinator, { input: kreminnaStyle({ verification: "corroborated" }), flagKm: 2 });
    const read = async () => (await getPublicRouteView(t.db, { slug: "kreminna-sloviansk", now: new Date() }))!.route;
    expect(await read()).toMatchObject({ flaggedForReview: true, flagVerification: "corroborated" });
    const route = (await getRouteForCoordinator(t.db, coordinator, "kreminna-sloviansk"))!;
    await confirmRouteStatus(t.db, coordinator, { routeId: route.id, baseVersion: route.version });
    const cleared = await read();
    expect(cleared.flaggedForReview).toBe(false);
    expect(statusConfidence(cleared).flagVerification).toBeNull();
  });
});
