import { expect, test, type APIRequestContext } from "@playwright/test";
import { SCENARIO_INCIDENTS } from "../db/scenario/incidents";

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

test("no public page, API response or feed carries internal or endangering data", async ({ request }) => {
  test.setTimeout(120_000);
  const towns = (await (await request.get("/api/v1/towns")).json()) as { slug: string }[] | { towns: { slug: string }[] };
  const routes = (await (await request.get("/api/v1/routes")).json()) as { slug: string }[] | { routes: { slug: string }[] };
  const townSlugs = (Array.isArray(towns) ? towns : towns.towns).map((t) => t.slug);
  const routeSlugs = (Array.isArray(routes) ? routes : routes.routes).map((r) => r.slug);
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
