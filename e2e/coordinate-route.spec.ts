import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO, STORAGE_STATE } from "./fixtures/sign-in";
import { confirmForm, DEFAULT_REASON_CODE, historyItems, setStatus, townNames } from "./fixtures/workspace";

// A coordinator on a phone: a new town placed on the map, a route drawn on the map from it to an
// existing town, a status with a reason, a re-confirmation, and what residents then see.

const DESTINATION = "Dnipro";
const SCRIPT = "<script>window.__pwned=1</script>";

/** Clicks an editing map at fractions of its box (away from the zoom buttons and attribution). */
async function clickMapAt(map: Locator, fx: number, fy: number) {
  const box = await map.boundingBox();
  if (!box) throw new Error("the map has no box");
  await map.click({ position: { x: Math.round(box.width * fx), y: Math.round(box.height * fy) } });
}

/** Leaflet is loaded and the map answers clicks once its zoom buttons are drawn. */
async function mapReady(page: Page, testId: string): Promise<Locator> {
  const map = page.getByTestId(testId);
  await expect(map.getByRole("button", { name: "Zoom in" })).toBeVisible();
  return map;
}

test.describe("coordinator on a phone: town, route, status", () => {
  test.use({ viewport: { width: 360, height: 800 }, storageState: STORAGE_STATE.coordinator });
  test.setTimeout(60_000);

  test("creates a town and a route on the map, sets and re-confirms its status, and the public sees it", async ({ page }) => {
    const town = townNames("Routeville");
    const reason = `Bridge out near the exit ${SCRIPT}`;

    // --- The town: names in three languages, oblast, and its point by clicking the map.
    await page.goto("/en/coordinate/towns/new");
    await expect(page.getByRole("heading", { level: 1, name: "New town" })).toBeVisible();
    await page.getByLabel("Name in Ukrainian").fill(town.nameUk);
    await page.getByLabel("Name in Russian").fill(town.nameRu);
    await page.getByLabel("Name in English").fill(town.nameEn);
    await page.getByLabel("Oblast").selectOption({ label: "Donetsk oblast" });
    const pointMap = await mapReady(page, "point-map");
    await expect(page.getByLabel("Latitude")).toHaveValue("");
    await clickMapAt(pointMap, 0.5, 0.5);
    await expect(page.getByLabel("Latitude")).toHaveValue(/^\d{2}\.\d{1,5}$/);
    await expect(page.getByLabel("Longitude")).toHaveValue(/^\d{2}\.\d{1,5}$/);
    await expect(pointMap.getByTitle("Selected point")).toBeVisible();
    await page.getByRole("button", { name: "Create town" }).click();
    await expect(page).toHaveURL(new RegExp(`/en/coordinate/towns/${town.slug}\\?saved=1$`));
    await expect(page.getByRole("status").filter({ hasText: "Town saved." })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: `Town: ${town.nameEn}` })).toBeVisible();

    // --- The route: towns chosen, the line drawn by clicking the map three times.
    await page.goto("/en/coordinate/routes/new");
    await page.getByLabel("From (origin town)").selectOption({ label: town.nameEn });
    await page.getByLabel("To (destination town)").selectOption({ label: DESTINATION });
    const routeMap = await mapReady(page, "waypoints-map");
    const waypoints = page.getByLabel("Waypoints");
    await expect(page.getByText("Add at least two points.")).toBeVisible();
    await clickMapAt(routeMap, 0.3, 0.45);
    await expect(waypoints).toHaveValue(/^-?\d+\.\d{5}, -?\d+\.\d{5}$/);
    await expect(page.getByText("Add at least two points.")).toBeVisible();
    await clickMapAt(routeMap, 0.55, 0.35);
    await expect(page.getByText(/^Length: [\d.,]+ km$/)).toBeVisible();
    await clickMapAt(routeMap, 0.75, 0.65);
    await expect(waypoints).toHaveValue(/^(-?\d+\.\d{5}, -?\d+\.\d{5}\n){2}-?\d+\.\d{5}, -?\d+\.\d{5}$/);
    await expect(routeMap.getByRole("button", { name: /^Point [123]$/ })).toHaveCount(3);
    const lengthText = await page.getByText(/^Length: [\d.,]+ km$/).textContent();
    const km = Number(lengthText!.replace(/[^\d.]/g, "")); // "Length: 1,234.5 km" -> 1234.5
    expect(km).toBeGreaterThan(1);
    const drawn = await waypoints.inputValue();
    await page.getByRole("button", { name: "Create route" }).click();

    const slug = `${town.slug}-${DESTINATION.toLowerCase()}`;
    await expect(page).toHaveURL(new RegExp(`/en/coordinate/routes/${slug}$`));
    await expect(page.getByRole("heading", { level: 1, name: `${town.nameEn} → ${DESTINATION}` })).toBeVisible();
    await expect(page.getByText("No status has been recorded yet.")).toBeVisible();
    // The stored line is the one drawn: its length is shown on the route page too.
    const kmText = `${new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(km)} km`;
    await expect(page.getByRole("definition").filter({ hasText: kmText })).toHaveText(kmText);

    // --- Status: Closed with a reason code and a detail (which contains markup: it must stay text).
    await setStatus(page, "Closed", reason);
    const history = historyItems(page);
    await expect(history).toHaveCount(1);
    await expect(history.first()).toContainText("Closed");
    await expect(history.first()).toContainText("Status set");
    await expect(history.first()).toContainText(`by ${DEMO.coordinator}`);
    await expect(history.first().locator(".reason-codes")).toHaveText(DEFAULT_REASON_CODE);
    await expect(history.first().locator(".reason-detail")).toHaveText(reason);
    const current = page.locator(".current-reason");
    await expect(current).toContainText("Reason given:");
    await expect(current.locator(".reason-codes")).toHaveText(DEFAULT_REASON_CODE);
    await expect(current.locator(".reason-detail")).toHaveText(reason);

    // --- Confirm unchanged: a second event, on top.
    await confirmForm(page).getByRole("button", { name: "Confirm unchanged" }).click();
    await expect(confirmForm(page).getByRole("status")).toContainText(/Confirmed unchanged today \d\d:\d\d\./);
    await expect(history).toHaveCount(2);
    await expect(history.nth(0)).toContainText("Confirmed unchanged");
    await expect(history.nth(0)).toContainText("Closed");
    await expect(history.nth(0).locator(".reason-codes")).toHaveText(DEFAULT_REASON_CODE);
    await expect(history.nth(0).locator(".reason-detail")).toHaveText(reason);
    await expect(history.nth(1)).toContainText("Status set");
    await expect(history.nth(1).locator(".reason-detail")).toHaveText(reason);
    // Newest first: the confirmation's time is not before the update's.
    const [newer, older] = await Promise.all([0, 1].map((i) => history.nth(i).locator("time").getAttribute("datetime")));
    expect(Date.parse(newer!)).toBeGreaterThanOrEqual(Date.parse(older!));

    // The markup in the reason was shown as text, never run.
    await expect(history.first().locator(".reason-detail")).toContainText(SCRIPT);
    expect(await history.first().locator(".reason-detail").innerHTML()).toContain("&lt;script&gt;");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();

    // After a reload the same history is there (it was stored, not just shown).
    await page.reload();
    await expect(historyItems(page)).toHaveCount(2);
    await expect(page.getByLabel("Waypoints")).toHaveCount(0);
    await page.getByRole("link", { name: "Edit route" }).click();
    await expect(page.getByLabel("Waypoints")).toHaveValue(drawn);

    // --- The public: the home's search finds the new town; its page has the route, Closed, and the reason as text.
    await page.goto(`/en?q=${encodeURIComponent(town.nameEn)}`);
    await page.locator(`a[href="/en/towns/${town.slug}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`/en/towns/${town.slug}$`));
    const route = page.locator("li.route");
    await expect(route).toHaveCount(1);
    await expect(route).toContainText(`To ${DESTINATION}`);
    await expect(route.locator(".status")).toHaveText(/Closed/);
    await expect(route.locator(".reason-codes")).toHaveText(DEFAULT_REASON_CODE);
    await expect(route.locator(".reason-detail")).toHaveText(reason);
    expect(await route.locator(".reason-detail").innerHTML()).toContain("&lt;script&gt;");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });
});
