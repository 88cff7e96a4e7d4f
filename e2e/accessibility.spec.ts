import { expect, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { pageAs } from "./fixtures/sign-in";

// Automated WCAG 2.1 AA checks (axe-core, fixtures/axe.ts).

test.describe("accessibility", () => {
  for (const path of ["/en", "/uk", "/ru", "/en/login"]) {
    test(`${path} has no serious or critical violations`, async ({ page }) => {
      await page.goto(path);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test("the coordinators' dashboard and the admin pages have none either", async ({ browser }) => {
    // Six axe analyses: on two cores shared with the specs that start servers of their own and the
    // database tests' lane, 30 s and then 60 s were seen not to be enough.
    test.setTimeout(120_000);
    const page = await pageAs(browser, "admin");
    await page.goto("/en/coordinate");
    await expect(page.getByRole("heading", { level: 1, name: "Routes dashboard" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    for (const path of ["/en/admin/incidents", "/en/admin/audit", "/en/admin/users", "/en/admin/exports"]) {
      await page.goto(path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    // A review page: the record, the review form, the map and the revisions.
    await page.goto("/en/admin/incidents");
    await page.locator(".incident h2 a").first().click();
    await expect(page.getByRole("form", { name: "Review this incident" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
