import { expect, test, type Page } from "@playwright/test";
import { NO_SESSION, STORAGE_STATE } from "./fixtures/sign-in";
import { createRouteByTyping, createTownByTyping, historyItems, languageField, reasonCode, reasonField, setStatus, statusForm, townNames } from "./fixtures/workspace";

// Every fact in the resident's language, and forms that never lose words. Each test
// makes its own town and route (west of Kharkiv, away from the other specs' places).

test.describe("status texts in three languages, never cut", () => {
  test.use({ storageState: STORAGE_STATE.coordinator });
  test.setTimeout(60_000);

  async function ownRoute(page: Page, prefix: string, point: { lat: string; lon: string }) {
    const town = townNames(prefix);
    await createTownByTyping(page, town, point);
    return createRouteByTyping(page, town.nameEn, "Dnipro", `${point.lat}, ${point.lon}\n48.46500, 35.04600`);
  }

  /** The public route page as a resident sees it, in a context without any session. */
  async function publicPage(page: Page, slug: string): Promise<Page> {
    const resident = await page.context().browser()!.newPage({ storageState: NO_SESSION });
    await resident.goto(`/en/routes/${slug}`);
    return resident;
  }

  test("a 1,500-character paste into the reason is shown over the limit, refused beside the field, kept whole, and nothing is published", async ({ page }) => {
    const slug = await ownRoute(page, "Pasteville", { lat: "49.70000", lon: "35.40000" });
    await setStatus(page, "Caution", "Checkpoint slow, expect delays.", { codes: ["Checkpoint closed"] });
    const eventsBefore = await historyItems(page).count();
    const resident = await publicPage(page, slug);
    const publishedBefore = await resident.locator(".route-status").innerText();
    expect(publishedBefore).toContain("Checkpoint slow, expect delays.");

    // An article pasted whole: 1,500 characters, ending mid-sentence where a cut would fall.
    const pasted = `Bridge destroyed at the northern exit; ${"convoys turn back at the checkpoint and wait for the escort. ".repeat(30)}`.slice(0, 1500);
    expect(pasted).toHaveLength(1500);
    const form = statusForm(page);
    await form.getByRole("radio", { name: "Closed", exact: true }).check();
    await reasonCode(form, "Road or bridge damaged or destroyed").check();
    const english = reasonField(form, "English");
    await expect(english).not.toHaveAttribute("maxlength");
    await expect(english).toHaveAttribute("lang", "en");
    const count = english.locator("xpath=..").locator(".character-count");
    await expect(count).toHaveText("0 / 1,000 characters");
    await english.fill(pasted);
    // The browser kept every character, and the count says by how much it is over.
    await expect(english).toHaveValue(pasted);
    await expect(count).toHaveText("⚠ 1,500 / 1,000 characters 500 too many");
    await expect(count).toHaveAttribute("data-count", "1500");
    await expect(english).toHaveAttribute("aria-invalid", "true");
    await expect(english).toHaveAccessibleDescription(/1,500 \/ 1,000 characters 500 too many/);

    await form.getByRole("button", { name: "Update status" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "Not saved." })).toContainText("Correct the field marked below. Nothing was changed.");
    const field = english.locator("xpath=..");
    await expect(field.locator(".field-error")).toHaveText("⚠ At most 1,000 characters. Shorten the text: nothing was cut, and nothing was saved.");
    await expect(reasonField(form, "English")).toHaveValue(pasted);
    await expect(field.locator(".character-count")).toHaveText("⚠ 1,500 / 1,000 characters 500 too many");
    await expect(form.getByRole("radio", { name: "Closed", exact: true })).toBeChecked();

    // Nothing was saved: the same history, and residents still read the earlier status.
    await page.reload();
    await expect(historyItems(page)).toHaveCount(eventsBefore);
    await expect(historyItems(page).filter({ hasText: "Bridge destroyed" })).toHaveCount(0);
    await resident.reload();
    await expect(resident.locator(".route-status .status").first()).toHaveAttribute("data-status", "caution");
    expect(await resident.locator(".route-status").innerText()).toBe(publishedBefore);
    expect(await resident.content()).not.toContain("Bridge destroyed at the northern exit");
    await resident.context().close();
  });

  test("reasons from the list read in English on the English page; a Ukrainian-only detail is marked “(in Ukrainian)”", async ({ page }) => {
    const slug = await ownRoute(page, "Langville", { lat: "49.65000", lon: "35.10000" });
    const detail = "Міст біля виїзду зруйновано, об’їзд через Карлівку.";
    // Ticked in the opposite order to the list: residents read them in the list's order.
    await setStatus(page, "Closed", detail, { codes: ["Checkpoint closed", "Shelling or air strikes on the route"], language: "Ukrainian" });

    // The coordinators' page marks it the same way.
    const latest = historyItems(page).first();
    await expect(latest.locator(".reason-codes")).toHaveText("Shelling or air strikes on the route; Checkpoint closed");
    await expect(latest.locator(".reason-detail")).toHaveText(`${detail} (in Ukrainian)`);
    await expect(latest.locator('.reason-detail [lang="uk"]')).toHaveText(detail);

    const resident = await publicPage(page, slug);
    const status = resident.locator(".route-status");
    await expect(status.locator(".status").first()).toHaveAttribute("data-status", "closed");
    await expect(status.locator(".reason-codes")).toHaveText("Shelling or air strikes on the route; Checkpoint closed");
    await expect(status.locator(".reason-detail")).toHaveText(`${detail} (in Ukrainian)`);
    await expect(status.locator('.reason-detail [lang="uk"]')).toHaveText(detail);
    // In Ukrainian the same reasons are in Ukrainian and the detail needs no marking.
    await resident.goto(`/uk/routes/${slug}`);
    await expect(resident.locator(".route-status .reason-codes")).toHaveText("Обстріли або авіаудари на маршруті; Блокпост закрито");
    await expect(resident.locator(".route-status .reason-detail")).toHaveText(detail);
    await expect(resident.locator(".route-status .written-in")).toHaveCount(0);
    await resident.context().close();
  });

  test("the route's assembly point is written in each language, and the edit page gives all three back", async ({ page }) => {
    const slug = await ownRoute(page, "Editville", { lat: "49.60000", lon: "35.20000" });
    const texts = { Ukrainian: "Школа № 3, просп. Науки, 12", Russian: "Школа № 3, просп. Науки, 12 (рус.)", English: "School No. 3, 12 Nauky Ave" } as const;
    await page.goto(`/en/coordinate/routes/${slug}/edit`);
    for (const [language, text] of Object.entries(texts)) {
      const field = languageField(page, "Assembly point", language as keyof typeof texts);
      await expect(field).toHaveAttribute("lang", { Ukrainian: "uk", Russian: "ru", English: "en" }[language]!);
      await field.fill(text);
    }
    await languageField(page, "Schedule", "Ukrainian").fill("Щодня о 08:00");
    await page.getByRole("button", { name: "Save route" }).click();
    await expect(page).toHaveURL(new RegExp(`/en/coordinate/routes/${slug}$`));
    // The English page shows the English text; the Ukrainian-only schedule is marked as such.
    await expect(page.getByRole("definition").filter({ hasText: texts.English })).toHaveText(texts.English);
    await expect(page.getByRole("definition").filter({ hasText: "Щодня о 08:00" })).toHaveText("Щодня о 08:00 (in Ukrainian)");

    await page.goto(`/en/coordinate/routes/${slug}/edit`);
    for (const [language, text] of Object.entries(texts)) await expect(languageField(page, "Assembly point", language as keyof typeof texts)).toHaveValue(text);
    await expect(languageField(page, "Schedule", "Ukrainian")).toHaveValue("Щодня о 08:00");
    await expect(languageField(page, "Schedule", "English")).toHaveValue("");
  });

  test("seeded history names the organisation that set it, not a deleted account", async ({ page }) => {
    // A seeded route no spec changes: its oldest event is the one loaded with the scenario.
    await page.goto("/en/coordinate/routes/popasna-bakhmut");
    const seeded = historyItems(page).last();
    await expect(seeded).toContainText("by Luhansk Regional Military Administration (loaded with the demo scenario)");
    await expect(seeded).not.toContainText("deleted account");
    await expect(seeded.locator(".reason-codes")).toHaveText("Evacuation transport running");
  });
});
