import fs from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { SCENARIO_INCIDENTS } from "../db/scenario/incidents";
import { STORAGE_STATE } from "./fixtures/sign-in";

// An admin hands an HXL export to a data partner. The partner files must parse, carry the
// HXL hashtag row, and hold nothing internal; only admins may download anything.

const EXPORTS = ["/api/admin/exports/incidents.csv", "/api/admin/exports/incidents.geojson", "/api/admin/exports/routes.csv"];
const KREMINNA = SCENARIO_INCIDENTS.find((i) => i.key === "kreminna-shooting")!;
const INTERNAL_DESCRIPTIONS = SCENARIO_INCIDENTS.map((i) => i.internalDescription);
const DAY = /\d{4}-\d{2}-\d{2}/.source;

/** Clicks a download link on the exports page and returns the file's name and text. */
async function download(page: Page, name: string): Promise<{ filename: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name, exact: true }).click()]);
  return { filename: file.suggestedFilename(), text: await fs.readFile((await file.path())!, "utf8") };
}

const readCsv = (text: string): string[][] => parse(text, { bom: true });

function expectNothingInternal(text: string) {
  for (const description of INTERNAL_DESCRIPTIONS) expect(text).not.toContain(description.slice(0, 60));
  expect(text).not.toContain("@example.org");
  // The Kreminna shooting's exact point is 49.041, 38.19: partner positions are rounded to ~1 km.
  expect(text).not.toContain("49.041");
}

test.describe("admin exports", () => {
  test.describe("as the admin", () => {
    test.use({ storageState: STORAGE_STATE.admin });

    test("an admin downloads each partner file from the exports page; each parses and holds nothing internal", async ({ page }) => {
      await page.goto("/en/admin/exports");
      await expect(page.getByRole("heading", { level: 1, name: "Exports" })).toBeVisible();
      await expect(page.getByText("#date+occurred", { exact: false }).first()).toBeVisible();

      const incidentsCsv = await download(page, "Incidents, CSV for partners");
      expect(incidentsCsv.filename).toMatch(new RegExp(`^corridor-incidents-${DAY}\\.csv$`));
      expect(incidentsCsv.text.charCodeAt(0)).toBe(0xfeff);
      const rows = readCsv(incidentsCsv.text);
      expect(rows[0]![0]).toBe("Incident ID");
      expect(rows[1]).toEqual(expect.arrayContaining(["#event+id", "#date+occurred", "#geo+lat", "#geo+lon", "#affected+killed", "#meta+source"]));
      const tag = (t: string) => rows[1]!.indexOf(t);
      const kreminna = rows.find((r) => r[tag("#loc+name")] === "Kreminna");
      expect(kreminna, "the Kreminna incident is public, so partners get it").toBeDefined();
      expect(kreminna![tag("#affected+killed")]).toBe("4");
      expect(kreminna![tag("#affected+injured")]).toBe(""); // unknown, not zero
      // One column per language (HXL +i_ attributes), each as written.
      expect(kreminna![tag("#description+i_uk")]).toBe(KREMINNA.publicSummary.uk);
      expect(kreminna![tag("#description+i_ru")]).toBe(KREMINNA.publicSummary.ru);
      expect(kreminna![tag("#description+i_en")]).toBe(KREMINNA.publicSummary.en);
      expect(kreminna![tag("#geo+lat")]).toBe("49.04");
      expect(kreminna![tag("#date+occurred")]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[23]:00$/);
      expect(tag("#description+x_internal")).toBe(-1);
      expectNothingInternal(incidentsCsv.text);

      const geojson = await download(page, "Incidents, GeoJSON for partners");
      expect(geojson.filename).toMatch(new RegExp(`^corridor-incidents-${DAY}\\.geojson$`));
      const collection = JSON.parse(geojson.text) as {
        type: string;
        features: { geometry: { type: string; coordinates: number[] }; properties: { town: { slug: string } | null; position: string } }[];
      };
      expect(collection.type).toBe("FeatureCollection");
      expect(collection).not.toHaveProperty("crs");
      const kreminnaFeature = collection.features.find((f) => f.properties.town?.slug === "kreminna");
      expect(kreminnaFeature?.geometry.coordinates).toEqual([38.19, 49.04]);
      expect(kreminnaFeature?.properties.position).toBe("rounded");
      for (const f of collection.features) {
        expect(f.geometry.type).toBe("Point");
        const [lon, lat] = f.geometry.coordinates as [number, number];
        expect(Math.abs(lon)).toBeLessThanOrEqual(180);
        expect(Math.abs(lat)).toBeLessThanOrEqual(90);
        expect(lon).toBeLessThan(lat); // Luhansk oblast: lon ~38, lat ~49 — a swapped pair would show
      }
      expectNothingInternal(geojson.text);

      const routes = await download(page, "Route status history, CSV for partners");
      expect(routes.filename).toMatch(new RegExp(`^corridor-route-status-history-${DAY}\\.csv$`));
      const routeRows = readCsv(routes.text);
      expect(routeRows[1]).toEqual(expect.arrayContaining(["#event+id", "#loc+x_route+code", "#status+code", "#date+x_confirmed", "#adm1+name+origin"]));
      expect(routeRows.some((r) => r[1] === "kreminna-sloviansk")).toBe(true);
      expect(routeRows[1]).not.toContain("#org+name+x_confirming");
      expectNothingInternal(routes.text);
    });

    test("exports are sent as uncached attachments; the internal file has the internal fields; bad parameters get 400", async ({ page }) => {
      const partner = await page.request.get("/api/admin/exports/incidents.csv");
      expect(partner.status()).toBe(200);
      expect(partner.headers()["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
      expect(partner.headers()["cache-control"]).toBe("no-store");
      expect(partner.headers()["content-disposition"]).toMatch(new RegExp(`^attachment; filename="corridor-incidents-${DAY}\\.csv"$`));
      // The row count in a header (a trailing line would be a data row): exactly the records after the hashtag row.
      expect(Number(partner.headers()["x-total-count"])).toBe(readCsv(await partner.text()).length - 2);
      const history = await page.request.get("/api/admin/exports/routes.csv");
      expect(Number(history.headers()["x-total-count"])).toBeGreaterThan(0);
      expect(Number(history.headers()["x-total-count"])).toBe(readCsv(await history.text()).length - 2);
      const geo = await page.request.get("/api/admin/exports/incidents.geojson");
      expect(geo.headers()["content-type"]).toMatch(/^application\/geo\+json/);
      expect(Number(geo.headers()["x-total-count"])).toBe((await geo.json()).numberReturned);

      const internal = await page.request.get("/api/admin/exports/incidents.csv?scope=internal");
      expect(internal.status()).toBe(200);
      expect(internal.headers()["content-disposition"]).toContain("corridor-incidents-internal-");
      const internalRows = readCsv(await internal.text());
      const at = internalRows[1]!.indexOf("#description+x_internal");
      expect(at).toBeGreaterThan(-1);
      expect(internalRows.some((r) => r[at] === KREMINNA.internalDescription)).toBe(true);
      expect(await internal.text()).not.toContain("@example.org");

      const filtered = readCsv(await (await page.request.get(`/api/admin/exports/incidents.csv?category=${KREMINNA.category}`)).text());
      const category = filtered[1]!.indexOf("#event+type+code");
      expect(filtered.length).toBeGreaterThanOrEqual(3);
      expect(filtered.slice(2).every((r) => r[category] === KREMINNA.category)).toBe(true);

      const bad = await page.request.get("/api/admin/exports/incidents.csv?scope=everything");
      expect(bad.status()).toBe(400);
      expect(await bad.text()).toContain("scope: must be one of: partner, internal");
      expect((await page.request.get("/api/admin/exports/routes.csv?from=yesterday")).status()).toBe(400);
    });

    test("the exports page has labelled controls, no serious accessibility violations, and fits 360 px", async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto("/en/admin/exports");
      await expect(page.getByRole("combobox", { name: "Who the file is for" })).toBeVisible();
      await expect(page.getByLabel("Occurred from (Kyiv date)")).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });

  test.describe("as a coordinator", () => {
    test.use({ storageState: STORAGE_STATE.coordinator });

    test("a coordinator is refused every export (403) and the page", async ({ page }) => {
      for (const url of [...EXPORTS, `${EXPORTS[0]}?scope=internal`]) {
        const response = await page.request.get(url);
        expect(response.status(), url).toBe(403);
        expectNothingInternal(await response.text());
        expect(await response.text()).not.toContain("Kreminna");
      }
      expect((await page.goto("/en/admin/exports"))?.status()).toBe(403);
    });
  });

  test("a signed-out request is refused every export (401)", async ({ request }) => {
    for (const url of [...EXPORTS, `${EXPORTS[0]}?scope=internal`]) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBe(401);
      expect(await response.text()).not.toContain("Kreminna");
    }
  });
});
