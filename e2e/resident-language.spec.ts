import { expect, test } from "@playwright/test";

// A resident reads every status, reason, window and assembly point in the page's
// language, on the full page and the lite page, or sees plainly which language a fallback is in.
// The demo scenario seeds every text in all three languages, so nothing here may fall back.

const KREMINNA = {
  uk: { codes: "Обстріл цивільних під час виїзду; Змінився контроль над територією", detail: "Евакуація тепер неможлива", english: "Evacuation is now impossible" },
  ru: { codes: "Обстрел мирных жителей при выезде; Сменился контроль над территорией", detail: "Эвакуация теперь невозможна", english: "Evacuation is now impossible" },
  en: { codes: "Civilians fired on while leaving; Control of the area has changed", detail: "Evacuation is now impossible", english: null },
} as const;

const MARIUPOL = {
  uk: { window: "Вікно коридору", assembly: "Як оголосить міська рада", schedule: "Лише в межах погодженого вікна" },
  ru: { window: "Окно коридора", assembly: "Как объявит городской совет", schedule: "Только в пределах согласованного окна" },
  en: { window: "Corridor window", assembly: "As announced by the city council", schedule: "Only inside an agreed corridor window" },
} as const;

test.describe("every fact in the resident's language", () => {
  test.use({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });

  for (const locale of ["uk", "ru", "en"] as const) {
    test(`Kreminna's page gives its reason in ${locale}, with no other language mixed in`, async ({ page }) => {
      await page.goto(`/${locale}/towns/kreminna`);
      const reason = page.locator("li.route .route-status .reason").first();
      await expect(reason.locator(".reason-codes")).toHaveText(KREMINNA[locale].codes);
      await expect(reason.locator(".reason-detail")).toContainText(KREMINNA[locale].detail);
      // Nothing is marked as a fallback: the demo has every text in every language.
      await expect(page.locator("[data-fallback-lang]")).toHaveCount(0);
      if (KREMINNA[locale].english) await expect(page.locator("main")).not.toContainText(KREMINNA[locale].english);
      // The text to forward by SMS says why, in the same language.
      const sms = await page.locator("li.route textarea").first().inputValue();
      expect(sms).toContain(KREMINNA[locale].codes.split(";")[0]);
    });

    test(`the Kreminna route page's history gives the reason in ${locale}`, async ({ page }) => {
      await page.goto(`/${locale}/routes/kreminna-sloviansk`);
      await expect(page.locator("ol.history .reason-codes").first()).toHaveText(KREMINNA[locale].codes);
    });

    test(`the Mariupol lite page shows the corridor window, assembly point and schedule in ${locale}`, async ({ request }) => {
      const response = await request.get(`/${locale}/lite/towns/mariupol`);
      expect(response.status()).toBe(200);
      const body = await response.text();
      expect(body).toContain(MARIUPOL[locale].window);
      expect(body).toMatch(/data-window="(active|upcoming)"/);
      expect(body).toContain(MARIUPOL[locale].assembly);
      expect(body).toContain(MARIUPOL[locale].schedule);
      expect(body).not.toMatch(/<script/i);
    });
  }

  test("the API gives the coded reason in every language and the free text per language", async ({ request }) => {
    const body = (await (await request.get("/api/v1/routes")).json()) as { routes: Array<{ slug: string; reasonCodes: string[]; reasonLabels: Record<string, string>; reason: Record<string, string> }> };
    const kreminna = body.routes.find((r) => r.slug === "kreminna-sloviansk")!;
    // In the closed list's order, whatever order the coordinator ticked them in.
    expect(kreminna.reasonCodes).toEqual(["civilians_fired_on", "territory_changed_hands"]);
    expect(kreminna.reasonLabels.uk).toBe(KREMINNA.uk.codes);
    expect(kreminna.reasonLabels.en).toBe(KREMINNA.en.codes);
    expect(kreminna.reason.ru).toContain(KREMINNA.ru.detail);
  });
});
