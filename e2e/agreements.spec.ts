import { expect, test } from "@playwright/test";
import { STORAGE_STATE } from "./fixtures/sign-in";
import { createAgreement, createRouteByTyping, createTownByTyping, kyivLocal, languageField, townNames } from "./fixtures/workspace";

test.describe("corridor agreements", () => {
  test.use({ storageState: STORAGE_STATE.coordinator });

  test("a window open now is active once agreed, one already over is expired, and the route shows the open one", async ({ page }) => {
    test.setTimeout(90_000);
    const town = townNames("Balakliia");
    await createTownByTyping(page, town, { lat: "49.45000", lon: "36.86000" });
    const slug = await createRouteByTyping(page, town.nameEn, "Kharkiv", "49.45000, 36.86000\n49.99400, 36.23000");
    const route = `${town.nameEn} → Kharkiv`;

    const open = `Open corridor ${town.slug}`;
    await createAgreement(page, open, route, kyivLocal(-1), kyivLocal(5));
    await expect(page.locator(".phase").first()).toHaveText(/Proposed/);
    await page.getByRole("button", { name: "Mark as agreed" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Marked as agreed." })).toBeVisible();
    await expect(page.locator(".phase").first()).toHaveText(/Active/);
    await expect(page.getByText(/Closes in/).first()).toBeVisible();

    const over = `Past corridor ${town.slug}`;
    await createAgreement(page, over, route, kyivLocal(-30), kyivLocal(-26));
    await page.getByRole("button", { name: "Mark as agreed" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Marked as agreed." })).toBeVisible();
    await expect(page.locator(".phase").first()).toHaveText(/Expired/);

    // The list shows both phases in words, not colour alone.
    await page.goto("/en/coordinate/agreements");
    await expect(page.locator("li.agreement", { hasText: open }).locator(".phase")).toHaveText(/Active/);
    await expect(page.locator("li.agreement", { hasText: over }).locator(".phase")).toHaveText(/Expired/);

    // The covered route's page shows the open window with the time left, not the past one.
    await page.goto(`/en/coordinate/routes/${slug}`);
    const windows = page.getByRole("region", { name: "Corridor windows" });
    await expect(windows).toContainText(open);
    await expect(windows).toContainText(/Closes in/);
    await expect(windows).not.toContainText(over);
  });

  test("a window that ends before it starts is refused beside the field, and nothing is saved", async ({ page }) => {
    await page.goto("/en/coordinate/agreements/new");
    const title = `Backwards window ${Date.now()}`;
    await languageField(page, "Title", "English").fill(title);
    await page.getByLabel("Window starts").fill("2022-04-20T10:00");
    await page.getByLabel("Window ends").fill("2022-04-20T08:00");
    await page.getByRole("button", { name: "Create agreement" }).click();
    await expect(page.getByText("The window must end after it starts.")).toBeVisible();
    await expect(page.getByText("Tick at least one route the corridor covers.")).toBeVisible();
    await expect(languageField(page, "Title", "English")).toHaveValue(title);
    await page.goto("/en/coordinate/agreements");
    await expect(page.getByText(title)).toHaveCount(0);
  });
});
