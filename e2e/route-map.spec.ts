import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { SCENARIO_TOWNS } from "../db/scenario/places";
import { STORAGE_STATE } from "./fixtures/sign-in";

// On a phone, a map shows where the route goes: the public route map fits the whole line, the
// coordinator's route form fits the chosen towns (and fits again when they change) instead of
// opening on the whole country, and every town name shown is inside the map, not cut off at its
// edge. The maps write what they show as data-view-bounds on their Leaflet element.

type Bounds = { south: number; west: number; north: number; east: number };
type LonLat = [number, number];

/** The map's current view, once Leaflet has drawn it. */
async function viewOf(map: Locator): Promise<Bounds> {
  const canvas = map.locator(".leaflet-container[data-view-bounds]");
  await expect(canvas).toBeVisible();
  const [south, west, north, east] = (await canvas.getAttribute("data-view-bounds"))!.split(",").map(Number) as [number, number, number, number];
  return { south, west, north, east };
}

const contains = (b: Bounds, [lon, lat]: LonLat) => lat > b.south && lat < b.north && lon > b.west && lon < b.east;

/**
 * Each town name the map shows lies wholly inside the map's box; returns the names shown. Read in
 * one pass inside the page (Leaflet re-creates its labels while it zooms, so a label found a moment
 * earlier may be gone), and retried until the map has settled after its last fit.
 */
async function namesInsideMap(map: Locator): Promise<string[]> {
  let shown: string[] = [];
  await expect(async () => {
    const { frame, labels } = await map.evaluate((element) => {
      const box = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
      return {
        frame: box(element.getBoundingClientRect()),
        labels: [...element.querySelectorAll<HTMLElement>(".map-town-label")]
          // Hidden (crowded or at the edge), never cut.
          .filter((label) => label.getClientRects().length > 0 && getComputedStyle(label).visibility !== "hidden")
          .map((label) => ({ name: label.textContent ?? "", ...box(label.getBoundingClientRect()) })),
      };
    });
    for (const label of labels) {
      expect(label.x, `${label.name} left`).toBeGreaterThanOrEqual(frame.x);
      expect(label.y, `${label.name} top`).toBeGreaterThanOrEqual(frame.y);
      expect(label.x + label.width, `${label.name} right`).toBeLessThanOrEqual(frame.x + frame.width);
      expect(label.y + label.height, `${label.name} bottom`).toBeLessThanOrEqual(frame.y + frame.height);
    }
    shown = labels.map((label) => label.name);
  }).toPass({ timeout: 10_000 });
  return shown;
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

/** A demo town's point (the form lists every town; the public API only the published ones). */
function townAt(nameEn: string): LonLat {
  const town = SCENARIO_TOWNS.find((t) => t.nameEn === nameEn);
  if (!town) throw new Error(`no demo town ${nameEn}`);
  return [town.lon, town.lat];
}

test.use({ viewport: { width: 360, height: 800 } });

test.describe("the public route map", () => {
  // A short line inside Luhansk oblast, and a long one to the coast.
  for (const slug of ["sievierodonetsk-kramatorsk", "mariupol-zaporizhzhia"]) {
    test(`${slug}: fits every waypoint, names both towns inside the map, stays accessible`, async ({ page, request }) => {
      const { features } = (await (await request.get("/api/v1/routes.geojson")).json()) as {
        features: { geometry: { coordinates: LonLat[] }; properties: { slug: string; origin: { name: { en: string } }; destination: { name: { en: string } } } }[];
      };
      const route = features.find((f) => f.properties.slug === slug)!;
      expect(route, slug).toBeDefined();

      await page.goto(`/en/routes/${slug}`);
      const map = page.getByTestId("route-map");
      // The map loads when it comes near the screen.
      await page.locator(".route-map").scrollIntoViewIfNeeded();
      const view = await viewOf(map);
      for (const point of route.geometry.coordinates) expect(contains(view, point), `waypoint ${point.join(",")} in ${JSON.stringify(view)}`).toBe(true);
      // Zoomed to the route, not the country (Ukraine spans 18 degrees of longitude).
      expect(view.east - view.west).toBeLessThan(6);

      await expect(map.locator(".map-town-label", { hasText: route.properties.origin.name.en })).toBeVisible();
      await expect(map.locator(".map-town-label", { hasText: route.properties.destination.name.en })).toBeVisible();
      const shown = await namesInsideMap(map);
      expect(shown).toEqual(expect.arrayContaining([route.properties.origin.name.en, route.properties.destination.name.en]));

      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe("the map orients by the river and the towns around", () => {
  const donets = { uk: "Сіверський Донець", ru: "Северский Донец", en: "Siverskyi Donets" } as const;
  const lysychansk = { uk: "Лисичанськ", ru: "Лисичанск", en: "Lysychansk" } as const;
  for (const locale of ["uk", "ru", "en"] as const) {
    test(`${locale}: lysychansk-bakhmut names the Siverskyi Donets beside Lysychansk, and the neighbouring towns`, async ({ page }) => {
      await page.goto(`/${locale}/routes/lysychansk-bakhmut`);
      await page.locator(".route-map").scrollIntoViewIfNeeded();
      const map = page.getByTestId("route-map");
      const river = map.locator(".map-water-label", { hasText: donets[locale] });
      await expect(river).toBeVisible();
      const town = map.locator(".map-town-label", { hasText: lysychansk[locale] });
      await expect(town).toBeVisible();
      // Beside the town on screen (the route's whole line is in view, ~50 km across 360 px): the
      // name starts at its point on the river, which is this close to the town's name, whatever
      // the two names' lengths in this language.
      const r = (await river.boundingBox())!;
      const t = (await town.boundingBox())!;
      const gap = Math.hypot(Math.max(t.x - r.x, 0, r.x - (t.x + t.width)), Math.max(t.y - r.y, 0, r.y - (t.y + t.height)));
      expect(gap).toBeLessThan(60);
      // Neighbours named from the towns the app knows, in the page's language (some may be hidden where crowded).
      const neighbours = { uk: "Сєвєродонецьк", ru: "Северодонецк", en: "Sievierodonetsk" }[locale];
      await expect(map.locator(".map-town-label", { hasText: neighbours })).toHaveCount(1);
    });
  }
});

test.describe("the map orients by the main roads", () => {
  test("lysychansk-bakhmut draws the roads under the water, names them in the key and credits their source", async ({ page }) => {
    await page.goto("/en/routes/lysychansk-bakhmut");
    await page.locator(".route-map").scrollIntoViewIfNeeded();
    const map = page.getByTestId("route-map");
    const basemap = map.locator(".leaflet-basemap-pane");
    await expect(basemap.locator("path.map-road").first()).toBeAttached();
    // Each road is drawn twice (edges, then its pale middle), and before any river or lake.
    const order = await basemap.evaluate((pane) => {
      const paths = [...pane.querySelectorAll("path")];
      const roads = paths.flatMap((p, i) => (p.classList.contains("map-road") || p.classList.contains("map-road-casing") ? [i] : []));
      const water = paths.flatMap((p, i) => (p.getAttribute("stroke") === "#7fa7c9" ? [i] : []));
      return { casings: pane.querySelectorAll("path.map-road-casing").length, cores: pane.querySelectorAll("path.map-road").length, lastRoad: Math.max(...roads), firstWater: Math.min(...water) };
    });
    expect(order.cores).toBeGreaterThan(0);
    expect(order.casings).toBe(order.cores);
    expect(order.lastRoad).toBeLessThan(order.firstWater);
    await expect(page.getByRole("list", { name: "Line styles" }).getByRole("listitem").filter({ hasText: "Main road" })).toBeVisible();
    await expect(map.locator(".leaflet-control-attribution")).toContainText("Natural Earth Vector Tiles (ODbL)");
  });
});

test.describe("the coordinator's route form map", () => {
  test.use({ storageState: STORAGE_STATE.coordinator });

  test("opens on Luhansk oblast, fits the chosen towns, and fits again when one changes", async ({ page }) => {
    await page.goto("/en/coordinate/routes/new");
    const map = page.getByTestId("waypoints-map");
    await expect(map.getByRole("button", { name: "Zoom in" })).toBeVisible();

    // No town chosen yet: where coordinators work, not every reference town across Ukraine.
    const first = await viewOf(map);
    expect(first.east - first.west).toBeLessThan(8);
    expect(contains(first, townAt("Lysychansk"))).toBe(true);
    expect(contains(first, townAt("Kyiv"))).toBe(false);

    await page.getByLabel("From (origin town)").selectOption({ label: "Lysychansk" });
    await page.getByLabel("To (destination town)").selectOption({ label: "Kramatorsk" });
    const origin = townAt("Lysychansk");
    const destination = townAt("Kramatorsk");
    await expect
      .poll(async () => {
        const view = await viewOf(map);
        return contains(view, origin) && contains(view, destination) && view.east - view.west < 3;
      })
      .toBe(true);
    const shown = await namesInsideMap(map);
    expect(shown).toEqual(expect.arrayContaining(["Lysychansk", "Kramatorsk"]));

    // Another destination further west: the map follows.
    await page.getByLabel("To (destination town)").selectOption({ label: "Dnipro" });
    await expect.poll(async () => contains(await viewOf(map), townAt("Dnipro")) && contains(await viewOf(map), origin)).toBe(true);
    await namesInsideMap(map);

    expect(await seriousViolations(page)).toEqual([]);
  });

  test("editing a route opens on its towns and its line", async ({ page, request }) => {
    const { features } = (await (await request.get("/api/v1/routes.geojson")).json()) as {
      features: { geometry: { coordinates: LonLat[] }; properties: { slug: string } }[];
    };
    const line = features.find((f) => f.properties.slug === "rubizhne-sloviansk")!.geometry.coordinates;
    await page.goto("/en/coordinate/routes/rubizhne-sloviansk/edit");
    const map = page.getByTestId("waypoints-map");
    await expect(map.getByRole("button", { name: "Zoom in" })).toBeVisible();
    const view = await viewOf(map);
    for (const point of line) expect(contains(view, point), `waypoint ${point.join(",")}`).toBe(true);
    expect(view.east - view.west).toBeLessThan(3);
    expect(await namesInsideMap(map)).toEqual(expect.arrayContaining(["Rubizhne", "Sloviansk"]));
  });
});
