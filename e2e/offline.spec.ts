import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";

// The service worker (public/sw.js) keeps the public pages a resident opened; offline, a kept page
// still shows the routes, with "Saved copy from DD/MM, HH:MM" (when it was fetched, Kyiv time) and
// no status reading as fresh: each one's age is replaced by the time the copy was saved.
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

/**
 * A relay in front of the app that records every request reaching it: what a phone's line carried.
 * Its own origin (http://localhost:<its port>), so the browser registers a worker of its own for it.
 */
async function countingRelay(appPort: number) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = http.request({ host: "localhost", port: appPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    // localhost, not 127.0.0.1: Next rewrites 127.x hosts (stack notes, trap 6).
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The same-origin files a page's HTML names that the worker keeps (hashed files and the icons). */
async function filesOf(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[href]")]
      .map((element) => new URL(element instanceof HTMLScriptElement ? element.src : element.href))
      .filter((url) => url.origin === location.origin && /^\/(?:_next\/static\/|islands\/|icon\.svg$|favicon\.ico$|basemap\/)/.test(url.pathname))
      .map((url) => url.pathname + url.search),
  );
}

async function keptFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith("corridor-static-")) continue;
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname + new URL(request.url).search);
    }
    return urls;
  });
}

test.describe("offline", () => {
  test("a visited page is shown offline with its routes and the time it was fetched", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/en");
    await waitForWorker(page);
    await page.reload(); // now fetched through the worker, which keeps it
    await expect(page.locator("#offline-banner")).toBeHidden();
    // The home pages list oblasts; a town page and its lite twin carry the routes (all kept the same way).
    const visited = ["/en", "/en/lite", "/en/towns/lysychansk", "/en/lite/towns/lysychansk"];
    for (const path of visited.slice(1)) await page.goto(path);

    await context.setOffline(true);
    for (const path of visited) {
      await page.goto(path);
      const banner = page.locator("#offline-banner");
      await expect(banner, path).toBeVisible();
      await expect(banner, path).toHaveText(/^Saved copy from \d\d\/\d\d, \d\d:\d\d, shown offline\. Nothing on it is confirmed now: every status and time is as it was then\.$/);
      await expect(page.getByText(/\bago\b/), path).toHaveCount(0);
      if (!path.includes("/towns/")) {
        await expect(page.getByText("Luhansk oblast").first(), path).toBeVisible();
        continue;
      }
      await expect(page.getByText("To Bakhmut").first(), path).toBeVisible();
      await expect(page.locator("[data-status]").first(), path).toBeVisible();
      // Every status's freshness line, whatever the status, says when the copy was saved: no age.
      const lines = await page.locator("[data-freshness]").allTextContents();
      expect(lines.length, path).toBeGreaterThan(0);
      for (const line of lines) expect(line, path).toMatch(/^As saved \d\d\/\d\d, \d\d:\d\d: not confirmed since\.$/);
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

  test("a second visit to a town page takes only its HTML from the network: the worker kept what it needs", async ({ browser }) => {
    const relay = await countingRelay(Number(process.env.E2E_PORT ?? 3100));
    const context = await browser.newContext();
    try {
      const path = "/en/towns/lysychansk";
      const first = await context.newPage();
      await first.goto(relay.origin + path);
      await waitForWorker(first);
      const files = await filesOf(first);
      expect(files.some((f) => f.endsWith(".css")), "the page has a stylesheet").toBe(true);
      expect(files.some((f) => f.endsWith(".js")), "the page has scripts").toBe(true);
      // Everything the page names is kept, and the icon a browser asks for on its own (at install).
      await expect.poll(async () => {
        const kept = await keptFiles(first);
        return [...files, "/favicon.ico"].filter((f) => !kept.includes(f));
      }).toEqual([]);
      await first.close();

      // Later, in a new tab: the document from the network (it carries the current status), nothing else.
      relay.seen.length = 0;
      const second = await context.newPage();
      await second.goto(relay.origin + path);
      await second.waitForLoadState("networkidle");
      await expect(second.locator("[data-status]").first()).toBeVisible();
      expect(relay.seen).toEqual([`GET ${path}`]);
    } finally {
      await context.close();
      await relay.close();
    }
  });
});
