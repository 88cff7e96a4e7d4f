import { expect, test, type Locator, type Page } from "@playwright/test";
import { STORAGE_STATE } from "./fixtures/sign-in";
import { fillTownForm, historyItems, languageField, reasonCode, reasonField, statusForm, townNames } from "./fixtures/workspace";

// Bad input gets a specific message beside its field, keeps what was typed, and writes nothing.
// Only refused writes happen here, so the seeded records used are left exactly as they were.

// A seeded route that no other spec reads or changes (Open, confirmed at seeding).
const QUIET_ROUTE = "popasna-bakhmut";

/** The message shown beside a control: in the same field wrapper as its label and the control. */
function fieldError(control: Locator): Locator {
  return control.locator("xpath=..").locator(".field-error");
}

async function expectNotSaved(page: Page | Locator, fields: number) {
  await expect(page.getByRole("alert").filter({ hasText: "Not saved." })).toContainText(
    fields === 1 ? "Correct the field marked below. Nothing was changed." : `Correct the ${fields} fields marked below. Nothing was changed.`,
  );
}

test.describe("form validation in the coordinators' workspace", () => {
  test.use({ storageState: STORAGE_STATE.coordinator });

  test("a status other than Open needs a reason from the list; an unknown one is refused; a detail is at most 1,000 characters", async ({ page }) => {
    await page.goto(`/en/coordinate/routes/${QUIET_ROUTE}`);
    const history = historyItems(page);
    const eventsBefore = await history.count();
    const form = statusForm(page);
    const reasons = form.getByRole("group", { name: /^Why/ });
    await expect(form.getByRole("radio", { name: "Open", exact: true })).toBeChecked();

    // Closed with a detail in words but no reason from the list.
    await form.getByRole("radio", { name: "Closed", exact: true }).check();
    await reasonField(form, "Ukrainian").fill("Міст зруйновано");
    await form.getByRole("button", { name: "Update status" }).click();
    await expectNotSaved(form, 1);
    await expect(reasons.locator(".field-error")).toHaveText("⚠ Choose at least one reason: residents need to know why the route is not open.");
    await expect(reasons).toHaveAccessibleDescription(/Choose at least one reason: residents need to know why the route is not open\./);
    await expect(form.getByRole("radio", { name: "Closed", exact: true })).toBeChecked();
    await expect(reasonField(form, "Ukrainian")).toHaveValue("Міст зруйновано");

    // A code not in the list (a forged post) is refused, not dropped. Nothing real is ticked, so
    // even a forgery that failed to arrive could not change this seeded route.
    await form.evaluate((el) => el.insertAdjacentHTML("beforeend", '<input type="hidden" name="reasonCodes[]" value="aliens">'));
    await form.getByRole("button", { name: "Update status" }).click();
    await expect(reasons.locator(".field-error")).toHaveText("⚠ Choose one of the options.");
    await expectNotSaved(form, 1);

    // “Other” says nothing by itself: it needs the detail.
    await reasonField(form, "Ukrainian").fill("");
    await reasonCode(form, "Other reason (see details)").check();
    await form.getByRole("button", { name: "Update status" }).click();
    await expect(form.getByRole("group", { name: "Details in words" }).locator(".field-error")).toHaveText(
      "⚠ Say what the other reason is, in at least one language.",
    );

    // A detail over the limit in one language: refused beside that language, kept whole.
    const tooLong = "Road mined beyond the checkpoint. ".repeat(30).slice(0, 1001);
    await reasonField(form, "Russian").fill(tooLong);
    await form.getByRole("radio", { name: "Caution", exact: true }).check();
    await form.getByRole("button", { name: "Update status" }).click();
    await expect(fieldError(reasonField(form, "Russian"))).toHaveText("⚠ At most 1,000 characters. Shorten the text: nothing was cut, and nothing was saved.");
    await expectNotSaved(form, 1);
    await expect(reasonField(form, "Russian")).toHaveValue(tooLong);
    await expect(reasonField(form, "Russian")).toHaveAttribute("lang", "ru");
    await expect(form.getByRole("radio", { name: "Caution", exact: true })).toBeChecked();
    await expect(reasonCode(form, "Other reason (see details)")).toBeChecked();

    // Nothing was written: still Open, the same history.
    await page.reload();
    await expect(statusForm(page).getByRole("radio", { name: "Open", exact: true })).toBeChecked();
    await expect(history).toHaveCount(eventsBefore);
    await expect(history.filter({ hasText: "Road mined" })).toHaveCount(0);
  });

  test("a route needs two different towns and at least two valid points", async ({ page }) => {
    await page.goto("/en/coordinate/routes/new");
    const origin = page.getByLabel("From (origin town)");
    const destination = page.getByLabel("To (destination town)");
    const waypoints = page.getByLabel("Waypoints");
    const submit = page.getByRole("button", { name: "Create route" });

    // The same town at both ends.
    await origin.selectOption({ label: "Kharkiv" });
    await destination.selectOption({ label: "Kharkiv" });
    await waypoints.fill("49.99400, 36.23000\n49.90000, 36.10000");
    await languageField(page, "Assembly point", "English").fill("Central station, platform 2");
    await submit.click();
    await expectNotSaved(page.getByRole("main"), 1);
    await expect(fieldError(destination)).toHaveText("⚠ The destination must be a different town from the origin.");
    await expect(origin.locator("option:checked")).toHaveText("Kharkiv");
    await expect(destination.locator("option:checked")).toHaveText("Kharkiv");
    await expect(waypoints).toHaveValue("49.99400, 36.23000\n49.90000, 36.10000");
    await expect(languageField(page, "Assembly point", "English")).toHaveValue("Central station, platform 2");

    // One point only.
    await destination.selectOption({ label: "Chernihiv" });
    await waypoints.fill("49.99400, 36.23000");
    await expect(page.getByText("Add at least two points.")).toBeVisible();
    await submit.click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Nothing was changed.");
    await expect(fieldError(waypoints)).toHaveText("A route needs at least two points: click the map or type one “latitude, longitude” per line.");
    await expect(waypoints).toHaveAccessibleDescription(/A route needs at least two points/);
    await expect(waypoints).toHaveAttribute("aria-invalid", "true");
    await expect(destination.locator("option:checked")).toHaveText("Chernihiv");
    await expect(waypoints).toHaveValue("49.99400, 36.23000");

    // A latitude out of range on line 1. The field says so while typing, and the server too.
    await waypoints.fill("95, 38\n51.49800, 31.28900");
    await expect(fieldError(waypoints).first()).toHaveText("Line 1: latitude must be between -90 and 90.");
    await submit.click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Nothing was changed.");
    await expect(waypoints).toHaveValue("95, 38\n51.49800, 31.28900");
    await expect(fieldError(waypoints).filter({ hasText: "Line 1: latitude must be between -90 and 90." }).first()).toBeVisible();
    await expect(waypoints).toHaveAccessibleDescription(/Line 1: latitude must be between -90 and 90\./);
    await expect(waypoints).toHaveAttribute("aria-invalid", "true");

    // None of these created a route.
    for (const slug of ["kharkiv-kharkiv", "kharkiv-chernihiv"]) {
      const response = await page.goto(`/en/coordinate/routes/${slug}`);
      expect(response?.status(), slug).toBe(404);
    }
  });

  test("a town needs its English name and a latitude in range", async ({ page }) => {
    const town = townNames("Invalidton");
    await page.goto("/en/coordinate/towns/new");
    await fillTownForm(page, { ...town, nameEn: "" }, { lat: "48.50000", lon: "37.10000" });
    await page.getByLabel("Other spellings").fill("Invalidtown, Инвалидтон");
    await page.getByRole("button", { name: "Create town" }).click();
    await expectNotSaved(page.getByRole("main"), 1);
    await expect(fieldError(page.getByLabel("Name in English"))).toHaveText("⚠ This field is required.");
    await expect(page.getByLabel("Name in English")).toHaveAttribute("aria-invalid", "true");
    // Everything else typed is kept.
    await expect(page.getByLabel("Name in Ukrainian")).toHaveValue(town.nameUk);
    await expect(page.getByLabel("Name in Russian")).toHaveValue(town.nameRu);
    await expect(page.getByLabel("Other spellings")).toHaveValue("Invalidtown, Инвалидтон");
    await expect(page.getByLabel("Oblast").locator("option:checked")).toHaveText("Donetsk oblast");
    await expect(page.getByLabel("Latitude")).toHaveValue("48.50000");
    await expect(page.getByLabel("Longitude")).toHaveValue("37.10000");

    // English name given, latitude out of range.
    await page.getByLabel("Name in English").fill(town.nameEn);
    await page.getByLabel("Latitude").fill("123");
    await page.getByRole("button", { name: "Create town" }).click();
    await expect(fieldError(page.getByLabel("Latitude"))).toHaveText("Latitude must be between -90 and 90.");
    await expect(page.getByLabel("Latitude")).toHaveAccessibleDescription("Latitude must be between -90 and 90.");
    await expect(page.getByLabel("Latitude")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Name in English")).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Latitude")).toHaveValue("123");
    await expect(page.getByLabel("Name in English")).toHaveValue(town.nameEn);
    await expect(page.getByLabel("Name in Ukrainian")).toHaveValue(town.nameUk);

    // No town was made.
    const response = await page.goto(`/en/coordinate/towns/${town.slug}`);
    expect(response?.status()).toBe(404);
    await page.goto("/en/coordinate/towns");
    await expect(page.getByRole("link", { name: town.nameEn })).toHaveCount(0);
  });

  test("a town that routes use cannot be deleted; the message names the routes", async ({ page }) => {
    await page.goto("/en/coordinate/towns/lysychansk");
    await expect(page.getByRole("heading", { level: 1, name: "Town: Lysychansk" })).toBeVisible();
    await page.getByRole("button", { name: "Delete town" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      "Not saved. This town cannot be deleted: these routes use it: Lysychansk → Bakhmut. Change or remove those routes first.",
    );
    // Still there, with its route.
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Town: Lysychansk" })).toBeVisible();
    await expect(page.getByLabel("Name in English")).toHaveValue("Lysychansk");
    await page.goto("/en/coordinate/towns");
    await expect(page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Lysychansk", exact: true }) })).toContainText("1 route");
  });
});
