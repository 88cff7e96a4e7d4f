import { expect, test } from "@playwright/test";

test.describe("public home", () => {
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("lists Lysychansk with its route's status, confirmation time and reason", async ({ page }) => {
      await page.goto("/en");
      await expect(page.getByRole("heading", { level: 1, name: "Evacuation routes" })).toBeVisible();
      const town = page.locator("section.town", { has: page.getByRole("heading", { name: "Lysychansk" }) });
      const route = town.locator("li.route");
      await expect(route).toContainText("To Bakhmut");
      await expect(route.locator(".status")).toHaveText(/Caution/);
      await expect(route).toContainText(/Confirmed \d\d:\d\d Kyiv time, \d+ minutes ago/);
      await expect(route).toContainText("at least seven killed");
    });

    test("shows the oblast-wide warning before the routes", async ({ page }) => {
      await page.goto("/en");
      // Found by its text: other specs may publish (and expire) notices of their own meanwhile.
      const notice = page.locator(".notice", { hasText: "There are no safe places left in the region." });
      await expect(notice).toContainText("Luhansk oblast");
      // Warnings come before the routes.
      const order = await page.locator(".notice, section.town").evaluateAll((els) => els.map((el) => el.className));
      expect(order.findIndex((c) => c.includes("notice"))).toBeLessThan(order.findIndex((c) => c.includes("town")));
    });

    test("Kreminna is shown closed, in words and not only in colour", async ({ page }) => {
      await page.goto("/en");
      const town = page.locator("section.town", { has: page.getByRole("heading", { name: "Kreminna" }) });
      await expect(town.locator(".status")).toHaveText(/Closed/);
      await expect(town).toContainText("Evacuation is now impossible");
    });
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
    await page.goto("/uk");
    await expect(page.getByRole("heading", { level: 1, name: "Маршрути евакуації" })).toBeVisible();
    await expect(page.locator("section.town", { hasText: "Лисичанськ" }).locator(".status")).toHaveText(/Обережно/);
    await page.getByRole("link", { name: "Русский" }).click();
    await expect(page).toHaveURL(/\/ru$/);
    await expect(page.locator("section.town", { hasText: "Лисичанск" }).locator(".status")).toHaveText(/Осторожно/);
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

  test("fits a 360 px wide phone without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/en");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
