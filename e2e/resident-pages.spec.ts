import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

// The resident pages: town search on the home page, a town's routes out, and a route's page.
// Everything a resident acts on is in the server HTML, so most checks run without JavaScript.

const KREMINNA_INTERNAL = "identity of the shooters";

test.describe("resident pages", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  // One test walks the spellings: a test of its own each spent most of its time opening a browser
  // context and its first page.
  test("the town search finds Sievierodonetsk in every spelling", async ({ page }) => {
    for (const spelling of ["Severodonetsk", "Sievierodonetsk", "Сєвєродонецьк", "Северодонецк"]) {
      await test.step(spelling, async () => {
        await page.goto("/en");
        await page.getByLabel("Your town", { exact: true }).fill(spelling);
        await page.getByRole("button", { name: "Find" }).click();
        await expect(page).toHaveURL(/\/en\?q=/);
        const results = page.locator(".search-results");
        await results.getByRole("link", { name: "Sievierodonetsk" }).first().click();
        await expect(page).toHaveURL(/\/en\/towns\/sievierodonetsk$/);
        await expect(page.getByRole("heading", { level: 1, name: "Sievierodonetsk" })).toBeVisible();
      });
    }
  });

  test("the search tolerates a typo and says when nothing matches", async ({ page }) => {
    await page.goto("/en?q=Lysychnask");
    await expect(page.locator(".search-results").getByRole("link", { name: "Lysychansk" })).toBeVisible();
    await page.goto("/en?q=Odesa");
    await expect(page.locator(".search-results")).toContainText("No town found");
    // The home content stays: the oblasts, to find the town in.
    await expect(page.locator("#oblasts a").first()).toBeVisible();
  });

  // That the town page fits 360 px without sideways scrolling is measured with its tap targets in
  // every language (e2e/phone-pages.spec.ts, "tap targets and width").

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("Lysychansk's page shows the route to Bakhmut with its status, confirmation and SMS text", async ({ page }) => {
      await page.goto("/en/towns/lysychansk");
      await expect(page.getByRole("heading", { level: 1, name: "Lysychansk" })).toBeVisible();
      await expect(page.locator(".notice", { hasText: "There are no safe places left in the region." })).toBeVisible();
      const route = page.locator("li.route", { has: page.getByRole("heading", { name: /To Bakhmut/ }) });
      await expect(route.locator(".status")).toHaveText(/Caution|Open|Closed|Unknown|Unconfirmed/);
      await expect(route).toContainText(/Confirmed \d\d:\d\d Kyiv time, \d+ minutes? ago/);
      await expect(route).toContainText("Assembly point");
      await expect(route).toContainText("Corridor window");
      await expect(route).toContainText("Overnight shelling of Lysychansk");
      const sms = route.getByLabel("Text to forward by SMS or Telegram");
      await expect(sms).toBeVisible();
      const text = await sms.inputValue();
      expect([...text].length).toBeLessThanOrEqual(160);
      expect(text).toContain("Bakhmut");
      expect(text).toMatch(/\d\d:\d\d/);
      // The copy button needs JavaScript: without it, only the selectable text is shown.
      await expect(route.getByRole("button", { name: "Copy text" })).toHaveCount(0);
    });

    test("the home search works as a plain form", async ({ page }) => {
      await page.goto("/en");
      await page.getByLabel("Your town", { exact: true }).fill("Северодонецк");
      await page.getByRole("button", { name: "Find" }).click();
      await expect(page.locator(".search-results").getByRole("link", { name: "Sievierodonetsk" })).toBeVisible();
    });

    test("Kreminna's route shows Closed, and nothing internal is on its pages", async ({ page }) => {
      await page.goto("/en/towns/kreminna");
      await expect(page.locator("li.route").first().locator(".status")).toHaveText(/Closed/);
      await expect(page.locator("body")).toContainText("Four civilians were shot dead");
      for (const path of ["/en/towns/kreminna", "/en/routes/kreminna-sloviansk", "/en/towns/lysychansk", "/en/routes/lysychansk-bakhmut"]) {
        await page.goto(path);
        const html = await page.content();
        expect(html, path).not.toContain(KREMINNA_INTERNAL);
        expect(html, path).not.toContain("@example.org");
        expect(html, path).not.toContain("49.041"); // the incident's exact point
      }
    });

    test("the route page shows origin → destination, the status and its public history", async ({ page }) => {
      await page.goto("/en/routes/lysychansk-bakhmut");
      await expect(page.getByRole("heading", { level: 1, name: "Lysychansk → Bakhmut" })).toBeVisible();
      await expect(page.locator(".route-status .status")).toBeVisible();
      const history = page.locator("ol.history li");
      await expect(history.first()).toBeVisible();
      await expect(page.getByRole("heading", { name: "Map" })).toBeVisible();
    });

    test("the Ukrainian and Russian pages are translated", async ({ page }) => {
      await page.goto("/uk/towns/lysychansk");
      await expect(page.getByRole("heading", { level: 1, name: "Лисичанськ" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Маршрути з міста Лисичанськ" })).toBeVisible();
      await expect(page.getByText(/Підтверджено о \d\d:\d\d за київським часом/).first()).toBeVisible();
      await page.getByRole("link", { name: "Русский" }).click();
      await expect(page).toHaveURL(/\/ru\/towns\/lysychansk$/);
      await expect(page.getByRole("heading", { level: 1, name: "Лисичанск" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Маршруты из города Лисичанск" })).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    });

    test("unknown and malformed slugs are 404", async ({ request }) => {
      for (const path of ["/en/towns/atlantis", "/en/towns/NOT_A_SLUG", "/en/routes/nowhere-nowhere", "/en/routes/bad%20slug"]) {
        expect((await request.get(path)).status(), path).toBe(404);
      }
    });
  });

  test("the copy button copies the SMS text", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/en/towns/lysychansk");
    const route = page.locator("li.route", { has: page.getByRole("heading", { name: /To Bakhmut/ }) });
    await route.getByRole("button", { name: "Copy text" }).click();
    await expect(route.getByRole("status")).toHaveText("Copied.");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await route.getByLabel("Text to forward by SMS or Telegram").inputValue());
  });

  // /uk/towns/lysychansk is checked at this width, with these rules and WCAG 2.2's target size, in
  // e2e/phone-pages.spec.ts ("uk: tap targets and width").
  for (const path of ["/en?q=Severodonetsk", "/ru/routes/kreminna-sloviansk"]) {
    test(`${path} has no serious or critical accessibility violations`, async ({ page }) => {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
      expect(serious).toEqual([]);
    });
  }
});
