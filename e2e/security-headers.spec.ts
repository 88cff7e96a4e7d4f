import crypto from "node:crypto";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { DEMO, pageAs, signIn, STORAGE_STATE } from "./fixtures/sign-in";

// Security headers (docs/security.md): on staff pages and sign-in (per-request CSP with a nonce,
// from proxy.ts), on residents' pages (one policy for everyone, with the hashes of the page's own
// inline scripts, so any HTTP cache may keep them) and on everything else (next.config.js): API,
// feeds, lite pages, static files. Then the real pages in Chromium with those policies: no
// Content-Security-Policy violation anywhere, maps and the service worker included. Over plain
// http: no HSTS, cookies HttpOnly and SameSite=Lax.

const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
const sha256 = (text: string) => `'sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}'`;

function expectBaseline(response: APIResponse, what: string) {
  const h = response.headers();
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["permissions-policy"], what).toContain("camera=()");
  expect(h["strict-transport-security"], `${what}: no HSTS over plain http`).toBeUndefined();
  const csp = h["content-security-policy"];
  expect(csp, what).toBeTruthy();
  // One policy, not two stacked (a second would tighten the first).
  expect(csp, what).not.toContain(",");
  const d = directives(csp!);
  expect(d.get("frame-ancestors"), what).toEqual(["'none'"]);
  expect(d.get("base-uri"), what).toEqual(["'none'"]);
  return d;
}

test.describe("security headers", () => {
  test("staff pages and sign-in carry a strict CSP with a fresh nonce that Next puts on its scripts", async ({ request }) => {
    const [a, b] = [await request.get("/en/login"), await request.get("/en/login")];
    const d = expectBaseline(a, "/en/login");
    expect(d.get("script-src")).toEqual(expect.arrayContaining(["'strict-dynamic'"]));
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    const [n1, n2] = [nonceOf(a.headers()["content-security-policy"]!), nonceOf(b.headers()["content-security-policy"]!)];
    expect(n1).toBeTruthy();
    expect(n1).not.toBe(n2);
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${n1}"`);
    // Never kept by any cache.
    expect(a.headers()["cache-control"]).toMatch(/private/);
    expect(a.headers()["cache-control"]).toMatch(/no-store/);
  });

  test("residents' pages: one policy for everyone, allowing exactly the page's own inline scripts", async ({ request }) => {
    for (const path of ["/en", "/uk/towns/lysychansk", "/en/routes/lysychansk-bakhmut", "/en/towns/no-such-town"]) {
      const [a, b] = [await request.get(path), await request.get(path)];
      const csp = a.headers()["content-security-policy"]!;
      const d = expectBaseline(a, path);
      expect(csp, path).not.toContain("nonce-");
      expect(d.get("script-src"), path).not.toContain("'strict-dynamic'");
      expect(d.get("script-src"), path).not.toContain("'unsafe-inline'");
      expect(d.get("script-src")![0], path).toBe("'self'");
      expect(d.get("object-src"), path).toEqual(["'none'"]);
      const html = await a.text();
      const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\ssrc=/.test(m[1]!));
      // Residents' pages run no inline script at all (their islands are files: 'self'); the 404
      // keeps Next's runtime and its inline scripts. Either way each inline one is allowed by hash.
      for (const [tag, , body] of inline) {
        expect(tag, path).not.toContain("nonce=");
        expect(d.get("script-src"), `${path}: the hash of ${tag.slice(0, 60)}…`).toContain(sha256(body!));
      }
      // Only those: one hash per distinct inline script, nothing left over.
      expect(d.get("script-src")!.length, path).toBe(1 + new Set(inline.map((m) => m[2])).size);
      // The same answer for everyone: a second request gets the same policy for the same HTML.
      if ((await b.text()) === html) expect(b.headers()["content-security-policy"], path).toBe(csp);
    }
  });

  test("residents' pages may be kept by shared caches for at most 10 s; staff pages, sign-in and exports never", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    for (const path of ["/en", "/ru/towns/lysychansk", "/en/routes/lysychansk-bakhmut"]) {
      const response = await anonymous.get(path);
      const cacheControl = response.headers()["cache-control"]!;
      expect(cacheControl, path).toMatch(/^public, max-age=(\d+), stale-while-revalidate=(\d+), stale-if-error=(\d+)$/);
      const [maxAge, swr] = [...cacheControl.matchAll(/=(\d+)/g)].map((m) => Number(m[1]));
      expect(maxAge, path).toBeLessThanOrEqual(10);
      expect(swr, path).toBeLessThanOrEqual(maxAge!);
      expect(response.headers()["vary"], path).toMatch(/Accept-Encoding/);
      expect(response.headers()["vary"], path).toMatch(/\brsc\b/);
      expect(response.headers()["set-cookie"], path).toBeUndefined();
      // Strong: the plain and the gzip body each have their own tag.
      expect(response.headers()["etag"], path).toMatch(/^"[^"]+"$/);
      // The instant the page next changes by the clock alone, reported by its render (never
      // written into the markup): no later than the first of its routes' statuses going stale.
      const next = response.headers()["x-corridor-next-change"];
      expect(await response.text(), path).not.toContain("corridor-next-change");
      if (path === "/en") {
        const { routes } = (await (await anonymous.get("/api/v1/routes?limit=100")).json()) as { routes: { freshUntil: string | null }[] };
        const staleAt = routes.map((r) => Date.parse(r.freshUntil ?? "")).filter((at) => at > Date.now() + 15_000);
        // freshUntil is given to the second, rounded down; the confirmation has milliseconds.
        if (staleAt.length > 0) expect(Date.parse(next ?? ""), `${path}: next change ${next}`).toBeLessThan(Math.min(...staleAt) + 1_000);
      }
      // Revalidation: the same ETag gets a 304 with the same caching headers, unless the copy may
      // no longer be kept (max-age=0, just after another spec's write): then the full page.
      const again = await anonymous.get(path, { headers: { "if-none-match": response.headers()["etag"]! } });
      if (again.headers()["etag"] === response.headers()["etag"] && !/(^|[\s,])max-age=0(\s*,|\s*$)/.test(again.headers()["cache-control"] ?? "")) {
        expect(again.status(), path).toBe(304);
        expect(again.headers()["cache-control"], path).toMatch(/^public, max-age=\d+/);
      }
    }
    // A page rendered for one request (a client-side navigation's payload) is not shared.
    expect((await anonymous.get("/en/towns/lysychansk", { headers: { rsc: "1" } })).headers()["cache-control"]).not.toMatch(/public/);
    expect((await anonymous.get("/en/login")).headers()["cache-control"]).toMatch(/no-store/);
    await anonymous.dispose();
    const admin = await playwright.request.newContext({ baseURL, storageState: STORAGE_STATE.admin });
    for (const path of ["/en/coordinate", "/en/admin/incidents", "/api/admin/exports/incidents.csv"]) {
      const response = await admin.get(path);
      expect(response.status(), path).toBeLessThan(400);
      expect(response.headers()["cache-control"], path).toMatch(/no-store/);
      expect(response.headers()["cache-control"], path).not.toMatch(/public/);
    }
    await admin.dispose();
  });

  test("API, feeds, lite pages and static files get the no-script policy", async ({ request }) => {
    for (const path of ["/api/v1/routes", "/api/health", "/feeds/status.atom", "/lite", "/en/lite", "/sw.js", "/icon.svg"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBeLessThan(400);
      const d = expectBaseline(response, path);
      expect(d.get("default-src"), path).toEqual(["'none'"]);
      expect(d.has("script-src"), path).toBe(false);
    }
    const css = (await (await request.get("/en")).text()).match(/\/_next\/static\/[^"]+\.css/)?.[0];
    expect(css).toBeTruthy();
    expectBaseline(await request.get(css!), css!);
  });

  test("HSTS is sent when the request came over https (a TLS proxy in front)", async ({ request }) => {
    // Paths no cache answers, so a cached http answer cannot stand in for the https one.
    for (const path of ["/en/login", "/api/health", "/sw.js"]) {
      const response = await request.get(path, { headers: { "x-forwarded-proto": "https" } });
      expect(response.headers()["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains");
    }
  });

  test("an oversized post is refused with 413 before anything reads it, and the sign-in post too", async ({ request, baseURL }) => {
    // The login form's real server action.
    const id = /&quot;id&quot;:&quot;([0-9a-f]+)&quot;/.exec(await (await request.get("/en/login")).text())?.[1];
    expect(id).toBeTruthy();
    for (const size of [600 * 1024, 5 * 1024 * 1024]) {
      const response = await request.post("/en/login", {
        multipart: { [`1_$ACTION_ID_${id}`]: "", email: DEMO.admin, password: "x".repeat(size) },
        headers: { "Next-Action": id!, Origin: new URL(baseURL!).origin },
        maxRedirects: 0,
      });
      expect(response.status(), `${size} bytes`).toBe(413);
      expect(await response.text()).not.toMatch(/at .*\.js:\d+/);
    }
    const auth = await request.post("/api/auth/callback/credentials", { form: { email: DEMO.admin, password: "x".repeat(100 * 1024) }, maxRedirects: 0 });
    expect(auth.status()).toBe(413);
  });
});

async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) logged.push(message.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return async () => [...logged, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}

test.describe("no CSP violation on the real pages", () => {
  test("residents' pages, maps and the offline service worker", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchCsp(page);
    for (const path of ["/en", "/en/towns/lysychansk", "/en/routes/lysychansk-bakhmut", "/en/lite", "/en/login"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      if (path.startsWith("/en/routes/")) {
        // The route map loads when it comes near the screen.
        await page.locator(".route-map").scrollIntoViewIfNeeded();
        await expect(page.locator(".leaflet-container").first()).toBeVisible();
        await page.waitForLoadState("networkidle");
      }
      expect(await violations(), path).toEqual([]);
    }
    // The service worker registers and takes control under the policy.
    await page.goto("/en");
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    expect(await violations()).toEqual([]);
    await context.close();
  });

  test("staff pages: route editor (drawing works), incident form map, admin pages", async ({ browser }) => {
    const page = await pageAs(browser, "admin");
    const violations = await watchCsp(page);
    await page.goto("/en/coordinate/routes/new");
    const map = page.getByTestId("waypoints-map");
    await expect(map.getByRole("button", { name: "Zoom in" })).toBeVisible();
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: Math.round(box.width * 0.3), y: Math.round(box.height * 0.45) } });
    await map.click({ position: { x: Math.round(box.width * 0.6), y: Math.round(box.height * 0.4) } });
    await expect(page.getByLabel("Waypoints")).toHaveValue(/^-?\d+\.\d{5}, -?\d+\.\d{5}\n-?\d+\.\d{5}, -?\d+\.\d{5}$/);
    expect(await violations(), "route editor").toEqual([]);
    await page.goto("/en/coordinate/incidents/new");
    await expect(page.getByTestId("point-map")).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await violations(), "incident form").toEqual([]);
    for (const path of ["/en/coordinate", "/en/admin/incidents", "/en/admin/users", "/en/admin/audit", "/en/admin/exports"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      expect(await violations(), path).toEqual([]);
    }
  });
});

test.describe("session cookie", () => {
  test("is HttpOnly and SameSite=Lax (not Secure over plain http, so local use works)", async ({ page, context }) => {
    await signIn(page, "coordinator");
    const session = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
    expect(session).toBeTruthy();
    expect(session!.name).toBe("authjs.session-token");
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe("Lax");
    expect(session!.secure).toBe(false);
    // HttpOnly in effect: no script on the page can read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain("authjs.session-token");
  });
});
