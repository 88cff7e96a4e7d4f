import { parse } from "csv-parse/sync";
import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hxlCsvBody, hxlCsvRows } from "@/lib/hxl/csv";
import { incidentColumns, incidentFeature, type IncidentExportRow } from "@/lib/hxl/incidents";
import { routeStatusColumns, type RouteStatusExportRow } from "@/lib/hxl/routes";
import type { ExportScope } from "@/lib/hxl/scope";
import { geoJsonBody, pagedStream } from "@/lib/hxl/stream";
import { AccessError, type SessionUser } from "@/lib/session-user";
import { rowsOf } from "../client";
import { auditLog } from "../schema/audit";
import { incidents, incidentSources } from "../schema/incidents";
import { organisations } from "../schema/organisations";
import { towns } from "../schema/places";
import { routes, routeStatusEvents } from "../schema/routes";
import { sources } from "../schema/sources";
import { scenarioId } from "../scenario/ids";
import { seedScenario } from "../seed";
import { createTestDb, type TestDb } from "../testing/test-db";
import {
  countIncidentExport,
  countRouteStatusExport,
  exportIncidentPages,
  exportRouteStatusCsvPages,
  exportRouteStatusPages,
  recordExport,
  type IncidentExportFilters,
} from "./exports";
import { listPublicIncidents } from "../public/incidents";
import { createUser } from "./users";
import { inLanguage } from "@/lib/localized-text";

const INTERNAL_TEXT = "Witness Olena K. (phone +380 50 000 0000) saw it: internal only";
const EYEWITNESS = "Olena K., neighbour";
const REPORTER_EMAIL = "reporter@example.org";
const EXACT = { lat: 48.912345, lon: 38.456789 };
// Ten incidents in three groups that occurred at the very same instant (one with microseconds, which
// a JavaScript Date cannot hold), so every page boundary of 3 falls inside a group of ties.
const SAME_A = "2022-04-18 10:00:00.123456+03";
const SAME_B = "2022-04-17 09:30:00+03";
const SAME_C = "2022-04-16 08:00:00.000001+03";

let t: TestDb;
let admin: SessionUser;
let coordinator: SessionUser;
const ids = { public: [] as string[], internal: "", falsePublic: "", townOnly: "", eyewitnessed: "" };

async function insertIncident(over: Partial<typeof incidents.$inferInsert> & { occurred: string }): Promise<string> {
  const { occurred, ...rest } = over;
  const [row] = await t.db
    .insert(incidents)
    .values({
      category: "shelling_or_strike_near_route",
      occurredAt: sql`${occurred}::timestamptz` as unknown as Date,
      reportedAt: new Date("2022-04-18T12:00:00Z"),
      townId: scenarioId("town:lysychansk"),
      lat: EXACT.lat,
      lon: EXACT.lon,
      geoPrecision: "place",
      injured: 2,
      publicSummary: inLanguage("en", "Shelling reported near the road out of town."),
      internalDescription: INTERNAL_TEXT,
      verification: "unverified",
      visibility: "public",
      reportedBy: coordinator.id,
      ...rest,
    })
    .returning({ id: incidents.id });
  return row!.id;
}

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  const [hq, ngo] = await t.db
    .insert(organisations)
    .values([
      { shortName: "HQ", nameUk: "HQ", nameRu: "HQ", nameEn: "HQ" },
      { shortName: "Example NGO", nameUk: "Example NGO", nameRu: "Example NGO", nameEn: "Example NGO" },
    ])
    .returning();
  const a = await createUser(t.db, null, { email: "boss@example.org", password: "a long enough password", role: "admin", organisationId: hq!.id });
  admin = { id: a.id, email: "boss@example.org", name: "", role: "admin", organisation: "HQ" };
  const c = await createUser(t.db, null, { email: REPORTER_EMAIL, password: "a long enough password", role: "coordinator", organisationId: ngo!.id });
  coordinator = { id: c.id, email: REPORTER_EMAIL, name: "", role: "coordinator", organisation: "Example NGO" };
  // The scenario's incidents are far more recent than 2022; drop them so this file controls the set.
  await t.db.delete(incidents).where(sql`true`); // every row, on purpose
  for (const occurred of [SAME_A, SAME_A, SAME_A, SAME_A, SAME_B, SAME_B, SAME_B, SAME_C, SAME_C, SAME_C]) {
    ids.public.push(await insertIncident({ occurred }));
  }
  ids.internal = await insertIncident({ occurred: SAME_B, visibility: "internal", publicSummary: inLanguage("en", "Internal-only report.") });
  ids.falsePublic = await insertIncident({ occurred: SAME_A, verification: "false", publicSummary: inLanguage("en", "Retracted report.") });
  ids.townOnly = await insertIncident({ occurred: "2022-04-15 10:00+03", lat: null, lon: null, killed: 0, category: "mines_uxo_ied", verification: "verified", geoPrecision: "near" });
  // The scenario's towns carry no P-code; give Lysychansk one so #loc+code can be checked.
  await t.db.update(towns).set({ pcode: "UA44TEST0001" }).where(eq(towns.id, scenarioId("town:lysychansk")));
  ids.public.push(ids.townOnly);
  ids.eyewitnessed = ids.public[0]!;
  const [witness] = await t.db
    .insert(sources)
    .values({ kind: "eyewitness", outlet: EYEWITNESS, url: "https://social.example/olena" })
    .returning({ id: sources.id });
  const [wire] = await t.db
    .insert(sources)
    .values({ kind: "wire_agency", outlet: "Reuters", url: "https://example.org/reuters" })
    .returning({ id: sources.id });
  const [fieldReport] = await t.db
    .insert(sources)
    .values({ kind: "ngo_field_report", outlet: "Field team (contact: Petro, +380…)", url: "https://intranet.example/report-17" })
    .returning({ id: sources.id });
  await t.db.insert(incidentSources).values([
    { incidentId: ids.eyewitnessed, sourceId: witness!.id },
    { incidentId: ids.eyewitnessed, sourceId: wire!.id },
    { incidentId: ids.eyewitnessed, sourceId: fieldReport!.id },
    { incidentId: ids.public[5]!, sourceId: wire!.id },
  ]);
});
afterAll(async () => {
  await t?.drop();
});

async function collect<Row>(pages: AsyncIterable<Row[]>): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    rows.push(...page);
  }
  return { rows, pages: count };
}

const incidentRows = (scope: ExportScope, pageSize?: number, filters?: IncidentExportFilters) =>
  collect(exportIncidentPages(t.db, admin, { scope, pageSize, filters }));

const readCsv = async (stream: ReadableStream<Uint8Array>): Promise<string[][]> =>
  parse(await new Response(stream).text(), { bom: true });

describe("who may export", () => {
  it("refuses a coordinator and a missing session before any query", async () => {
    expect(() => exportIncidentPages(t.db, coordinator, { scope: "partner" })).toThrow(AccessError);
    expect(() => exportIncidentPages(t.db, null, { scope: "partner" })).toThrow(AccessError);
    expect(() => exportRouteStatusPages(t.db, coordinator, { scope: "partner" })).toThrow(AccessError);
    await expect(recordExport(t.db, coordinator, { action: "export.incidents_csv", scope: "partner", filters: {} })).rejects.toThrow(AccessError);
  });

  it("records each export in the audit log with its scope and filters", async () => {
    await recordExport(t.db, admin, { action: "export.incidents_csv", scope: "internal", filters: { category: "mines_uxo_ied" } });
    const [row] = await t.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(row).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      action: "export.incidents_csv",
      entityType: "export",
      after: { scope: "internal", filters: { category: "mines_uxo_ied" } },
    });
  });
});

describe("keyset paging", () => {
  it("pages of 3 neither drop nor repeat rows across equal occurrence times, in the same order as one page", async () => {
    const all = await incidentRows("internal", 1000);
    const paged = await incidentRows("internal", 3);
    expect(all.rows).toHaveLength(13);
    expect(paged.pages).toBe(5);
    expect(paged.rows.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    expect(new Set(paged.rows.map((r) => r.id)).size).toBe(13);
    // Newest first.
    const times = paged.rows.map((r) => r.occurredAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("a page size that divides the rows exactly ends without an extra empty page", async () => {
    const paged = await incidentRows("partner", 11);
    expect(paged.rows).toHaveLength(11);
    expect(paged.pages).toBe(1);
    expect((await incidentRows("partner", 1)).rows.map((r) => r.id)).toEqual(paged.rows.map((r) => r.id));
  });

  it("route status history pages through every event once, route by route", async () => {
    const [{ n }] = (await t.db.select({ n: sql<number>`count(*)::int` }).from(routeStatusEvents)) as [{ n: number }];
    const all = await collect(exportRouteStatusPages(t.db, admin, { scope: "partner" }));
    const paged = await collect(exportRouteStatusPages(t.db, admin, { scope: "partner", pageSize: 3 }));
    expect(n).toBeGreaterThan(3);
    expect(paged.rows.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    expect(new Set(paged.rows.map((r) => r.id)).size).toBe(n);
    const slugs = paged.rows.map((r) => r.routeSlug);
    expect([...slugs].sort()).toEqual(slugs);
  });
});

describe("partner scope", () => {
  let rows: IncidentExportRow[];
  beforeAll(async () => {
    rows = (await incidentRows("partner", 4)).rows;
  });

  it("leaves out internal incidents and those retracted as false", () => {
    const got = rows.map((r) => r.id);
    expect(got).toHaveLength(ids.public.length);
    expect(got).not.toContain(ids.internal);
    expect(got).not.toContain(ids.falsePublic);
    expect(rows.every((r) => r.visibility === "public" && r.verification !== "false")).toBe(true);
  });

  it("has no internal description, reporter or exact position", () => {
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(INTERNAL_TEXT);
    expect(dump).not.toContain(REPORTER_EMAIL);
    expect(dump).not.toContain("Example NGO");
    expect(dump).not.toContain(String(EXACT.lat));
    expect(rows.every((r) => r.internal === null)).toBe(true);
  });

  it("rounds positions exactly as the public GeoJSON does, or gives the town's point", async () => {
    const publicRows = await listPublicIncidents(t.db);
    const row = rows.find((r) => r.id === ids.public[1])!;
    const pub = publicRows.find((p) => p.id === ids.public[1])!;
    expect(row.position).toEqual({ lat: pub.roundedPoint!.lat, lon: pub.roundedPoint!.lon, basis: "rounded" });
    expect(row.position).toEqual({ lat: 48.91, lon: 38.46, basis: "rounded" });
    expect(rows.find((r) => r.id === ids.townOnly)!.position).toEqual({ lat: 48.904, lon: 38.442, basis: "town" });
  });

  it("names and links only published sources; eyewitness and field-report sources by their kind only", () => {
    const row = rows.find((r) => r.id === ids.eyewitnessed)!;
    expect(row.sources).toHaveLength(3);
    expect(row.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "eyewitness", outlet: null, url: null }),
        expect.objectContaining({ kind: "ngo_field_report", outlet: null, url: null }),
        expect.objectContaining({ kind: "wire_agency", outlet: "Reuters", url: "https://example.org/reuters" }),
      ]),
    );
    expect(JSON.stringify(rows)).not.toContain(EYEWITNESS);
    expect(JSON.stringify(rows)).not.toMatch(/Petro|intranet/);
  });

  it("streams as CSV with the HXL hashtag row second and no internal text", async () => {
    const columns = incidentColumns("partner");
    const csv = await readCsv(pagedStream(exportIncidentPages(t.db, admin, { scope: "partner", pageSize: 3 }), hxlCsvBody(columns)));
    expect(csv[0]![0]).toBe("Incident ID");
    expect(csv[1]).toEqual(columns.map((c) => c.hashtag));
    expect(csv).toHaveLength(2 + ids.public.length);
    const tag = (name: string) => csv[1]!.indexOf(name);
    const townOnly = csv.find((r) => r[0] === ids.townOnly)!;
    expect(townOnly[tag("#affected+killed")]).toBe("0");
    expect(townOnly[tag("#affected+x_missing")]).toBe("");
    expect(townOnly[tag("#loc+name")]).toBe("Lysychansk");
    expect(townOnly[tag("#loc+code")]).toBe("UA44TEST0001");
    expect(townOnly[tag("#adm1+name")]).toBe("Luhansk oblast");
    expect(townOnly[tag("#adm1+code")]).toBe("UA44");
    expect(townOnly[tag("#country+code")]).toBe("UKR");
    expect(townOnly[tag("#geo+x_precision")]).toBe("2");
    expect(townOnly[tag("#geo+x_basis")]).toBe("town");
    expect(townOnly[tag("#meta+x_visibility")]).toBe("public");
    const text = csv.flat().join("\n");
    expect(text).not.toContain(INTERNAL_TEXT);
    expect(text).not.toContain(REPORTER_EMAIL);
  });

  it("streams as a valid GeoJSON FeatureCollection with [lon, lat] points", async () => {
    const stream = pagedStream(exportIncidentPages(t.db, admin, { scope: "partner", pageSize: 3 }), geoJsonBody(incidentFeature));
    const json = JSON.parse(await new Response(stream).text());
    expect(json.type).toBe("FeatureCollection");
    expect(json.features).toHaveLength(ids.public.length);
    for (const f of json.features) {
      expect(f.type).toBe("Feature");
      expect(f.geometry.type).toBe("Point");
      const [lon, lat] = f.geometry.coordinates;
      expect(lon).toBeGreaterThanOrEqual(-180);
      expect(lon).toBeLessThanOrEqual(180);
      expect(lat).toBeGreaterThanOrEqual(-90);
      expect(lat).toBeLessThanOrEqual(90);
      // Luhansk oblast: longitude ~38, latitude ~49, so a swapped pair would show.
      expect(lon).toBeCloseTo(38.4, 0);
      expect(lat).toBeCloseTo(48.9, 0);
      expect(f.properties).not.toHaveProperty("internalDescription");
    }
  });

  it("route status history has no confirming user or organisation", async () => {
    const { rows: events } = await collect(exportRouteStatusPages(t.db, admin, { scope: "partner" }));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e: RouteStatusExportRow) => e.internal === null)).toBe(true);
    const csv = await readCsv(pagedStream(exportRouteStatusPages(t.db, admin, { scope: "partner" }), hxlCsvBody(routeStatusColumns("partner"))));
    expect(csv[1]).toEqual(routeStatusColumns("partner").map((c) => c.hashtag));
    expect(csv).toHaveLength(2 + events.length);
    const kreminna = csv.find((r) => r[1] === "kreminna-sloviansk")!;
    expect(kreminna[csv[1]!.indexOf("#adm1+name+origin")]).toBe("Luhansk oblast");
    expect(kreminna[csv[1]!.indexOf("#adm1+code+dest")]).toBe("UA14");
    expect(kreminna[csv[1]!.indexOf("#country+code+dest")]).toBe("UKR");
  });
});

describe("internal scope", () => {
  it("includes internal and retracted incidents, exact positions, the internal description and the organisation, no email", async () => {
    const { rows } = await incidentRows("internal", 5);
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([ids.internal, ids.falsePublic]));
    const row = rows.find((r) => r.id === ids.internal)!;
    expect(row.position).toEqual({ ...EXACT, basis: "exact" });
    expect(row.internal).toEqual({ description: INTERNAL_TEXT, reportingOrganisation: "Example NGO" });
    expect(row.geoPrecision).toBe("place");
    expect(JSON.stringify(rows)).not.toContain(REPORTER_EMAIL);
    expect(rows.find((r) => r.id === ids.eyewitnessed)!.sources[0]).toMatchObject({ outlet: EYEWITNESS });
  });

  it("route status history names the confirming organisation, never the person", async () => {
    const { rows } = await collect(exportRouteStatusPages(t.db, admin, { scope: "internal" }));
    expect(rows.every((r) => r.internal !== null)).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/@example\.org/);
  });
});

describe("filters", () => {
  it("by category, verification and Kyiv date range", async () => {
    expect((await incidentRows("internal", 3, { category: "mines_uxo_ied" })).rows.map((r) => r.id)).toEqual([ids.townOnly]);
    expect((await incidentRows("internal", 3, { verification: "false" })).rows.map((r) => r.id)).toEqual([ids.falsePublic]);
    // 17 April 2022 in Kyiv: from its midnight (+03:00) to the next.
    const day = { from: new Date("2022-04-16T21:00:00Z"), before: new Date("2022-04-17T21:00:00Z") };
    const { rows } = await incidentRows("internal", 2, day);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.occurredAt.toISOString().startsWith("2022-04-17T06:30"))).toBe(true);
  });

  it("on the route history's confirmation time", async () => {
    const { rows: all } = await collect(exportRouteStatusPages(t.db, admin, { scope: "partner" }));
    const newest = Math.max(...all.map((r) => r.confirmedAt.getTime()));
    const { rows } = await collect(exportRouteStatusPages(t.db, admin, { scope: "partner", filters: { from: new Date(newest) } }));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.confirmedAt.getTime() === newest)).toBe(true);
    const { rows: none } = await collect(exportRouteStatusPages(t.db, admin, { scope: "partner", filters: { before: new Date(0) } }));
    expect(none).toEqual([]);
  });
});

describe("the route history as CSV written by PostgreSQL", () => {
  it("is byte for byte the CSV of the exported rows: tricky cells, Kyiv's clock changes, both scopes, any page size", async () => {
    const [route] = await t.db.select({ id: routes.id }).from(routes).orderBy(routes.slug).limit(1);
    const [org] = await t.db.insert(organisations).values({ shortName: '=Ops, "East"', nameUk: "Ops", nameRu: "Ops", nameEn: "Ops" }).returning();
    await t.db.update(routes).set({ organisationId: org!.id }).where(eq(routes.id, route!.id));
    const [quoted] = await t.db.insert(sources).values({ kind: "local_media", outlet: 'News, "Daily"', url: "https://example.org/a,b" }).returning({ id: sources.id });
    const [witness] = await t.db.insert(sources).values({ kind: "eyewitness", outlet: EYEWITNESS, url: "https://social.example/w" }).returning({ id: sources.id });
    const event = (confirmedAt: string, reason: { uk: string; ru: string; en: string }, extra: Partial<typeof routeStatusEvents.$inferInsert> = {}) => ({
      routeId: route!.id,
      status: "caution" as const,
      confirmedAt: sql`${confirmedAt}::timestamptz` as unknown as Date,
      reason,
      createdBy: coordinator.id,
      routeVersion: 1,
      ...extra,
    });
    await t.db.insert(routeStatusEvents).values([
      // Kyiv leaves summer time at 01:00 UTC on 30 October 2022: 03:30+03:00, then 03:30+02:00.
      event("2022-10-30 00:30:00+00", { uk: '=HYPERLINK("http://example.org")', ru: 'Обстріл, "сильний"\nдругий рядок', en: "-5 degrees" }, { reasonCodes: ["weather", "active_fighting", "weather"], sourceId: quoted!.id }),
      event("2022-10-30 01:30:00+00", { uk: "\uFF0Bплюс", ru: "@mention", en: "\ttab" }, { kind: "confirm", sourceId: witness!.id }),
      // And enters it at 01:00 UTC on 26 March 2023; seconds are cut, not rounded.
      event("2023-03-26 00:59:59.999+00", { uk: "line\rreturn", ru: "", en: "a,b" }, { reasonCodes: ["other"] }),
      event("2023-03-26 01:00:00.000001+00", { uk: "\uFF1D", ru: "\uFF20", en: "\uFF0D1" }, { status: "closed" }),
    ]);
    const cases: { scope: ExportScope; filters?: { from?: Date; before?: Date } }[] = [
      { scope: "partner" },
      { scope: "internal" },
      { scope: "partner", filters: { from: new Date("2022-10-30T01:00:00Z"), before: new Date("2023-03-26T01:00:00Z") } },
    ];
    for (const { scope, filters } of cases) {
      const { rows } = await collect(exportRouteStatusPages(t.db, admin, { scope, filters }));
      const expected = hxlCsvRows(routeStatusColumns(scope), rows);
      if (!filters) expect(expected).toContain("'=HYPERLINK");
      for (const pageSize of [3, 5000]) {
        const { rows: lines } = await collect(exportRouteStatusCsvPages(t.db, admin, { scope, filters, pageSize }));
        expect(lines).toHaveLength(rows.length);
        expect(lines.join("")).toBe(expected);
      }
    }
    // The file reads back as the rows: a quoted line break stays inside its cell.
    const { rows: partnerRows } = await collect(exportRouteStatusPages(t.db, admin, { scope: "partner" }));
    const { rows: lines } = await collect(exportRouteStatusCsvPages(t.db, admin, { scope: "partner" }));
    const parsed = parse(lines.join(""), {}) as string[][];
    expect(parsed).toHaveLength(partnerRows.length);
    const dst = parsed.filter((r) => r.some((c) => c.startsWith("2022-10-30T03:30:00")));
    expect(dst.map((r) => r.find((c) => c.startsWith("2022-10-30T03:30:00")))).toEqual(["2022-10-30T03:30:00+03:00", "2022-10-30T03:30:00+02:00"]);
  });

  it("refuses a coordinator before any query", () => {
    expect(() => exportRouteStatusCsvPages(t.db, coordinator, { scope: "partner" })).toThrow(AccessError);
  });
});

describe("row counts (the file's X-Total-Count)", () => {
  it("count exactly the rows each export gives, for each scope and filter", async () => {
    const incidentCases: { scope: ExportScope; filters?: IncidentExportFilters }[] = [
      { scope: "partner" },
      { scope: "internal" },
      { scope: "partner", filters: { from: new Date("2022-04-16T21:00:00Z"), before: new Date("2022-04-17T21:00:00Z") } },
      { scope: "internal", filters: { verification: "false" } },
    ];
    for (const options of incidentCases) {
      const { rows } = await collect(exportIncidentPages(t.db, admin, { ...options, pageSize: 3 }));
      expect(await countIncidentExport(t.db, admin, options), JSON.stringify(options)).toBe(rows.length);
    }
    const { rows: history } = await collect(exportRouteStatusPages(t.db, admin, { scope: "partner", pageSize: 3 }));
    expect(history.length).toBeGreaterThan(3);
    expect(await countRouteStatusExport(t.db, admin, { scope: "partner" })).toBe(history.length);
    expect(await countRouteStatusExport(t.db, admin, { scope: "internal", filters: { before: new Date(0) } })).toBe(0);
  });

  it("leave out, in the count and the rows alike, what was recorded after the export began", async () => {
    const { rows: before } = await incidentRows("internal");
    // The database's own clock: created_at is set by it.
    const [{ now: asOf }] = rowsOf<{ now: string }>(await t.db.execute(sql`select now()::text as now`)) as [{ now: string }];
    await new Promise((resolve) => setTimeout(resolve, 5));
    const added = await insertIncident({ occurred: "2022-04-19 10:00:00+03" });
    try {
      const options = { scope: "internal" as const, asOf: new Date(new Date(asOf).getTime() + 1) };
      const { rows } = await collect(exportIncidentPages(t.db, admin, options));
      expect(rows.map((r) => r.id)).not.toContain(added);
      expect(rows).toHaveLength(before.length);
      expect(await countIncidentExport(t.db, admin, options)).toBe(before.length);
      expect(await countIncidentExport(t.db, admin, { scope: "internal" })).toBe(before.length + 1);
    } finally {
      await t.db.delete(incidents).where(eq(incidents.id, added));
    }
  });

  it("refuse a coordinator", async () => {
    await expect(countIncidentExport(t.db, coordinator, { scope: "partner" })).rejects.toBeInstanceOf(AccessError);
    await expect(countRouteStatusExport(t.db, coordinator, { scope: "partner" })).rejects.toBeInstanceOf(AccessError);
  });
});

// Keep the scenario's events: the test above relies on them; this only checks they were seeded.
it("the scenario seeded route status events", async () => {
  const rows = await t.db.select({ id: routeStatusEvents.id }).from(routeStatusEvents).where(eq(routeStatusEvents.routeId, scenarioId("route:kreminna-sloviansk")));
  expect(rows.length).toBeGreaterThan(0);
});
