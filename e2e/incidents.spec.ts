import { expect, test } from "@playwright/test";
import { STORAGE_STATE } from "./fixtures/sign-in";
import { chooseRouteTown, createRouteByTyping, createTownByTyping, languageField, townNames } from "./fixtures/workspace";

// A town of our own between Kharkiv and Izium, far from every other spec's towns and routes, so
// the incident flags only the route this spec makes.
const TOWN_POINT = { lat: "49.60000", lon: "36.80000" };

test.describe("incident log", () => {
  test.use({ storageState: STORAGE_STATE.coordinator });

  test("a Kreminna-style incident placed by clicking the map flags the route near it", async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 360, height: 800 });
    const town = townNames("Zolochiv");
    await createTownByTyping(page, town, TOWN_POINT);
    const slug = await createRouteByTyping(page, town.nameEn, "Kharkiv", "49.60000, 36.80000\n49.99400, 36.23000");

    await page.goto("/en/coordinate/incidents/new");
    // The form offers the routes of one town, chosen by name; the new incident starts in it.
    await chooseRouteTown(page, town.nameEn);
    await expect(page.getByLabel("Town", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
    await page.getByLabel("Category").selectOption({ label: "Attack on civilians in transit" });
    await page.getByLabel("When it happened (Kyiv time)").fill("2022-04-18T09:00");
    // Choosing the town centres the map on it; a click in the middle places the point there.
    await page.getByLabel("Town", { exact: true }).selectOption({ label: town.nameEn });
    const map = page.getByTestId("point-map");
    await expect(map).toBeVisible();
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    const lat = Number(await page.getByLabel("Latitude", { exact: true }).inputValue());
    const lon = Number(await page.getByLabel("Longitude", { exact: true }).inputValue());
    expect(Math.abs(lat - 49.6)).toBeLessThan(0.01);
    expect(Math.abs(lon - 36.8)).toBeLessThan(0.01);
    // The route through that point is suggested as near.
    const routeChoice = page.getByRole("checkbox", { name: new RegExp(`${town.nameEn} → Kharkiv`) });
    await expect(page.locator("label", { has: routeChoice })).toContainText("near:");
    await routeChoice.check();

    await page.getByLabel("Killed").fill("4");
    // Injured and missing stay blank: unknown, not zero.
    await languageField(page, "Public summary", "English").fill("Four civilians shot dead fleeing by car.");
    await page.getByLabel("Internal description").fill("Reported by a volunteer driver; name withheld.");
    await page.getByLabel("Outlet or channel").first().fill("Reuters");
    await page.getByLabel("Link").first().fill("https://www.reuters.com/world/europe/example");
    await page.getByRole("button", { name: "Log incident" }).click();

    await expect(page).toHaveURL(/\/en\/coordinate\/incidents\/[0-9a-f-]{36}\?saved=1/);
    // The message names the route as people do, not by its slug.
    await expect(page.getByRole("status")).toContainText(`Flagged for review because the incident is near them: ${town.nameEn} → Kharkiv.`);
    await expect(page.getByRole("status")).not.toContainText(slug);
    await expect(page.getByText("Killed: 4 · Injured: unknown · Missing: unknown")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Revisions (newest first)" })).toBeVisible();
    await expect(page.locator(".revisions li").first()).toContainText("Revision 1 · Logged");

    // The dashboard shows the route flagged, among those needing attention.
    await page.goto("/en/coordinate?town=all");
    const card = page.locator(`.dashboard-route[data-route="${slug}"]`);
    await expect(card).toContainText(/Incident reported nearby.*; the route is being re-checked/);
    await expect(card).toContainText("Needs attention:");

    // A confirmation clears the flag (a coordinator has looked at it).
    await page.goto(`/en/coordinate/routes/${slug}`);
    await page.getByRole("form", { name: /^Confirm unchanged: / }).getByRole("button", { name: "Confirm unchanged" }).click();
    await expect(page.getByRole("form", { name: /^Confirm unchanged: / }).getByRole("status")).toContainText(/Confirmed unchanged today \d\d:\d\d/);
    await page.reload();
    await expect(page.getByText(/Incident reported nearby.*; the route is being re-checked/)).toHaveCount(0);
  });

  test("bad input is refused beside its field and logs nothing", async ({ page }) => {
    await page.goto("/en/coordinate/incidents/new");
    await page.getByLabel("Category").selectOption({ label: "Mines, UXO or IED" });
    await page.getByLabel("When it happened (Kyiv time)").fill("2099-01-01T10:00");
    await page.getByLabel("Killed").fill("-1");
    await page.getByLabel("Injured").fill("2.5");
    await languageField(page, "Public summary", "English").fill("A mine on the road.");
    await page.getByLabel("Outlet or channel").first().fill("Local channel");
    await page.getByLabel("Link").first().fill("ftp://example.org/report");
    await page.getByRole("button", { name: "Log incident" }).click();

    await expect(page.getByRole("alert").filter({ hasText: "Not saved." })).toBeVisible();
    await expect(page.getByText("This time is in the future. Give when it happened.")).toBeVisible();
    await expect(page.getByText("Casualties cannot be negative.")).toBeVisible();
    await expect(page.getByText("Enter a whole number.")).toBeVisible();
    await expect(page.getByText("Give a town or a point on the map.")).toBeVisible();
    await expect(page.getByText("Enter a link that starts with http:// or https://.")).toBeVisible();
    // What was typed is kept.
    await expect(languageField(page, "Public summary", "English")).toHaveValue("A mine on the road.");
    await expect(page.getByLabel("Killed")).toHaveValue("-1");
    // Nothing was logged.
    await page.goto("/en/coordinate/incidents?category=mines_uxo_ied");
    await expect(page.getByRole("status")).toHaveText("No incidents match.");
  });

  test("a casualty figure out of range says so; one above 1,000 asks for a check, says why, and is saved once confirmed", async ({ page }) => {
    const summary = `Convoy shelled near the checkpoint ${Date.now()}`;
    await page.goto("/en/coordinate/incidents/new");
    await page.getByLabel("Category").selectOption({ label: "Shelling, missile or air strike on or near a route" });
    await page.getByLabel("When it happened (Kyiv time)").fill("2022-04-20T09:00");
    // A point far from every spec's routes (near Lviv), so this incident flags none of them.
    await page.getByLabel("Latitude", { exact: true }).fill("49.84000");
    await page.getByLabel("Longitude", { exact: true }).fill("24.03000");
    await languageField(page, "Public summary", "Ukrainian").fill(summary);
    await page.getByLabel("Outlet or channel").first().fill("Local channel");

    // 25,000,000 is a whole number, just not a possible one: the message gives the range.
    await page.getByLabel("Killed", { exact: true }).fill("25000000");
    await page.getByRole("button", { name: "Log incident" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Not saved." })).toBeVisible();
    await expect(page.getByLabel("Killed", { exact: true }).locator("xpath=..").locator(".field-error")).toHaveText("⚠ Enter a whole number from 0 to 100,000.");
    await expect(page.getByText("Enter a whole number.", { exact: true })).toHaveCount(0);

    // 2,000 killed in one incident: asked as it is typed, with the reason for asking.
    const check = page.getByRole("checkbox", { name: "I have checked: 2,000 killed in one incident" });
    await expect(check).toHaveCount(0);
    await page.getByLabel("Killed", { exact: true }).fill("2000");
    await expect(check).toBeVisible();
    await expect(check).not.toBeChecked();
    await expect(check).toHaveAccessibleDescription(/More than 1,000 people in one incident is rare\. Check the figure is not a typo/);
    // Sent without the tick: refused beside the question, nothing logged.
    await page.getByRole("button", { name: "Log incident" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Not saved." })).toBeVisible();
    await expect(page.locator(".casualties-check .field-error")).toHaveText("⚠ A figure above 1,000 for one incident is saved only once checked: tick the box below.");
    await expect(page.getByLabel("Killed", { exact: true })).toHaveValue("2000");
    // Changing the figure asks again about the new one.
    await page.getByLabel("Killed", { exact: true }).fill("1500");
    const check1500 = page.getByRole("checkbox", { name: "I have checked: 1,500 killed in one incident" });
    await check1500.check();
    await page.getByLabel("Killed", { exact: true }).fill("2000");
    await expect(check).not.toBeChecked();
    await check.check();
    await page.getByRole("button", { name: "Log incident" }).click();
    await expect(page).toHaveURL(/\/en\/coordinate\/incidents\/[0-9a-f-]{36}\?saved=1/);
    await expect(page.getByText("Killed: 2000 · Injured: unknown · Missing: unknown")).toBeVisible();
    // The summary written only in Ukrainian is shown marked as such on the English page.
    await expect(page.locator('p.reason [lang="uk"]', { hasText: summary })).toBeVisible();
    await expect(page.locator("p.reason", { hasText: summary })).toContainText("(in Ukrainian)");
  });
});
