import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";

// The lite pages: plain HTML from route handlers, no JavaScript, at most 14 KB gzip.
const LIMIT = 14 * 1024;

test.describe("lite pages", () => {
  test("/lite picks the language from Accept-Language, Ukrainian by default, with statuses and no script", async ({ request }) => {
    for (const [acceptLanguage, lang, heading] of [
      ["ru-RU,ru;q=0.9", "ru", "Маршруты эвакуации"],
      ["en-GB,en;q=0.9", "en", "Evacuation routes"],
      ["de-DE", "uk", "Маршрути евакуації"],
    ] as const) {
      const response = await request.get("/lite", { headers: { "Accept-Language": acceptLanguage }, maxRedirects: 0 });
      expect(response.status()).toBe(200);
      const headers = response.headers();
      expect(headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(headers["content-language"]).toBe(lang);
      expect(headers["vary"]).toMatch(/Accept-Language/i);
      const maxAge = Number(/max-age=(\d+)/.exec(headers["cache-control"] ?? "")?.[1]);
      expect(maxAge).toBeLessThanOrEqual(60);
      const body = await response.text();
      expect(body).toContain(`<html lang="${lang}">`);
      expect(body).toContain(heading);
      expect(body).not.toMatch(/<script/i);
      expect(body).toMatch(/[✓⚠✕?⏱] /);
      expect(gzipSync(body).length).toBeLessThanOrEqual(LIMIT);
    }
  });

  test("/en/lite/towns/lysychansk shows the route, its status, time and reason, under 14 KB gzip on the wire", async ({ request }) => {
    const response = await request.get("/en/lite/towns/lysychansk", { headers: { "Accept-Encoding": "gzip" } });
    expect(response.status()).toBe(200);
    const body = await response.text();
    expect(body).not.toMatch(/<script/i);
    expect(body).toContain("<h1>Routes out of Lysychansk</h1>");
    expect(body).toContain("To Bakhmut");
    expect(body).toMatch(/[✓⚠✕⏱] (Open|Caution|Closed|Unconfirmed)/);
    expect(body).toMatch(/(Confirmed|Unconfirmed since) \d\d:\d\d Kyiv time/);
    expect(body).toMatch(/As of .*\d\d:\d\d/);
    expect(body).toContain('href="/uk/lite/towns/lysychansk"');
    expect(response.headers()["content-language"]).toBe("en");
    expect(gzipSync(body).length).toBeLessThanOrEqual(LIMIT);
  });

  test("works in a browser without JavaScript and links between towns", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/en/lite");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Evacuation routes (light version)");
    // Search first; else the oblast, then the town.
    await page.getByLabel("Your town", { exact: true }).fill("Kreminna");
    await page.getByRole("button", { name: "Find" }).click();
    await expect(page).toHaveURL(/\/en\/lite\?q=Kreminna$/);
    await expect(page.getByRole("link", { name: "Kreminna, Luhansk oblast" })).toBeVisible();
    await page.goto("/en/lite");
    await page.getByRole("link", { name: "Luhansk oblast", exact: true }).click();
    await expect(page).toHaveURL(/\/en\/lite\/oblasts\/luhansk$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Luhansk oblast: towns with routes");
    await page.getByRole("link", { name: "Kreminna", exact: true }).click();
    await expect(page).toHaveURL(/\/en\/lite\/towns\/kreminna$/);
    await expect(page.locator("[data-route='kreminna-sloviansk'] .s")).toHaveText(/✕ Closed/);
    await context.close();
  });

  test("unknown or malformed town slugs are a plain 404", async ({ request }) => {
    for (const path of ["/en/lite/towns/atlantis", "/lite/towns/atlantis", "/en/lite/oblasts/atlantis", "/uk/lite/oblasts/Bad_Slug", "/uk/lite/towns/%3Cscript%3E", "/ru/lite/towns/Bad_Slug"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
      const body = await response.text();
      expect(body).not.toMatch(/<script/i);
      expect(body).not.toContain("<script>");
    }
  });
});
