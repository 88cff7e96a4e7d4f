import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentRevisions, incidentRoutes, incidents, incidentSources } from "../schema/incidents";
import { agreementClaims, agreementParties, agreementRoutes, corridorAgreements } from "../schema/agreements";
import { areaNotices, towns } from "../schema/places";
import { routes, routeStatusEvents } from "../schema/routes";
import { sources } from "../schema/sources";
import { telegramChannels } from "../schema/messaging";
import { organisations } from "../schema/organisations";
import { transportRequests } from "../schema/transport-requests";
import { receptionPointEvents, receptionPoints } from "../schema/reception-points";
import { transportRunAssignments, transportRuns } from "../schema/transport-runs";
import { users } from "../schema/users";
import { scenarioId } from "../scenario/ids";
import { seedScenario } from "../seed";
import { callEveryPublicRead, publicReads } from "../testing/public-reads";
import { createTestDb, type TestDb } from "../testing/test-db";
import { PUBLIC_POSITION_DECIMALS } from "./columns";
import { inLanguage } from "@/lib/localized-text";

// The one leak test of the public boundary: every export of db/public, called with every probe,
// on the seeded scenario plus rows made to be recognisable. Nothing internal may come back.

const NOW = new Date();
const HOUR = 3_600_000;

/** Internal values, each distinctive enough that finding it anywhere in a result is a leak. */
const SECRET = {
  reporterEmail: "leak-reporter-q7@example.org",
  reporterName: "Leak Reporter Q7",
  internalDescription: "LEAK-Q7 internal description: the family hides in the school basement",
  reviewerNote: "LEAK-Q7 reviewer note: eyewitness is a local police officer",
  sourceOutlet: "LEAK-Q7 eyewitness Olena, phone +380 50 000 0007",
  internalSummary: "LEAK-Q7 summary of an internal-only incident",
  retractedSummary: "LEAK-Q7 summary of a report retracted as false",
  proposedTitle: "LEAK-Q7 proposed corridor nobody agreed",
  terms: "LEAK-Q7 terms: buses leave from the hospital yard",
  representative: "LEAK-Q7 Colonel Representative",
  claim: "LEAK-Q7 statement of a party",
  party: "LEAK-Q7 party name",
  sourceTitle: "LEAK-Q7 source title",
  sourceUrl: "https://leak-q7.example.net/eyewitness",
};
/** The distinctive incident's exact point: away from every town, finer than the public rounding. */
const EXACT = { lat: 48.876543, lon: 38.345678 };
/**
 * Keys that contain a forbidden part but are public by decision: a source's *kind* is a closed
 * category (wire agency, NGO field report, …) that says how sure a status is; the
 * source itself (outlet, link, id) stays internal.
 */
const PUBLIC_KEYS = new Set(["sourcekind", "statussourcekind"]);
/** Parts of a field name that only internal fields have (matched case-insensitively anywhere in a key). */
const FORBIDDEN_KEY_PARTS = [
  "internal",
  "reporter",
  "reportedby",
  "createdby",
  "updatedby",
  "confirmedby",
  "changedby",
  "reviewflag",
  "email",
  "password",
  "representative",
  "terms",
  "claim",
  "statement",
  "note",
  "source",
  "archive",
  "outlet",
  "part",
  "phone",
  "telegram",
  "personal",
  "referencecode",
];
/** Agreement states that are not a public corridor: none of their windows may appear. */
const UNAGREED_STATES = ["proposed", "suspended", "violated", "rejected", "cancelled"] as const;

let t: TestDb;
let results: Array<{ name: string; args: unknown; result: unknown }>;
const ids = { reporter: "", publicIncident: "", internalIncident: "", retracted: "", source: "", transportRequest: "", transportRun: "", unagreed: [] as string[] };
let townPoints: Set<string>;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db, { now: NOW, demoUsers: true });
  const db = t.db;
  const routeId = scenarioId("route:lysychansk-bakhmut");
  // The assembly point at the distinctive exact point: every public read must round it.
  await db
    .update(routes)
    .set({ assemblyPointLat: EXACT.lat, assemblyPointLon: EXACT.lon, assemblyPointOpens: "08:00", assemblyPointCloses: "20:00", assemblyPointCall: "+380 50 000 00 07" })
    .where(eq(routes.id, routeId));
  const [reporterOrganisation] = await db
    .insert(organisations)
    .values({ shortName: "LEAK-Q7 org", nameUk: "LEAK-Q7 org", nameRu: "LEAK-Q7 org", nameEn: "LEAK-Q7 org" })
    .returning({ id: organisations.id });
  const [reporter] = await db
    .insert(users)
    .values({ email: SECRET.reporterEmail, name: SECRET.reporterName, passwordHash: "x", role: "coordinator", organisationId: reporterOrganisation!.id })
    .returning({ id: users.id });
  ids.reporter = reporter!.id;
  // A linked channel, one by name (offered to residents) and one by numeric id (never offered); who linked them is internal.
  await db.insert(telegramChannels).values([
    { chatId: "@corridor_news_q7", title: "Corridor news", locale: "uk", createdBy: ids.reporter },
    { chatId: "-1001234567890", title: "LEAK-Q7 private channel", locale: "en", createdBy: ids.reporter },
  ]);
  const [source] = await db
    .insert(sources)
    .values({ kind: "eyewitness", outlet: SECRET.sourceOutlet, title: SECRET.sourceTitle, url: SECRET.sourceUrl, archiveRef: "LEAK-Q7-archive", createdBy: ids.reporter })
    .returning({ id: sources.id });
  ids.source = source!.id;
  const incident = (over: Partial<typeof incidents.$inferInsert>) => ({
    category: "attack_on_civilians_in_transit" as const,
    occurredAt: new Date(NOW.getTime() - 2 * HOUR),
    reportedAt: new Date(NOW.getTime() - HOUR),
    occurredPrecision: "day" as const,
    townId: scenarioId("town:lysychansk"),
    lat: EXACT.lat,
    lon: EXACT.lon,
    geoPrecision: "place" as const,
    injured: 3,
    publicSummary: inLanguage("en", "Car shot at on the road out of town."),
    internalDescription: SECRET.internalDescription,
    verification: "verified" as const,
    visibility: "public" as const,
    reportedBy: ids.reporter,
    updatedBy: ids.reporter,
    ...over,
  });
  const [pub] = await db.insert(incidents).values(incident({})).returning({ id: incidents.id });
  const [internal] = await db.insert(incidents).values(incident({ visibility: "internal", publicSummary: inLanguage("ru", SECRET.internalSummary) })).returning({ id: incidents.id });
  const [retracted] = await db.insert(incidents).values(incident({ verification: "false", publicSummary: inLanguage("uk", SECRET.retractedSummary) })).returning({ id: incidents.id });
  // A request for transport, claimed: only its count may ever leave db/public/.
  const [transportRequest] = await db
    .insert(transportRequests)
    .values({
      referenceCode: "LEAK-Q7-REF",
      channel: "hotline",
      townId: scenarioId("town:lysychansk"),
      peopleCount: 1,
      mobility: "bedridden",
      locale: "uk",
      requesterKind: "relative",
      personalSealed: "LEAK-Q7-sealed-personal",
      phoneHash: "LEAK-Q7-phone-hash",
      telegramHash: "LEAK-Q7-telegram-hash",
      claimedByOrganisationId: reporterOrganisation!.id,
      claimedAt: NOW,
      createdBy: ids.reporter,
    })
    .returning({ id: transportRequests.id });
  ids.transportRequest = transportRequest!.id;
  // A van leaving Lysychansk within the hour with that request on it: only counts may leave db/public/.
  const [run] = await db
    .insert(transportRuns)
    .values({
      referenceCode: "R-LEAKQ7",
      organisationId: reporterOrganisation!.id,
      vehicle: "van",
      seats: 2,
      stretcherPlaces: 1,
      stretcherPlacesTaken: 1,
      townId: scenarioId("town:lysychansk"),
      destinationTownId: scenarioId("town:dnipro"),
      departsFrom: new Date(NOW.getTime() + HOUR / 2),
      departsUntil: new Date(NOW.getTime() + HOUR),
      assemblyPoint: inLanguage("uk", "LEAK-Q7 meeting place: the hospital yard"),
      crewContactSealed: "LEAK-Q7-sealed-crew-contact",
      createdBy: ids.reporter,
    })
    .returning({ id: transportRuns.id });
  ids.transportRun = run!.id;
  await db.insert(transportRunAssignments).values({ runId: run!.id, requestId: transportRequest!.id, seats: 0, wheelchairPlaces: 0, stretcherPlaces: 1, pickupOrder: 1, createdBy: ids.reporter });
  ids.publicIncident = pub!.id;
  ids.internalIncident = internal!.id;
  ids.retracted = retracted!.id;
  for (const id of [ids.publicIncident, ids.internalIncident, ids.retracted]) {
    await db.insert(incidentRoutes).values({ incidentId: id, routeId });
    await db.insert(incidentSources).values({ incidentId: id, sourceId: ids.source });
    await db.insert(incidentRevisions).values({ incidentId: id, revision: 1, action: "review", changes: {}, note: SECRET.reviewerNote, changedBy: ids.reporter });
  }
  // The route was confirmed by the reporter, citing the eyewitness, and flagged by the internal report.
  const [route] = await db.select({ version: routes.version, status: routes.status }).from(routes).where(eq(routes.id, routeId));
  await db
    .update(routes)
    .set({ statusConfirmedBy: ids.reporter, statusConfirmedAt: NOW, reviewFlaggedAt: NOW, reviewFlagIncidentId: ids.internalIncident, updatedBy: ids.reporter })
    .where(eq(routes.id, routeId));
  await db.insert(routeStatusEvents).values({
    routeId,
    kind: "update",
    status: route!.status,
    reason: inLanguage("en", "Checkpoint open in the morning."),
    sourceId: ids.source,
    confirmedAt: NOW,
    createdBy: ids.reporter,
    routeVersion: route!.version + 1,
  });
  // A notice in force until later, issued by the reporter: its end is a change ahead (next-change.ts).
  await db.insert(areaNotices).values({
    townId: scenarioId("town:lysychansk"),
    textUk: "Оголошення до вечора.",
    textRu: "Объявление до вечера.",
    textEn: "Notice until the evening.",
    issuedAt: new Date(NOW.getTime() - HOUR),
    expiresAt: new Date(NOW.getTime() + 2 * HOUR),
    createdBy: ids.reporter,
    updatedBy: ids.reporter,
  });
  // A corridor in every state but agreed, covering the route, its window open now and later;
  // and terms, a party, its representative and a claim on the agreed one.
  for (const state of UNAGREED_STATES) {
    for (const [from, to] of [[-HOUR, 3 * HOUR], [HOUR, 5 * HOUR]]) {
      const [row] = await db
        .insert(corridorAgreements)
        .values({ title: inLanguage("en", `${SECRET.proposedTitle} (${state})`), state, windowStart: new Date(NOW.getTime() + from!), windowEnd: new Date(NOW.getTime() + to!), createdBy: ids.reporter })
        .returning({ id: corridorAgreements.id });
      ids.unagreed.push(row!.id);
      await db.insert(agreementRoutes).values({ agreementId: row!.id, routeId });
    }
  }
  // A corridor agreed (public, so it has an Alert) and then cancelled, with terms and a party: its
  // Cancel may give its id and once-public window times, never any of these.
  const [withdrawn] = await db
    .insert(corridorAgreements)
    .values({
      title: inLanguage("en", `${SECRET.proposedTitle} (agreed, then cancelled)`),
      state: "agreed",
      windowStart: new Date(NOW.getTime() + HOUR),
      windowEnd: new Date(NOW.getTime() + 5 * HOUR),
      terms: { uk: SECRET.terms, ru: SECRET.terms, en: SECRET.terms },
      createdBy: ids.reporter,
    })
    .returning({ id: corridorAgreements.id });
  await db.insert(agreementRoutes).values({ agreementId: withdrawn!.id, routeId });
  await db.insert(agreementParties).values({ agreementId: withdrawn!.id, name: SECRET.party, role: "broker", representative: SECRET.representative });
  await db.update(corridorAgreements).set({ state: "cancelled", version: 2, updatedAt: NOW, updatedBy: ids.reporter }).where(eq(corridorAgreements.id, withdrawn!.id));
  const agreed = scenarioId("agreement:mariupol-zaporizhzhia-ceasefire");
  await db.update(corridorAgreements).set({ terms: { uk: SECRET.terms, ru: SECRET.terms, en: SECRET.terms }, updatedBy: ids.reporter }).where(eq(corridorAgreements.id, agreed));
  const [party] = await db.insert(agreementParties).values({ agreementId: agreed, name: SECRET.party, role: "party_to_conflict", representative: SECRET.representative }).returning({ id: agreementParties.id });
  await db.insert(agreementClaims).values({ agreementId: agreed, partyId: party!.id, claimant: SECRET.representative, stance: "disputes", statement: SECRET.claim, claimedAt: NOW, createdBy: ids.reporter });
  // A reception point kept by the reporter's organisation, confirmed and changed by the reporter:
  // its name and counts are public, its keeper's accounts and organisation are not.
  const [reception] = await db
    .insert(receptionPoints)
    .values({
      organisationId: reporterOrganisation!.id,
      townId: scenarioId("town:zaporizhzhia"),
      name: inLanguage("en", "Reception hall by the river"),
      address: inLanguage("en", "7 River Street"),
      bedsTotal: 77,
      bedsFree: 33,
      confirmedAt: NOW,
      confirmedBy: ids.reporter,
      createdBy: ids.reporter,
      updatedBy: ids.reporter,
    })
    .returning({ id: receptionPoints.id });
  await db.insert(receptionPointEvents).values({ receptionPointId: reception!.id, kind: "created", status: "open", bedsTotal: 77, bedsAccessible: 0, bedsFree: 33, bedsAccessibleFree: 0, actorId: ids.reporter, pointVersion: 1 });
  // The run above goes to it, so the run's link to a reception point is read wherever runs are.
  await db.update(transportRuns).set({ receptionPointId: reception!.id }).where(eq(transportRuns.id, ids.transportRun));
  townPoints = new Set((await db.select({ lat: towns.lat, lon: towns.lon }).from(towns)).map((p) => `${p.lat},${p.lon}`));
  results = await callEveryPublicRead(db, NOW);
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

/** Every [path, value] in a result, Maps and Sets included. */
function* walk(value: unknown, at = "$"): Generator<[string, unknown]> {
  yield [at, value];
  if (value instanceof Map) for (const [k, v] of value) yield* walk(v, `${at}.${String(k)}`);
  else if (value instanceof Set) for (const v of value) yield* walk(v, `${at}[]`);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* walk(v, `${at}[${i}]`);
  else if (value && typeof value === "object" && !(value instanceof Date)) for (const [k, v] of Object.entries(value)) yield* walk(v, `${at}.${k}`);
}

const decimals = (x: number) => (Number.isInteger(x) ? 0 : (String(x).split(".")[1] ?? "").replace(/e.*$/, "").length);

describe("the public boundary (every export of db/public)", () => {
  it("finds the reads by listing the folder, and called each with every probe", async () => {
    const names = (await publicReads()).map((r) => r.name);
    // A sample that must be there; any other export is called the same way.
    expect(names).toEqual(expect.arrayContaining(["incidents.ts:listPublicIncidents", "route-views.ts:getPublicTownView", "towns.ts:listPublicTowns", "reception-points.ts:listPublicReceptionPoints"]));
    expect(results.length).toBeGreaterThan(names.length * 20);
  });

  it("every read returns something for at least one probe, so none is searched empty", () => {
    const byRead = new Map<string, boolean>();
    const something = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0) && v !== "";
    for (const { name, result } of results) byRead.set(name, (byRead.get(name) ?? false) || something(result));
    expect([...byRead].filter(([, found]) => !found).map(([name]) => name)).toEqual([]);
  });

  it("the distinctive rows are there, so the searches below search something", () => {
    const all = JSON.stringify(results.map((r) => r.result));
    // The run is counted (today or tomorrow, by the Kyiv clock), as one for limited mobility.
    expect(results.some(({ name, result }) => name.endsWith("getPublicTransportRunCounts") && !!result && (result as { todayAccessible: number; tomorrowAccessible: number }).todayAccessible + (result as { tomorrowAccessible: number }).tomorrowAccessible === 1)).toBe(true);
    expect(all).toContain(ids.publicIncident);
    expect(all).toContain("Car shot at on the road out of town.");
    expect(all).toContain("Checkpoint open in the morning.");
    expect(all).toContain("Reception hall by the river");
  });

  it("returns no internal value: reporter, descriptions, notes, sources, unpublished reports, agreement internals", () => {
    const forbidden = [...Object.values(SECRET), ids.reporter, ids.transportRequest, ids.transportRun, "R-LEAKQ7", ids.internalIncident, ids.retracted, ids.source, ...ids.unagreed, "LEAK-Q7", "coordinator@example.org", "admin@example.org"];
    for (const { name, args, result } of results) {
      const text = JSON.stringify([...walk(result)].filter(([, v]) => typeof v === "string" || typeof v === "number").map(([, v]) => v));
      for (const secret of forbidden) expect(text.includes(secret), `${name}(${JSON.stringify(args)}) returned ${secret}`).toBe(false);
    }
  });

  it("returns no internal field names", () => {
    for (const { name, result } of results) {
      for (const [at] of walk(result)) {
        const key = at.split(".").at(-1)!.replace(/\[\d+\]$/, "").toLowerCase();
        expect(!PUBLIC_KEYS.has(key) && FORBIDDEN_KEY_PARTS.some((part) => key.includes(part)), `${name} returned ${at}`).toBe(false);
      }
    }
  });

  it(`returns no incident position finer than ${PUBLIC_POSITION_DECIMALS} decimals (town points are public)`, () => {
    let rounded = 0;
    for (const { name, result } of results) {
      const text = JSON.stringify(result);
      expect(text.includes(String(EXACT.lat)) || text.includes(String(EXACT.lon)), `${name} returned the exact point`).toBe(false);
      for (const [at, v] of walk(result)) {
        if (!v || typeof v !== "object" || !("lat" in v) || !("lon" in v)) continue;
        const { lat, lon } = v as { lat: unknown; lon: unknown };
        if (typeof lat !== "number" || typeof lon !== "number" || townPoints.has(`${lat},${lon}`)) continue;
        expect(Math.max(decimals(lat), decimals(lon)), `${name} ${at} = ${lat},${lon}`).toBeLessThanOrEqual(PUBLIC_POSITION_DECIMALS);
        rounded++;
      }
    }
    // The distinctive incident's rounded point was among them.
    expect(rounded).toBeGreaterThan(0);
  });

  it("gives the assembly point rounded, with its hours and number", () => {
    const shown = results.flatMap(({ result }) => [...walk(result)]).filter(([at]) => at.endsWith("assemblyPointLat"));
    expect(shown.map(([, v]) => v)).toContain(Number(EXACT.lat.toFixed(PUBLIC_POSITION_DECIMALS)));
  });

  it("gives the API's assembly point rounded too, with its hours and number and nothing else", () => {
    const shown = results.flatMap(({ result }) => [...walk(result)]).filter(([at]) => at.endsWith(".assemblyPoint.point"));
    expect(shown.map(([, v]) => v)).toContainEqual({ lat: Number(EXACT.lat.toFixed(PUBLIC_POSITION_DECIMALS)), lon: Number(EXACT.lon.toFixed(PUBLIC_POSITION_DECIMALS)) });
    const records = results.flatMap(({ result }) => [...walk(result)]).filter(([at, v]) => at.endsWith(".assemblyPoint") && v !== null && typeof v === "object" && "point" in v);
    expect(records.length).toBeGreaterThan(0);
    for (const [at, v] of records) expect(Object.keys(v as object).sort(), at).toEqual(["call", "hours", "name", "point"]);
    expect(records.map(([, v]) => v)).toContainEqual(expect.objectContaining({ hours: { opens: "08:00", closes: "20:00" }, call: "+380 50 000 00 07" }));
  });

  it("returns no number that is the exact point rounded finer than the public rounding, whatever its key", () => {
    const finer = [3, 4, 5, 6].flatMap((d) => [EXACT.lat, EXACT.lon].map((x) => Number(x.toFixed(d))));
    for (const { name, result } of results) {
      for (const [at, v] of walk(result)) expect(typeof v === "number" && finer.includes(v), `${name} ${at} = ${String(v)}`).toBe(false);
    }
  });
});
