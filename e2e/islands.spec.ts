import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type Request } from "@playwright/test";

// Residents' pages ship only the JavaScript a resident's action needs: no React, no
// Next router, no inline RSC payload; a few small islands (islands/*.ts) do the rest. Staff pages
// and sign-in keep Next's full runtime.

const RESIDENT_PAGES = ["/en", "/uk", "/en/towns/lysychansk", "/uk/towns/lysychansk", "/en/routes/kreminna-sloviansk", "/uk/routes/kreminna-sloviansk"];

/** Every script the page requests while loading, by path. */
async function scriptsLoaded(page: Page, path: string): Promise<string[]> {
  const scripts: string[] = [];
  const listener = (request: Request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
  };
  page.on("request", listener);
  await page.goto(path, { waitUntil: "networkidle" });
  page.off("request", listener);
  return scripts;
}

test.describe("residents' pages without Next's client runtime", () => {
  for (const path of RESIDENT_PAGES) {
    test(`${path} loads only island scripts, and runs no inline script`, async ({ page }) => {
      const scripts = await scriptsLoaded(page, path);
      expect(scripts.length, "the offline island at least").toBeGreaterThan(0);
      for (const script of scripts) expect(script, "only islands").toMatch(/^\/islands\/[a-z-]+\.[A-Z0-9]+\.js$/);
      const inline = await page.locator("script:not([src]):not([type='application/json'])").count();
      expect(inline).toBe(0);
      expect(await page.evaluate(() => "__next_f" in self)).toBe(false);
    });
  }

  test("sign-in and staff pages keep Next's runtime", async ({ page }) => {
    const scripts = await scriptsLoaded(page, "/en/login");
    expect(scripts.some((s) => s.startsWith("/_next/static/"))).toBe(true);
  });
});

test.describe("the search box's suggestions", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("typing suggests towns in the page's language; arrows and Enter open one", async ({ page }) => {
    await page.goto("/en");
    const box = page.getByRole("combobox", { name: "Your town" });
    await box.pressSequentially("Severo");
    const list = page.getByRole("listbox", { name: "Suggested towns" });
    await expect(box).toHaveAttribute("aria-expanded", "true");
    const option = list.getByRole("option", { name: /Sievierodonetsk/ });
    await expect(option).toHaveText("Sievierodonetsk (also written Severodonetsk)");
    expect(await new AxeBuilder({ page }).include("form[role='search']").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze().then((r) => r.violations.map((v) => v.id))).toEqual([]);
    // Each suggestion is a full tap target on a phone.
    expect((await option.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    await box.press("ArrowDown");
    await expect(option).toHaveAttribute("aria-selected", "true");
    await expect(box).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id"))!);
    await box.press("Escape");
    await expect(box).toHaveAttribute("aria-expanded", "false");
    await expect(list).toBeHidden();

    await box.press("ArrowDown");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/en\/towns\/sievierodonetsk$/);
  });

  test("a tap on a suggestion opens the town; Enter without one still submits the search", async ({ page }) => {
    await page.goto("/uk");
    const box = page.getByRole("combobox", { name: "Ваше місто" });
    await box.pressSequentially("Lysy");
    await page.getByRole("option", { name: /Лисичанськ/ }).click();
    await expect(page).toHaveURL(/\/uk\/towns\/lysychansk$/);

    await page.goto("/en");
    await page.getByRole("combobox", { name: "Your town" }).pressSequentially("Odesa");
    await expect(page.getByRole("listbox")).toBeHidden();
    await page.getByRole("combobox", { name: "Your town" }).press("Enter");
    await expect(page).toHaveURL(/\/en\?q=Odesa$/);
    await expect(page.locator(".search-results")).toContainText("No town found");
  });
});

test.describe("the route map's code", () => {
  test.use({ viewport: { width: 360, height: 640 } });

  test("is fetched only when the map comes near the screen", async ({ page }) => {
    const mapCode: string[] = [];
    page.on("request", (request) => {
      if (/\/islands\/map-view\./.test(request.url())) mapCode.push(request.url());
    });
    await page.goto("/en/routes/kreminna-sloviansk", { waitUntil: "networkidle" });
    const frame = page.locator(".route-map");
    // Far below the first screen (the page's text comes first), so nothing was fetched for it.
    expect((await frame.boundingBox())!.y).toBeGreaterThan(640 + 300);
    expect(mapCode).toEqual([]);
    await frame.scrollIntoViewIfNeeded();
    await expect(page.getByTestId("route-map")).toBeVisible();
    await expect(page.getByTestId("route-map").getByRole("button", { name: "Zoom in" })).toBeVisible();
    expect(mapCode.length).toBeGreaterThan(0);
  });

  test("a failed load is tried again while the map is near the screen", async ({ browser }) => {
    // No service worker, so that the page's own requests can be refused here.
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, serviceWorkers: "block" });
    const page = await context.newPage();
    // The first fetch of the map's code fails (a dropped connection on a poor link); once the
    // connection is back the map still mounts, without the resident scrolling away and back.
    let refused = 0;
    await page.route(/\/islands\/map-view\.[^/]*\.js/, (route) => (refused++ === 0 ? route.abort("connectionreset") : route.continue()));
    await page.goto("/en/routes/kreminna-sloviansk", { waitUntil: "networkidle" });
    const frame = page.locator(".route-map");
    await frame.scrollIntoViewIfNeeded();
    await expect.poll(() => refused).toBeGreaterThan(0);
    await expect(frame).not.toHaveAttribute("data-map-state", "loading");
    await expect(page.getByTestId("route-map")).toHaveCount(0);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await expect(page.getByTestId("route-map").getByRole("button", { name: "Zoom in" })).toBeVisible();
    await expect(frame).toHaveAttribute("data-map-state", "shown");
    await context.close();
  });
});
