import { expect, test, type Page } from "@playwright/test";
import { STORAGE_STATE } from "./fixtures/sign-in";
import { createRouteByTyping, createTownByTyping, kyivLocal, setStatus, townNames } from "./fixtures/workspace";

// The dashboard as a coordinator uses it on a phone: compact rows, a form opened where it is
// tapped, one form for a whole town. At 360 × 740, in English, Ukrainian and Russian.

const PHONE = { width: 360, height: 740 };
test.use({ storageState: STORAGE_STATE.coordinator, viewport: PHONE });

/** The towns the demo scenario's routes leave from: other specs add towns of their own meanwhile. */
const SEEDED_ORIGINS = ["lysychansk", "sievierodonetsk", "rubizhne", "kreminna", "hirske", "popasna", "mariupol"];

const rowOrder = (page: Page) => page.locator(".dashboard-route").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-route")));

test.describe("the coordinators' dashboard on a phone", () => {
  test("the demo's routes fit within three screens, with no form shown until a row is tapped", async ({ page }) => {
    await page.goto("/en/coordinate?town=all");
    await expect(page.getByRole("heading", { level: 1, name: "Routes dashboard" })).toBeVisible();
    await expect(page.getByRole("form", { name: /^Update status: / }).first()).toBeHidden();
    // The page's height without what other specs add meanwhile: their towns, the towns where people
    // wait for transport (the list stops at ten towns), and the prompts to settle a route whose status
    // disagrees with its corridor window (other specs set statuses and agree windows on the demo's
    // routes; the prompt list is tested by the state-conflict spec), and the alerts for runs whose
    // route another spec has just closed (tested by run-journey).
    const height = await page.evaluate((seeded) => {
      const extra = [
        ...[...document.querySelectorAll<HTMLElement>(".dashboard-town")].filter((s) => !seeded.includes(s.dataset.town ?? "")),
        ...document.querySelectorAll<HTMLElement>(".waiting-requests, .state-conflicts, .run-alerts"),
      ];
      return document.documentElement.scrollHeight - extra.reduce((sum, s) => sum + s.getBoundingClientRect().height, 0);
    }, SEEDED_ORIGINS);
    test.info().annotations.push({ type: "dashboard height at 360 px", description: `${Math.round(height)} px` });
    expect(height).toBeLessThanOrEqual(3 * PHONE.height);

    const row = page.locator('.dashboard-route[data-route="lysychansk-bakhmut"]');
    await row.locator("summary.route-row").click();
    await expect(row.getByRole("form", { name: "Update status: Lysychansk → Bakhmut" })).toBeVisible();
    await expect(page.getByRole("form", { name: /^Update status: / }).filter({ visible: true })).toHaveCount(1);

    // Logging what just happened: "Now" fills the time (Kyiv's clock) in one tap.
    await page.goto("/en/coordinate/incidents/new");
    await page.getByRole("button", { name: "Now", exact: true }).click();
    await expect(page.getByLabel("When it happened (Kyiv time)")).toHaveValue(new RegExp(`^${kyivLocal(0).slice(0, 10)}T\\d\\d:\\d\\d$`));
  });

  test("a row saves in place (uk); a town's routes are set in one form, a route changed meanwhile refused by name (ru)", async ({ page, browser }) => {
    test.setTimeout(90_000);
    const town = townNames("Dash");
    await createTownByTyping(page, town);
    const first = await createRouteByTyping(page, town.nameEn, "Kharkiv", "48.70000, 37.20000\n49.99400, 36.23000");
    const second = await createRouteByTyping(page, town.nameEn, "Dnipro", "48.70000, 37.20000\n48.46500, 35.04600");

    // Ukrainian: the row opens in place and its confirmation appears there; no row moves.
    await page.goto(`/uk/coordinate?town=${town.slug}`);
    const order = await rowOrder(page);
    expect(order).toEqual([second, first]); // by destination: Dnipro, Kharkiv
    const row = page.locator(`.dashboard-route[data-route="${first}"]`);
    await row.locator("summary.route-row").click();
    const form = row.getByRole("form", { name: /^Оновити статус: / });
    await form.getByRole("radio", { name: "Обережно", exact: true }).check();
    await form.getByRole("checkbox", { name: "Обстріли або авіаудари на маршруті", exact: true }).check();
    await form.getByRole("button", { name: "Оновити статус" }).click();
    await expect(row.getByRole("status")).toContainText(/Статус оновлено сьогодні \d\d:\d\d\./);
    await expect(row.locator("summary.route-row")).toContainText("Обережно");
    expect(await rowOrder(page)).toEqual(order);

    // Russian: one form for both routes; meanwhile someone else changes the first one.
    await page.goto(`/ru/coordinate?town=${town.slug}`);
    const group = page.locator(`.dashboard-town[data-town="${town.slug}"]`);
    // The closed summary says what it opens, not only that there is a form.
    await expect(group.locator(".area-action > summary")).toContainText("установить или подтвердить все 2 маршрута сразу");
    await group.locator(".area-action > summary").click();
    const area = group.getByRole("form", { name: /^Установить для всех 2 маршрутов/ });
    await area.getByRole("radio", { name: "Закрыт", exact: true }).check();
    await area.getByRole("checkbox", { name: "Обстрелы или авиаудары на маршруте", exact: true }).check();

    const other = await browser.newContext({ storageState: STORAGE_STATE.coordinator });
    const meddler = await other.newPage();
    await meddler.goto(`/en/coordinate/routes/${first}`);
    await setStatus(meddler, "Open", "Shelling stopped");
    await other.close();

    await area.getByRole("button", { name: /^Установить для всех 2 маршрутов/ }).click();
    const message = area.getByRole("alert");
    await expect(message).toContainText("Сохранён 1 маршрут");
    await expect(message).toContainText("→ Днепр");
    await expect(message).toContainText(`${town.nameRu} → Харьков: кто-то изменил его`);
    // The rows show what is now in force: the refused route as the other coordinator set it.
    await expect(page.locator(`.dashboard-route[data-route="${second}"] summary.route-row`)).toContainText("Закрыт");
    await expect(page.locator(`.dashboard-route[data-route="${first}"] summary.route-row`)).toContainText("Открыт");
    expect(await rowOrder(page)).toEqual(order);
  });
});
