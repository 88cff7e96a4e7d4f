import { expect, test, type Page } from "@playwright/test";

// The service worker (public/sw.js) keeps the public pages a resident opened; offline, a kept page
// still shows the routes, with "Offline: last updated HH:MM" (when it was fetched, Kyiv time).
// Service workers need their own browser context per test: no state shared between tests.

async function waitForWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
    await page.reload();
    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
  }
}

test.describe("offline", () => {
  test("a visited page is shown offline with its routes and the time it was fetched", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/en");
    await waitForWorker(page);
    await page.reload(); // now fetched through the worker, which keeps it
    await expect(page.locator("#offline-banner")).toBeHidden();
    // A town page if the residents' town pages exist yet, and a lite page (kept the same way).
    const townPage = await page.request.get("/en/towns/lysychansk");
    const visited = ["/en", "/en/lite"];
    if (townPage.status() === 200) visited.push("/en/towns/lysychansk");
    for (const path of visited.slice(1)) await page.goto(path);

    await context.setOffline(true);
    for (const path of visited) {
      await page.goto(path);
      const banner = page.locator("#offline-banner");
      await expect(banner, path).toBeVisible();
      await expect(banner, path).toHaveText(/^Offline: last updated \d\d\/\d\d, \d\d:\d\d\. Statuses may have changed since then: an “Open” on this copy is not confirmed\.$/);
      await expect(page.getByText("To Bakhmut").first(), path).toBeVisible();
      await expect(page.locator("[data-status]").first(), path).toBeVisible();
    }
    // Reloading the same page offline works too.
    await page.reload();
    await expect(page.locator("#offline-banner")).toBeVisible();
    await context.close();
  });

  test("a page never visited says the phone is offline instead of a browser error", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/en");
    await waitForWorker(page);
    await context.setOffline(true);
    const response = await page.goto("/en/lite/towns/kreminna");
    expect(response?.status()).toBe(503);
    await expect(page.locator("#offline-page")).toContainText("You are offline");
    await context.close();
  });

  test("staff pages are never kept", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/en");
    await waitForWorker(page);
    await page.goto("/en/login");
    const kept = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls: string[] = [];
      for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(kept).toContain("/en");
    expect(kept.some((u) => /\/(login|coordinate|admin|api)(\/|$)/.test(u))).toBe(false);
    await context.close();
  });
});
