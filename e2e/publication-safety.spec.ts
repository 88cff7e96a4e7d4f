import { expect, test, type APIRequestContext } from "@playwright/test";
import { SCENARIO_INCIDENTS } from "../db/scenario/incidents";
import type { PublicApiRoute } from "../db/public/types";

// Rule 2: never publish what endangers people. Every public page, API response and feed is fetched
// and searched for what must never leave the workspace: internal incident descriptions, staff
// accounts, field names of internal data, and exact incident positions (public ones are rounded).

const FORBIDDEN = [
  ...SCENARIO_INCIDENTS.map((i) => i.internalDescription.slice(0, 60)),
  "@example.org",
  "internalDescription",
  "internal_description",
  "reportedBy",
  "reported_by",
  "statusConfirmedBy",
  "status_confirmed_by",
  "confirmedByEmail",
  "updatedBy",
  "changedBy",
  // The Kreminna shooting's exact point (49.041, 38.19): public positions are rounded to ~1 km.
  "49.041",
];

async function body(request: APIRequestContext, url: string): Promise<string> {
  const response = await request.get(url);
  expect(response.status(), url).toBe(200);
  return response.text();
}

// The public JSON is an allow-list: every object has exactly these fields (app/api/v1/*, the
// public projection in db/public/route-statuses.ts), so a field added to a public response (e.g. an
// internal one selected by mistake) fails here until it is added below on purpose.
const NAMES = ["en", "ru", "uk"];
const PLACE = ["name", "slug"];
const TOWN = ["aliases", "name", "oblast", "pcode", "point", "slug"];
const OBLAST = ["name", "pcode", "slug"];
const POINT = ["lat", "lon"];
const ROUTE_FIELDS = {
  id: true,
  slug: true,
  mode: true,
  origin: true,
  destination: true,
  status: true,
  lastReportedWarning: true,
  fresh: true,
  confirmedAt: true,
  freshUntil: true,
  reasonCodes: true,
  reasonLabels: true,
  reason: true,
  flagged: true,
  confidence: true,
  corridorWindow: true,
  state: true,
  instruction: true,
  instructions: true,
  instructionText: true,
  assemblyPoint: true,
} satisfies Record<keyof PublicApiRoute, true>;
const ROUTE = Object.keys(ROUTE_FIELDS);
const CORRIDOR_WINDOW = ["agreementId", "end", "phase", "start", "title"];
const ASSEMBLY_POINT = ["call", "hours", "name", "point"];
const INCIDENT = ["category", "id", "injured", "killed", "missing", "occurredAt", "occurredPrecision", "position", "publicSummary", "town", "verification"];
const FEATURE = ["geometry", "id", "properties", "type"];

type Json = Record<string, unknown>;

function expectFields(value: unknown, fields: string[], where: string): Json {
  expect(value !== null && typeof value === "object" && !Array.isArray(value), `${where} is an object`).toBe(true);
  expect(Object.keys(value as Json).sort(), where).toEqual([...fields].sort());
  return value as Json;
}

function expectArray(value: unknown, where: string): unknown[] {
  expect(Array.isArray(value), `${where} is an array`).toBe(true);
  expect((value as unknown[]).length, `${where} is not empty`).toBeGreaterThan(0);
  return value as unknown[];
}

function expectPlace(value: unknown, where: string) {
  const place = expectFields(value, PLACE, where);
  expectFields(place.name, NAMES, `${where}.name`);
}

function expectRoute(value: unknown, where: string): Json {
  const route = expectFields(value, ROUTE, where);
  expectPlace(route.origin, `${where}.origin`);
  expectPlace(route.destination, `${where}.destination`);
  if (route.corridorWindow !== null) expectFields(route.corridorWindow, CORRIDOR_WINDOW, `${where}.corridorWindow`);
  if (route.assemblyPoint !== null) {
    const assembly = expectFields(route.assemblyPoint, ASSEMBLY_POINT, `${where}.assemblyPoint`);
    if (assembly.point !== null) expectFields(assembly.point, POINT, `${where}.assemblyPoint.point`);
  }
  // Only kinds and states: never the source, its outlet or who confirmed.
  expectFields(route.confidence, ["flagVerification", "reconfirmed", "sourceKind"], `${where}.confidence`);
  return route;
}

async function json(request: APIRequestContext, url: string): Promise<unknown> {
  const response = await request.get(url);
  expect(response.status(), url).toBe(200);
  return response.json();
}

test("no public page, API response or feed carries internal or endangering data", async ({ request }) => {
  test.setTimeout(120_000);
  // The public JSON in its one shape, every object with exactly its fields.
  const towns = expectArray(expectFields(await json(request, "/api/v1/towns"), ["towns"], "/api/v1/towns").towns, "towns").map((t, i) => {
    const town = expectFields(t, TOWN, `towns[${i}]`);
    expectFields(town.name, NAMES, `towns[${i}].name`);
    expectFields(town.point, POINT, `towns[${i}].point`);
    const oblast = expectFields(town.oblast, OBLAST, `towns[${i}].oblast`);
    expectFields(oblast.name, NAMES, `towns[${i}].oblast.name`);
    expect(Array.isArray(town.aliases), `towns[${i}].aliases`).toBe(true);
    return town;
  });
  const routesBody = expectFields(await json(request, "/api/v1/routes"), ["generatedAt", "routes"], "/api/v1/routes");
  const routes = expectArray(routesBody.routes, "routes").map((r, i) => expectRoute(r, `routes[${i}]`));
  const lines = expectFields(await json(request, "/api/v1/routes.geojson"), ["features", "type"], "/api/v1/routes.geojson");
  expectArray(lines.features, "routes.geojson features").forEach((f, i) => {
    const feature = expectFields(f, FEATURE, `routes.geojson features[${i}]`);
    expectRoute(feature.properties, `routes.geojson features[${i}].properties`);
  });
  const incidents = expectFields(await json(request, "/api/v1/incidents.geojson"), ["features", "type"], "/api/v1/incidents.geojson");
  expectArray(incidents.features, "incidents.geojson features").forEach((f, i) => {
    const feature = expectFields(f, FEATURE, `incidents.geojson features[${i}]`);
    const properties = expectFields(feature.properties, INCIDENT, `incidents.geojson features[${i}].properties`);
    if (properties.town !== null) expectPlace(properties.town, `incidents.geojson features[${i}].properties.town`);
  });

  const townSlugs = towns.map((t) => t.slug as string);
  const routeSlugs = routes.map((r) => r.slug as string);
  expect(townSlugs).toContain("lysychansk");
  expect(routeSlugs).toContain("kreminna-sloviansk");

  const capIndex = await body(request, "/feeds/cap.atom");
  const capAlerts = [...capIndex.matchAll(/href="([^"]*\/feeds\/cap\/[^"]+\.xml)"/g)].map((m) => new URL(m[1]!, "http://x").pathname);
  expect(capAlerts.length).toBeGreaterThan(0);

  const urls = [
    ...["uk", "ru", "en"].flatMap((l) => [`/${l}`, `/${l}/lite`, ...townSlugs.map((s) => `/${l}/towns/${s}`)]),
    ...routeSlugs.map((s) => `/en/routes/${s}`),
    "/lite",
    ...townSlugs.map((s) => `/en/lite/towns/${s}`),
    "/api/v1/towns",
    "/api/v1/routes",
    "/api/v1/routes.geojson",
    "/api/v1/incidents.geojson",
    "/feeds/status.atom",
    ...capAlerts,
  ];
  for (const url of urls) {
    const text = await body(request, url);
    for (const forbidden of FORBIDDEN) expect(text.includes(forbidden), `${url} contains "${forbidden}"`).toBe(false);
  }
});
