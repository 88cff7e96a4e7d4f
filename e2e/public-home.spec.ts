import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

// The home page answers "where is my town" first: the search box in the first screen, then the
// oblasts with their routes counted by status, each leading to its towns, each town to its routes.

test.describe("public home", () => {
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("leads from Luhansk oblast to Lysychansk and its route's status, confirmation time and reason", async ({ page }) => {
      await page.goto("/en");
      await expect(page.getByRole("heading", { level: 1, name: "Evacuation routes" })).toBeVisible();
      const oblast = page.locator("#oblasts li", { has: page.getByRole("link", { name: "Luhansk oblast", exact: true }) });
      // Counts in words, not colour alone.
      await expect(oblast).toContainText(/towns? with routes · \d+ routes? · \d+ warnings?\. Routes now: .*(Open|Caution|Closed|Unconfirmed|Unknown): \d/);
      await oblast.getByRole("link").click();
      await expect(page).toHaveURL(/\/en\/oblasts\/luhansk$/);
      await expect(page.getByRole("heading", { level: 1, name: "Luhansk oblast" })).toBeVisible();
      const town = page.locator("#towns li", { has: page.getByRole("link", { name: "Lysychansk", exact: true }) });
      await expect(town).toContainText(/1 route\. Routes now: (Caution|Unconfirmed): 1/);
      await town.getByRole("link").click();
      await expect(page).toHaveURL(/\/en\/towns\/lysychansk$/);
      const route = page.locator("li.route", { has: page.getByRole("heading", { name: /To Bakhmut/ }) });
      await expect(route.locator(".status").first()).toHaveText(/Caution|Unconfirmed/);
      await expect(route).toContainText("at least seven killed");
      // And back up: the town names its oblast.
      await page.getByRole("link", { name: "Oblast: Luhansk oblast" }).click();
      await expect(page).toHaveURL(/\/en\/oblasts\/luhansk$/);
    });

    test("shows the oblast-wide warning, and no list of every town or route", async ({ page }) => {
      await page.goto("/en");
      // Found by its text: other specs may publish (and expire) notices of their own meanwhile.
      const notice = page.locator(".notice", { hasText: "There are no safe places left in the region." });
      await expect(notice).toContainText("Luhansk oblast");
      await expect(page.locator("li.route")).toHaveCount(0);
      await expect(page.locator('a[href^="/en/towns/"]')).toHaveCount(0);
    });

    test("Kreminna's closed route is counted closed on its oblast's page, in words", async ({ page }) => {
      await page.goto("/en/oblasts/luhansk");
      const town = page.locator("#towns li", { has: page.getByRole("link", { name: "Kreminna", exact: true }) });
      await expect(town).toContainText(/Closed: 1|Unconfirmed: 1/);
    });
  });

  test.describe("at 360 × 740", () => {
    test.use({ viewport: { width: 360, height: 740 } });

    for (const path of ["/en", "/uk/oblasts/luhansk", "/ru/lite"]) {
      test(`${path}: the search box is in the first screen, no sideways scrolling, no axe violations`, async ({ page }) => {
        await page.goto(path);
        const box = await page.locator("input[type=search]").boundingBox();
        expect(box, "a search box").not.toBeNull();
        expect(box!.y + box!.height, "within the first screen").toBeLessThanOrEqual(740);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      });
    }
  });

  test("/ picks the visitor's language, defaulting to Ukrainian", async ({ browser, baseURL }) => {
    // The browser's locale sets its Accept-Language header.
    for (const [browserLocale, expected] of [
      ["ru-RU", "/ru"],
      ["en-US", "/en"],
      ["de-DE", "/uk"],
    ] as const) {
      const context = await browser.newContext({ locale: browserLocale });
      const page = await context.newPage();
      await page.goto(baseURL!);
      await expect(page).toHaveURL(new RegExp(`${expected}$`));
      await context.close();
    }
  });

  test("the same facts appear in Ukrainian and Russian", async ({ page }) => {
    await page.goto("/uk/oblasts/luhansk");
    await expect(page.locator("#towns li", { hasText: "Лисичанськ" })).toContainText(/Обережно: 1|Не підтверджено: 1/);
    await page.getByRole("link", { name: "Русский" }).click();
    await expect(page).toHaveURL(/\/ru\/oblasts\/luhansk$/);
    await expect(page.locator("#towns li", { hasText: "Лисичанск" })).toContainText(/Осторожно: 1|Не подтверждено: 1/);
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  });

  test("nothing internal is on the public page", async ({ page }) => {
    await page.goto("/en");
    const html = await page.content();
    expect(html).not.toContain("coordinator@example.org");
    expect(html).not.toContain("admin@example.org");
    // Internal incident description of the Kreminna shooting.
    expect(html).not.toContain("identity of the shooters");
  });

  test("a malformed address gets a plain 400, not a server error", async ({ request }) => {
    const response = await request.get("/%ff");
    expect(response.status()).toBe(400);
  });
});
