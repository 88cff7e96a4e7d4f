import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { pageAs } from "./fixtures/sign-in";
import { createAgreement, createRouteByTyping, createTownByTyping, kyivLocal, townNames } from "./fixtures/workspace";

// The read-only public API and feeds, as a third party would use them: no session, any origin.

const ENDPOINTS = [
  { path: "/api/v1/towns", type: /^application\/json/ },
  { path: "/api/v1/routes", type: /^application\/json/ },
  { path: "/api/v1/routes.geojson", type: /^application\/geo\+json/ },
  { path: "/api/v1/incidents.geojson", type: /^application\/geo\+json/ },
  { path: "/feeds/status.atom", type: /^application\/atom\+xml/ },
  { path: "/feeds/status.atom?lang=uk", type: /^application\/atom\+xml/ },
  { path: "/feeds/cap.atom", type: /^application\/atom\+xml/ },
] as const;

// Internal descriptions of the seeded incidents (db/scenario/incidents.ts): never public.
const INTERNAL_TEXTS = ["identity of the shooters not established", "no second source yet"];

const SCHEMA = path.resolve("standards/cap-v1.2.xsd");
function validateCap(xml: string) {
  execFileSync("xmllint", ["--noout", "--schema", SCHEMA, "-"], { input: xml, stdio: ["pipe", "pipe", "pipe"] });
}

async function expectPublicHeaders(res: APIResponse) {
  const headers = res.headers();
  expect(headers["access-control-allow-origin"]).toBe("*");
  const maxAge = /max-age=(\d+)/.exec(headers["cache-control"] ?? "");
  expect(maxAge, headers["cache-control"]).not.toBeNull();
  expect(Number(maxAge![1])).toBeLessThanOrEqual(60);
  expect(headers["cache-control"]).not.toMatch(/s-maxage=\d{3,}/);
  expect(headers["etag"]).toMatch(/^(W\/)?".+"$/);
}

function expectNothingInternal(body: string) {
  expect(body).not.toMatch(/\binternal\b/i);
  expect(body).not.toMatch(/@example\.org/);
  for (const text of INTERNAL_TEXTS) expect(body).not.toContain(text);
}

/** The Cache-Control of an answer no cache may keep, which is therefore never confirmed with a 304. */
const MAY_NOT_KEEP = /(^|[\s,])max-age=0(\s*,|\s*$)/;

test.describe("public API and feeds", () => {
  for (const endpoint of ENDPOINTS) {
    test(`${endpoint.path}: 200, CORS, short cache, ETag and 304`, async ({ request }) => {
      const res = await request.get(endpoint.path, { headers: { Origin: "https://elsewhere.example" } });
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toMatch(endpoint.type);
      await expectPublicHeaders(res);
      expectNothingInternal(await res.text());
      const again = await request.get(endpoint.path, { headers: { "If-None-Match": res.headers()["etag"]! } });
      // The body may change between the two requests (another spec sets a status): then it is a 200.
      // So is an unchanged body whose copy may no longer be kept (max-age=0: its next change, or the
      // second after another spec's write, is too near), which no cache may confirm with a 304.
      if (again.status() === 200 && again.headers()["etag"] === res.headers()["etag"]) expect(again.headers()["cache-control"]).toMatch(MAY_NOT_KEEP);
      else if (again.status() === 200) expect(again.headers()["etag"]).not.toBe(res.headers()["etag"]);
      else expect(again.status()).toBe(304);
      expect(again.headers()["access-control-allow-origin"]).toBe("*");
    });
  }

  test("towns and routes are JSON in the documented shape; times carry an offset", async ({ request }) => {
    const towns = await (await request.get("/api/v1/towns")).json();
    const lysychansk = towns.towns.find((t: { slug: string }) => t.slug === "lysychansk");
    expect(lysychansk).toMatchObject({ name: { en: "Lysychansk", uk: "Лисичанськ" }, point: { lat: 48.904, lon: 38.442 } });
    expect(lysychansk.oblast.slug).toBeTruthy();

    const { routes } = await (await request.get("/api/v1/routes")).json();
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) {
      expect(["open", "caution", "closed", "unknown", "unconfirmed"]).toContain(r.status);
      expect(typeof r.fresh).toBe("boolean");
      expect(typeof r.flagged).toBe("boolean");
      if (!r.fresh) expect(r.status).not.toBe("open");
      if (r.confirmedAt) expect(r.confirmedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00$/);
      expect(r).toHaveProperty("corridorWindow");
    }
    // The seeded Mariupol corridor window covers a route.
    expect(routes.some((r: { corridorWindow: unknown }) => r.corridorWindow !== null)).toBe(true);
  });

  test("routes.geojson and incidents.geojson are FeatureCollections with rounded incident positions", async ({ request }) => {
    const lines = await (await request.get("/api/v1/routes.geojson")).json();
    expect(lines.type).toBe("FeatureCollection");
    for (const f of lines.features) {
      expect(f.geometry.type).toBe("LineString");
      expect(f.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
      expect(f.properties).toHaveProperty("status");
    }
    const points = await (await request.get("/api/v1/incidents.geojson")).json();
    expect(points.type).toBe("FeatureCollection");
    expect(points.features.length).toBeGreaterThan(0);
    for (const f of points.features) {
      expect(f.geometry.type).toBe("Point");
      const [lon, lat] = f.geometry.coordinates as [number, number];
      // Two decimals at most (about 1 km), or a town's own point (three decimals in the scenario).
      if (f.properties.position === "rounded") {
        expect(Math.round(lon * 100) / 100).toBe(lon);
        expect(Math.round(lat * 100) / 100).toBe(lat);
      }
      expect(f.properties.verification).not.toBe("false");
      expect(Object.keys(f.properties)).not.toContain("internalDescription");
    }
  });

  test("each Atom feed says its language with xml:lang, and its entries are in it", async ({ request }) => {
    for (const [query, lang, word] of [["", "en", "Closed"], ["?lang=uk", "uk", "Закрито"], ["?lang=ru", "ru", "Закрыт"]] as const) {
      const status = await (await request.get(`/feeds/status.atom${query}`)).text();
      expect(status).toContain(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">`);
      expect(status).toContain(word);
      const cap = await (await request.get(`/feeds/cap.atom${query}`)).text();
      expect(cap).toMatch(new RegExp(`<feed [^>]*xml:lang="${lang}"`));
    }
  });

  test("every CAP alert in the index is valid CAP 1.2 with uk, ru and en info blocks and offsets", async ({ request }) => {
    const index = await (await request.get("/feeds/cap.atom")).text();
    const links = [...index.matchAll(/href="([^"]+\/feeds\/cap\/[0-9a-f-]{36}\.xml)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(1);
    for (const link of links) {
      const res = await request.get(new URL(link).pathname);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toMatch(/^application\/cap\+xml/);
      await expectPublicHeaders(res);
      const xml = await res.text();
      expect(() => validateCap(xml)).not.toThrow();
      expect([...xml.matchAll(/<language>([^<]+)<\/language>/g)].map((m) => m[1])).toEqual(["uk-UA", "ru-RU", "en-US"]);
      expect(xml).toMatch(/<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00<\/sent>/);
      expect(xml).not.toMatch(/\dZ</);
      expectNothingInternal(xml);
      const cached = await request.get(new URL(link).pathname, { headers: { "If-None-Match": res.headers()["etag"]! } });
      // A 304, unless the copy may no longer be kept (max-age=0): then the full alert, which no cache keeps.
      if (cached.status() === 200) expect(cached.headers()["cache-control"]).toMatch(MAY_NOT_KEEP);
      else expect(cached.status()).toBe(304);
    }
  });

  test("a HEAD first after a change leaves the next GET its full body", async ({ request }) => {
    for (const path of ["/api/v1/routes", "/feeds/cap.atom", "/en/lite"]) {
      // A query no one else asks for: an address whose copy this HEAD is the first to render.
      const address = `${path}${path.startsWith("/api") ? "?status=unconfirmed" : path.startsWith("/feeds") ? "?lang=ru" : ""}`;
      const head = await request.head(address, { headers: { "accept-encoding": "identity" } });
      expect(head.status(), address).toBe(200);
      const get = await request.get(address, { headers: { "accept-encoding": "identity" } });
      const body = await get.body();
      expect(body.length, address).toBeGreaterThan(0);
      expect(get.headers()["content-length"], address).toBe(String(body.length));
      expect(head.headers()["content-length"], address).toBe(String(body.length));
    }
  });

  test("errors under /api and /feeds are problem details", async ({ request }) => {
    const cases: Array<[string, string, number]> = [
      ["GET", "/api/v1", 404],
      ["GET", "/api", 404],
      ["GET", "/api/nope", 404],
      ["GET", "/feeds", 404],
      ["GET", "/feeds/nope.atom", 404],
      ["GET", "/feeds/cap/nope.xml", 404],
      ["GET", "/feeds/status.atom?lang=xx", 400],
      ["GET", "/feeds/status.atom?bogus=1", 400],
      ["GET", "/feeds/cap.atom?lang=uk&lang=ru", 400],
      ["POST", "/feeds/status.atom", 405],
    ];
    for (const [method, path, status] of cases) {
      const answer = await request.fetch(path, { method, maxRedirects: 0 });
      expect(answer.status(), `${method} ${path}`).toBe(status);
      expect(answer.headers()["content-type"], `${method} ${path}`).toMatch(/^application\/problem\+json/);
      expect(await answer.json()).toMatchObject({ status, type: expect.stringMatching(/^\/api\/v1\/problems\//) });
      if (status === 405) expect(answer.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
    }
  });

  test("a CAP path that is not <uuid>.xml, or an unknown id, is a 404", async ({ request }) => {
    for (const p of ["/feeds/cap/nope.xml", "/feeds/cap/00000000-0000-4000-8000-000000000000.xml", "/feeds/cap/00000000-0000-4000-8000-000000000000"]) {
      expect((await request.get(p)).status(), p).toBe(404);
    }
  });

  test("the OpenAPI description is served, cached like the API, and the partners' page renders it", async ({ request, page }) => {
    const res = await request.get("/api/v1/openapi.json");
    expect(res.status()).toBe(200);
    await expectPublicHeaders(res);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/towns", "/api/v1/routes", "/api/v1/routes.geojson", "/api/v1/incidents.geojson"]));
    // A problem type, dereferenced, leads to its section of the partners' page.
    const type = await request.get("/api/v1/problems/invalid-parameter", { maxRedirects: 0 });
    expect(type.status()).toBe(302);
    expect(type.headers()["location"]).toBe("/en/api#problem-invalid-parameter");
    await page.goto("/en/api");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Public API for partners");
    await expect(page.getByRole("heading", { name: "GET /api/v1/routes: Routes and their status now" })).toBeVisible();
    await expect(page.locator("#problem-invalid-parameter")).toContainText("/api/v1/problems/invalid-parameter");
    await page.goto("/uk/api");
    await expect(page.getByText("Довідка нижче — англійською.")).toBeVisible();
    // A parameter's pattern is one long word: at 360 px it made the whole page scroll sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/en/api");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), "no sideways scrolling at 360 px").toBeLessThanOrEqual(0);
  });

  test("a corridor window withdrawn after it was agreed gets a Cancel of its Alert; a rejected proposal stays invisible", async ({ browser, request }) => {
    test.setTimeout(120_000);
    const page = await pageAs(browser, "coordinator");
    const town = townNames("Izium");
    await createTownByTyping(page, town, { lat: "49.21000", lon: "37.26000" });
    await createRouteByTyping(page, town.nameEn, "Kharkiv", "49.21000, 37.26000\n49.99400, 36.23000");
    const route = `${town.nameEn} → Kharkiv`;
    const agreementId = (p: Page) => /\/agreements\/([0-9a-f-]{36})/.exec(p.url())![1]!;
    const act = async (p: Page, button: string, done: string) => {
      await p.getByRole("button", { name: button }).click();
      await expect(p.getByRole("status").filter({ hasText: done })).toBeVisible();
    };
    const capIndexLinks = async () => (await (await request.get("/feeds/cap.atom")).text()).match(/\/feeds\/cap\/[0-9a-f-]{36}(-v\d+)?\.xml/g) ?? [];
    const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]!);

    await createAgreement(page, `Rejected corridor ${town.slug}`, route, kyivLocal(2), kyivLocal(6));
    const rejected = agreementId(page);
    await act(page, "Mark as rejected", "Marked as rejected.");
    expect((await request.get(`/feeds/cap/${rejected}.xml`)).status()).toBe(404);
    expect(await capIndexLinks()).not.toContain(`/feeds/cap/${rejected}.xml`);

    await createAgreement(page, `Withdrawn corridor ${town.slug}`, route, kyivLocal(2), kyivLocal(6));
    const id = agreementId(page);
    expect((await request.get(`/feeds/cap/${id}.xml`)).status()).toBe(404); // proposed: not public
    await act(page, "Mark as agreed", "Marked as agreed.");
    const alert = await (await request.get(`/feeds/cap/${id}.xml`)).text();
    validateCap(alert);
    expect(tag(alert, "msgType")).toEqual(["Alert"]);
    expect(tag(alert, "identifier")).toEqual([`corridor-window-${id}-v2`]);
    // No CAP_SENDER in the test server: the demo's own sender, never the request's host.
    expect(tag(alert, "sender")).toEqual(["corridor-demo@example.invalid"]);
    const [sent] = tag(alert, "sent");

    await act(page, "Cancel agreement", "Agreement cancelled.");
    // The Cancel at its own address, named like its identifier; the index links it there.
    const res = await request.get(`/feeds/cap/${id}-v3.xml`);
    expect(res.status()).toBe(200);
    const cancel = await res.text();
    validateCap(cancel);
    expect(tag(cancel, "msgType")).toEqual(["Cancel"]);
    expect(tag(cancel, "identifier")).toEqual([`corridor-window-${id}-v3`]);
    expect(tag(cancel, "references")).toEqual([`corridor-demo@example.invalid,corridor-window-${id}-v2,${sent}`]);
    // The area of the alert it cancels, never the agreement's title.
    expect(tag(cancel, "areaDesc")).toEqual(tag(alert, "areaDesc"));
    expect(tag(cancel, "areaDesc")).toContain(town.nameEn);
    expect(cancel).not.toContain("Withdrawn corridor");
    expect(await capIndexLinks()).toContain(`/feeds/cap/${id}-v3.xml`);
    expect(await capIndexLinks()).not.toContain(`/feeds/cap/${id}.xml`);
    // The cancelled alert's address is not given to the Cancel: it says the alert was withdrawn and where the Cancel is.
    for (const address of [`/feeds/cap/${id}.xml`, `/feeds/cap/${id}-v2.xml`]) {
      const gone = await request.get(address);
      expect(gone.status(), address).toBe(410);
      expect(gone.headers()["content-type"]).toMatch(/^application\/problem\+json/);
      expect(gone.headers()["link"]).toMatch(new RegExp(`^<https?://[^>]+/feeds/cap/${id}-v3\\.xml>; rel="alternate"; type="application/cap\\+xml"$`));
    }
    expect((await request.get(`/feeds/cap/${id}-v9.xml`)).status()).toBe(404);
    await page.close();
  });
});
