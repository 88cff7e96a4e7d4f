import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { Db } from "@/db";
import { agreedCorridor } from "@/db/testing/corridor-fixtures";

// Every answer /api/v1 gives, on the demo scenario, validated against the description the API
// serves (/api/v1/openapi.json): bodies with a JSON Schema 2020-12 validator (what OpenAPI 3.1
// schemas are), and the status and content type as listed for that operation. The document itself
// is checked against the OpenAPI 3.1 schema.

const state = vi.hoisted(() => ({ db: null as Db | null, fail: false }));
vi.mock("@/db", () => ({
  getDb: async () => {
    if (state.fail) throw new Error("connection refused");
    return state.db!;
  },
}));

const towns = await import("./towns/route");
const routes = await import("./routes/route");
const routesGeo = await import("./routes.geojson/route");
const incidents = await import("./incidents.geojson/route");
const receptionPoints = await import("./reception-points/route");
const receptionPointsCsv = await import("./reception-points.csv/route");
const transportRunCounts = await import("./transport-run-counts/route");
const openapi = await import("./openapi.json/route");
const unknown = await import("../[[...unknown]]/route");
const statusFeed = await import("../../feeds/status.atom/route");
const capIndex = await import("../../feeds/cap.atom/route");
const capAlert = await import("../../feeds/cap/[file]/route");
const unknownFeed = await import("../../feeds/[[...unknown]]/route");
const problems = await import("./problems/[name]/route");

type Handler = (request: Request) => Promise<Response> | Response;
/** `query`: what a full answer asks, where the address needs a parameter. */
const ENDPOINTS: Record<string, { module: Record<string, unknown>; get: Handler; query?: string }> = {
  "/api/v1/towns": { module: towns, get: towns.GET },
  "/api/v1/routes": { module: routes, get: routes.GET },
  "/api/v1/routes.geojson": { module: routesGeo, get: routesGeo.GET },
  "/api/v1/incidents.geojson": { module: incidents, get: incidents.GET },
  "/api/v1/reception-points": { module: receptionPoints, get: receptionPoints.GET },
  "/api/v1/reception-points.csv": { module: receptionPointsCsv, get: receptionPointsCsv.GET },
  "/api/v1/transport-run-counts": { module: transportRunCounts, get: transportRunCounts.GET, query: "?town=lysychansk" },
  "/api/v1/openapi.json": { module: openapi, get: openapi.GET },
};

const FEEDS: Record<string, { module: Record<string, unknown> }> = {
  "/feeds/status.atom": { module: statusFeed },
  "/feeds/cap.atom": { module: capIndex },
  "/feeds/cap/{file}": { module: capAlert },
};

const ATOM_FEEDS = ["/feeds/status.atom", "/feeds/cap.atom"];

const BASE = "http://localhost:3000";
type Doc = { paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }>; components: { responses: Record<string, unknown> } };
let t: TestDb;
let doc: Doc;
let ajv: Ajv2020;

beforeAll(async () => {
  t = await createTestDb();
  await seedScenario(t.db);
  state.db = t.db;
  doc = (await (await openapi.GET(new Request(`${BASE}/api/v1/openapi.json`))).json()) as Doc;
  ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  // OpenAPI 3.1's dialect adds these annotations to JSON Schema.
  for (const keyword of ["example", "discriminator", "xml", "externalDocs"]) ajv.addKeyword({ keyword });
  // The document's own members are not schema keywords: declared so, they are not mistaken for typos.
  for (const keyword of Object.keys(doc)) ajv.addKeyword({ keyword });
  // The document as a schema resource, so each answer is checked against the very subschema it lists.
  // (its $refs, "#/components/schemas/…", resolve inside it). Its records closed: the published
  // document leaves them open for fields added later, but an answer here may hold no field the
  // document does not describe yet.
  ajv.addSchema({ ...closedRecords(doc), $id: "openapi.json" }, undefined, undefined, false);
  ajv.addSchema({ ...doc, $id: "published.json" }, undefined, undefined, false);
});

afterAll(async () => {
  await t?.drop();
});

/** Every object schema with properties and no word on others gets `additionalProperties: false`. */
function closedRecords<T>(node: T): T {
  if (Array.isArray(node)) return node.map(closedRecords) as T;
  if (node === null || typeof node !== "object") return node;
  const closed = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, closedRecords(value)]));
  if (closed.type === "object" && closed.properties && closed.additionalProperties === undefined) closed.additionalProperties = false;
  return closed as T;
}

const pointer = (...segments: string[]) => segments.map((s) => s.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/** Checks one answer against the operation's listed responses; returns the parsed body, if any. */
async function expectDescribed(path: string, response: Response): Promise<unknown> {
  const status = String(response.status);
  const described = doc.paths[path]?.get.responses[status];
  expect(described, `${path} answered ${status}, which the description does not list`).toBeDefined();
  const text = await response.text();
  if (!described!.content) {
    expect(text).toBe("");
    return undefined;
  }
  const contentType = response.headers.get("content-type")!.split(";")[0]!;
  expect(Object.keys(described!.content), `${path} ${status} as ${contentType}`).toContain(contentType);
  // A feed or an alert: XML, described by its media type (its own schema is Atom's or CAP's).
  if (!contentType.endsWith("json")) return text;
  const body: unknown = JSON.parse(text);
  const check = ajv.compile({ $ref: `openapi.json#/paths/${pointer(path, "get", "responses", status, "content", contentType, "schema")}` });
  expect(check(body) ? [] : check.errors, `${path} ${status}`).toEqual([]);
  return body;
}

const get = (endpoint: string, query = ENDPOINTS[endpoint]!.query ?? "", init?: RequestInit) => ENDPOINTS[endpoint]!.get(new Request(`${BASE}${endpoint}${query}`, init));

describe(`the OpenAPI description (on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("refuses an answer with a field it does not describe, or a status outside its set", async () => {
    const check = ajv.compile({ $ref: `openapi.json#/paths/${pointer("/api/v1/routes", "get", "responses", "200", "content", "application/json", "schema")}` });
    const body = (await (await get("/api/v1/routes")).json()) as { routes: Array<Record<string, unknown>> };
    expect(check(body)).toBe(true);
    expect(check({ ...body, routes: [{ ...body.routes[0], reporter: "someone" }] })).toBe(false);
    expect(check({ ...body, routes: [{ ...body.routes[0], status: "probably-open" }] })).toBe(false);
  });

  it("leaves records open in what it publishes: a field added later is no error to a client built from it", async () => {
    expect(JSON.stringify(doc)).not.toContain('"additionalProperties":false');
    const published = ajv.compile({ $ref: `published.json#/paths/${pointer("/api/v1/routes", "get", "responses", "200", "content", "application/json", "schema")}` });
    const body = (await (await get("/api/v1/routes")).json()) as { routes: Array<Record<string, unknown>> };
    expect(published({ ...body, addedLater: 1, routes: [{ ...body.routes[0], alsoAddedLater: "x" }] })).toBe(true);
    expect(published({ ...body, routes: [{ ...body.routes[0], status: "probably-open" }] })).toBe(false);
  });

  it("describes HEAD and OPTIONS of every address, and where a problem type leads", async () => {
    const paths = doc.paths as unknown as Record<string, Record<string, { responses: Record<string, { content?: unknown; headers?: Record<string, unknown> }> }>>;
    for (const [path, item] of Object.entries(paths)) {
      expect(Object.keys(item).sort(), path).toEqual(["get", "head", "options"]);
      for (const [status, response] of Object.entries(item.head!.responses)) expect(response.content, `${path} HEAD ${status}`).toBeUndefined();
      expect(Object.keys(item.options!.responses), path).toEqual(["204"]);
    }
    const preflight = await (ENDPOINTS["/api/v1/routes"]!.module.OPTIONS as Handler)(new Request(`${BASE}/api/v1/routes`, { method: "OPTIONS" }));
    expect(preflight.status).toBe(204);
    for (const name of Object.keys(paths["/api/v1/routes"]!.options!.responses["204"]!.headers!)) expect(preflight.headers.get(name), name).not.toBeNull();

    const typeOf = (name: string) => problems.GET(new Request(`${BASE}/api/v1/problems/${name}`), { params: Promise.resolve({ name }) });
    for (const name of ["invalid-parameter", "unavailable", "uri-too-long"]) {
      const answer = await typeOf(name);
      expect(await expectDescribed("/api/v1/problems/{name}", answer)).toBeUndefined();
      expect(answer.headers.get("location")).toBe(`/en/api#problem-${name}`);
    }
    expect(await expectDescribed("/api/v1/problems/{name}", await typeOf("no-such-type"))).toMatchObject({ type: "/api/v1/problems/not-found", status: 404 });
    expect((await (problems.OPTIONS as Handler)(new Request(`${BASE}/api/v1/problems/unavailable`, { method: "OPTIONS" }))).status).toBe(204);
  });

  it("gives what a client generator needs: servers, a licence, integer parameters as integers with bounds and default", () => {
    const full = doc as unknown as { servers?: { url: string }[]; info: { license?: { name: string; identifier?: string } } };
    expect(full.servers?.[0]?.url).toBe("/");
    expect(full.info.license).toEqual({ name: "CC BY 4.0", identifier: "CC-BY-4.0" });
    const params = (doc.paths["/api/v1/incidents.geojson"]!.get as unknown as { parameters: { name: string; schema: Record<string, unknown> }[] }).parameters;
    expect(params.find((p) => p.name === "limit")?.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 10_000, default: 500 });
  });

  it("lists every endpoint the API has, and the feeds", () => {
    expect(Object.keys(doc.paths).sort()).toEqual([...Object.keys(ENDPOINTS), ...Object.keys(FEEDS), "/api/v1/problems/{name}"].sort());
  });

  for (const feed of ATOM_FEEDS) {
    const { module } = FEEDS[feed]!;
    it(`${feed}: the feed, a 304 and each error as described; bad, unknown and repeated parameters refused`, async () => {
      const handler = module.GET as Handler;
      const ok = await handler(new Request(`${BASE}${feed}`));
      expect(ok.status).toBe(200);
      const xml = await expectDescribed(feed, ok);
      expect(xml).toMatch(/^<\?xml/);
      await expectDescribed(feed, await handler(new Request(`${BASE}${feed}`, { headers: { "If-None-Match": ok.headers.get("etag")! } })));
      expect((await handler(new Request(`${BASE}${feed}?lang=uk`))).status).toBe(200);
      for (const [query, name] of [["?lang=xx", "lang"], ["?bogus=1", "bogus"], ["?lang=uk&lang=ru", "lang"], ["?lang=", "lang"]]) {
        const refused = await handler(new Request(`${BASE}${feed}${query}`));
        expect(refused.status, query).toBe(400);
        const body = (await expectDescribed(feed, refused)) as { type: string; invalidParams: { name: string }[] };
        expect(body.type).toBe("/api/v1/problems/invalid-parameter");
        expect(body.invalidParams.map((p) => p.name)).toEqual([name]);
      }
      if (feed === "/feeds/status.atom") {
        // Each entry leads to its route's page in the feed's language, never to raw XML.
        const links = [...String(await (await handler(new Request(`${BASE}${feed}?lang=uk`))).text()).matchAll(/<entry>[\s\S]*?<link href="([^"]+)"/g)].map((m) => m[1]);
        expect(links.length).toBeGreaterThan(0);
        for (const link of links) expect(link).toMatch(/^https?:\/\/[^/]+\/uk\/routes\/[a-z0-9-]+$/);
      }
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const refused = await (module[method] as Handler)(new Request(`${BASE}${feed}`, { method }));
        expect(refused.status, method).toBe(405);
        expect(refused.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
        await expectDescribed(feed, refused);
      }
    });
  }

  it("/feeds/cap/{file}: an alert the index links, and a problem for any other address or a parameter", async () => {
    const index = await (await capIndex.GET(new Request(`${BASE}/feeds/cap.atom`))).text();
    const file = /\/feeds\/cap\/([0-9a-f-]{36}\.xml)/.exec(index)?.[1];
    expect(file, "the demo scenario has an alert in force").toBeDefined();
    const alert = (name: string, query = "", init?: RequestInit) => capAlert.GET(new Request(`${BASE}/feeds/cap/${name}${query}`, init), { params: Promise.resolve({ file: name }) });
    const ok = await alert(file!);
    expect(ok.status).toBe(200);
    expect(await expectDescribed("/feeds/cap/{file}", ok)).toContain("urn:oasis:names:tc:emergency:cap:1.2");
    for (const name of ["nope.xml", "00000000-0000-4000-8000-000000000000.xml", `${file!.slice(0, -4)}.json`]) {
      const missing = await alert(name);
      expect(missing.status, name).toBe(404);
      expect(await expectDescribed("/feeds/cap/{file}", missing)).toMatchObject({ type: "/api/v1/problems/not-found", status: 404 });
    }
    const refused = await alert(file!, "?lang=uk");
    expect(refused.status).toBe(400);
    await expectDescribed("/feeds/cap/{file}", refused);
    const post = await (capAlert.POST as Handler)(new Request(`${BASE}/feeds/cap/${file}`, { method: "POST" }));
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("/feeds/cap/{file}: a withdrawn window's Cancel at its own address, its alert's address a 410 with a Link to it, as described", async () => {
    const { id, withdraw } = await agreedCorridor(t.db, { routeKey: "lysychansk-bakhmut", title: "Закритий коридор", now: new Date() });
    const alert = (name: string) => capAlert.GET(new Request(`${BASE}/feeds/cap/${name}`), { params: Promise.resolve({ file: name }) });
    const agreed = await alert(`${id}-v2.xml`);
    expect(agreed.status, "the agreed window's alert by its version too").toBe(200);
    await expectDescribed("/feeds/cap/{file}", agreed);
    await withdraw();
    const cancel = await alert(`${id}-v3.xml`);
    expect(cancel.status).toBe(200);
    const xml = String(await expectDescribed("/feeds/cap/{file}", cancel));
    expect(xml).toContain("<msgType>Cancel</msgType>");
    expect(xml).toContain("<areaDesc>Lysychansk</areaDesc>");
    expect(xml).not.toContain("Закритий коридор");
    const index = await (await capIndex.GET(new Request(`${BASE}/feeds/cap.atom`))).text();
    expect(index).toContain(`/feeds/cap/${id}-v3.xml`);
    expect(index).not.toContain(`/feeds/cap/${id}.xml`);
    for (const name of [`${id}.xml`, `${id}-v2.xml`]) {
      const gone = await alert(name);
      expect(gone.status, name).toBe(410);
      expect(gone.headers.get("link")).toBe(`<${BASE}/feeds/cap/${id}-v3.xml>; rel="alternate"; type="application/cap+xml"`);
      expect(await expectDescribed("/feeds/cap/{file}", gone)).toMatchObject({ type: "/api/v1/problems/withdrawn", status: 410 });
    }
    const never = await alert(`${id}-v7.xml`);
    expect(never.status).toBe(404);
  });

  it("a feed whose database does not answer is a 503 problem with Retry-After, as described", async () => {
    state.fail = true;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const file = "00000000-0000-4000-8000-000000000000.xml";
      const answers: Array<[string, Response]> = [
        ...(await Promise.all(ATOM_FEEDS.map(async (feed) => [feed, await (FEEDS[feed]!.module.GET as Handler)(new Request(`${BASE}${feed}`))] as [string, Response]))),
        ["/feeds/cap/{file}", await capAlert.GET(new Request(`${BASE}/feeds/cap/${file}`), { params: Promise.resolve({ file }) })],
      ];
      for (const [feed, response] of answers) {
        expect(response.status, feed).toBe(503);
        expect(response.headers.get("retry-after")).toBe("30");
        await expectDescribed(feed, response);
      }
    } finally {
      state.fail = false;
      logged.mockRestore();
    }
  });

  for (const endpoint of Object.keys(ENDPOINTS)) {
    it(`${endpoint}: the full answer, a 304 and each error validate against it`, async () => {
      const ok = await get(endpoint);
      const etag = ok.headers.get("etag")!;
      const body = await expectDescribed(endpoint, ok);
      expect(body).toBeTruthy();
      expect(ok.status).toBe(200);
      await expectDescribed(endpoint, await get(endpoint, undefined, { headers: { "If-None-Match": `W/${etag}` } }));
      for (const query of ["?unknown=1", "?town=Lysychansk!", "?status=open&status=closed", "?limit=-1"]) {
        const refused = await get(endpoint, query);
        expect(refused.status, query).toBe(400);
        await expectDescribed(endpoint, refused);
      }
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const handler = ENDPOINTS[endpoint]!.module[method] as Handler;
        const refused = await handler(new Request(`${BASE}${endpoint}`, { method }));
        expect(refused.status).toBe(405);
        expect(refused.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
        await expectDescribed(endpoint, refused);
      }
    });
  }

  it("filtered answers and their errors validate too", async () => {
    const cases: Array<[string, string, number]> = [
      ["/api/v1/routes", "?town=lysychansk", 200],
      ["/api/v1/routes", "?status=unconfirmed", 200],
      ["/api/v1/routes", "?status=open", 200],
      ["/api/v1/routes", "?town=lysychansk&status=closed", 200],
      ["/api/v1/routes", "?town=nonexistent", 404],
      ["/api/v1/routes", "?status=bogus", 400],
      ["/api/v1/routes", "?town=", 400],
      ["/api/v1/routes.geojson", "?town=lysychansk", 200],
      ["/api/v1/routes.geojson", "?town=nonexistent", 404],
      ["/api/v1/incidents.geojson", "?limit=1", 200],
      ["/api/v1/incidents.geojson", "?town=lysychansk&limit=10000", 200],
      ["/api/v1/incidents.geojson", "?town=nonexistent", 404],
      ["/api/v1/incidents.geojson", "?limit=0", 400],
      ["/api/v1/incidents.geojson", "?limit=10001", 400],
      ["/api/v1/incidents.geojson", "?limit=1.5", 400],
      ["/api/v1/reception-points", "?town=zaporizhzhia", 200],
      ["/api/v1/reception-points", "?limit=1", 200],
      ["/api/v1/reception-points", "?town=nonexistent", 404],
      ["/api/v1/reception-points", "?cursor=bogus", 400],
      ["/api/v1/reception-points", "?changedSince=yesterday", 400],
      ["/api/v1/transport-run-counts", "?town=hirske", 200],
      ["/api/v1/transport-run-counts", "?town=nonexistent", 404],
      ["/api/v1/transport-run-counts", "", 400],
      ["/api/v1/transport-run-counts", "?town=lysychansk&town=hirske", 400],
    ];
    for (const [endpoint, query, status] of cases) {
      const response = await get(endpoint, query);
      expect(response.status, `${endpoint}${query}`).toBe(status);
      await expectDescribed(endpoint, response);
    }
  });

  it("/api/v1/reception-points: free beds only while fresh, a copy that ends when the first count goes stale, and pages that join up", async () => {
    type Point = { id: string; town: { slug: string }; fresh: boolean; free: unknown; freshUntil: string | null; status: string };
    const answer = await get("/api/v1/reception-points");
    const points = ((await answer.json()) as { receptionPoints: Point[] }).receptionPoints;
    const zaporizhzhia = points.find((p) => p.town.slug === "zaporizhzhia")!;
    const dnipro = points.find((p) => p.town.slug === "dnipro")!;
    expect(zaporizhzhia).toMatchObject({ fresh: true, status: "open", free: { beds: 120, accessibleBeds: 4 } });
    // The seeded Dnipro point was confirmed four hours ago with a three-hour window.
    expect(dnipro).toMatchObject({ fresh: false, status: "unconfirmed", free: null });
    // freshUntil is to the second; the header names the exact instant, within that second.
    const nextChange = Date.parse(answer.headers.get("x-corridor-next-change")!);
    expect(nextChange - Date.parse(zaporizhzhia.freshUntil!)).toBeGreaterThanOrEqual(0);
    expect(nextChange - Date.parse(zaporizhzhia.freshUntil!)).toBeLessThan(1000);
    // The HXL file gives the same points, Dnipro's free beds empty.
    const csv = await (await receptionPointsCsv.GET(new Request(`${BASE}/api/v1/reception-points.csv`))).text();
    expect(csv.split("\r\n")[1]).toContain("#capacity+num+x_free");
    expect(csv).toContain(",open,yes,");
    expect(csv).toMatch(/,unconfirmed,no,[^,]*,[^,]*,250,30,,,/);
    expect(answer.headers.get("x-total-count")).toBe(String(points.length));
    const first = await get("/api/v1/reception-points", "?limit=1");
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1];
    expect(next).toBeTruthy();
    const second = await receptionPoints.GET(new Request(new URL(next!, BASE)));
    const ids = [...((await first.json()) as { receptionPoints: Point[] }).receptionPoints, ...((await second.json()) as { receptionPoints: Point[] }).receptionPoints].map((p) => p.id);
    expect(ids).toEqual(points.slice(0, 2).map((p) => p.id));
  });

  it("/api/v1/transport-run-counts: a town's counts and nothing of any run, its copy ending when a count changes", async () => {
    const { organisations } = await import("@/db/schema/organisations");
    const { towns: townTable } = await import("@/db/schema/places");
    const { transportRuns } = await import("@/db/schema/transport-runs");
    const { eq } = await import("drizzle-orm");
    const [org] = await t.db.select({ id: organisations.id }).from(organisations).limit(1);
    const townId = async (slug: string) => (await t.db.select({ id: townTable.id }).from(townTable).where(eq(townTable.slug, slug)))[0]!.id;
    // A run out of Kreminna leaving in ten minutes whose window ends within the hour: before
    // midnight in Kyiv whatever the hour, as long as this test does not run in the last hour of a day.
    const windowEnd = new Date(Math.ceil((Date.now() + 40 * 60_000) / 1000) * 1000);
    await t.db.insert(transportRuns).values({
      referenceCode: "R-APIC01",
      organisationId: org!.id,
      vehicle: "ambulance",
      seats: 1,
      stretcherPlaces: 1,
      townId: await townId("kreminna"),
      destinationTownId: await townId("dnipro"),
      departsFrom: new Date(Date.now() + 10 * 60_000),
      departsUntil: windowEnd,
    });
    const answer = await get("/api/v1/transport-run-counts", "?town=kreminna");
    expect(answer.status).toBe(200);
    const body = (await expectDescribed("/api/v1/transport-run-counts", answer)) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["changesAt", "generatedAt", "today", "todayAccessible", "tomorrow", "tomorrowAccessible", "town"]);
    expect(body.town).toMatchObject({ slug: "kreminna" });
    const kyivHour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Kyiv", hour: "2-digit", hourCycle: "h23" }).format(new Date()));
    if (kyivHour < 23) {
      expect(body).toMatchObject({ today: 1, todayAccessible: 1, tomorrow: 0, tomorrowAccessible: 0 });
      expect(Date.parse(body.changesAt as string)).toBe(windowEnd.getTime());
      expect(Date.parse(answer.headers.get("x-corridor-next-change")!)).toBe(windowEnd.getTime());
    }
    // Whatever the hour, no copy outlives the counts.
    const maxAge = Number(/max-age=(\d+)/.exec(answer.headers.get("cache-control") ?? "")?.[1]);
    expect(Date.now() + maxAge * 1000).toBeLessThanOrEqual(Date.parse(body.changesAt as string));
    expect(JSON.stringify(body)).not.toMatch(/R-APIC01|ambulance|dnipro/i);
  });

  it("a database that does not answer is a 503 problem, as described", async () => {
    state.fail = true;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const endpoint of ["/api/v1/towns", "/api/v1/routes", "/api/v1/routes.geojson", "/api/v1/incidents.geojson", "/api/v1/reception-points", "/api/v1/transport-run-counts"]) {
        const response = await get(endpoint);
        expect(response.status).toBe(503);
        expect(response.headers.get("retry-after")).toBe("30");
        await expectDescribed(endpoint, response);
      }
      expect(logged).toHaveBeenCalled();
    } finally {
      state.fail = false;
      logged.mockRestore();
    }
  });

  it("an unknown /api or /feeds address is a problem+json 404 of the described shape, whatever the method", async () => {
    const check = ajv.compile({ $ref: `openapi.json#/components/${pointer("responses", "NotFound", "content", "application/problem+json", "schema")}` });
    const addresses: Array<[Record<string, unknown>, string]> = [
      [unknown, "/api/v1/nope/deeper"],
      [unknown, "/api/v1"],
      [unknown, "/api/nope"],
      [unknownFeed, "/feeds"],
      [unknownFeed, "/feeds/nope.atom"],
      [unknownFeed, "/feeds/cap/a/b.xml"],
    ];
    for (const [module, address] of addresses) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const) {
        const response = await (module[method] as Handler)(new Request(`${BASE}${address}`, { method }));
        expect(response.status, `${method} ${address}`).toBe(404);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        const body: unknown = await response.json();
        expect(check(body) ? [] : check.errors).toEqual([]);
        expect(body).toMatchObject({ type: "/api/v1/problems/not-found", status: 404, instance: address });
      }
    }
  });
});

describe("what a partner relies on", () => {
  it("a bad parameter is a 400 problem naming it, never cached, CORS-readable", async () => {
    const response = await get("/api/v1/routes", "?status=bogus&town=lysychansk");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("etag")).toBeNull();
    const body = (await response.json()) as { type: string; invalidParams: Array<{ name: string }>; instance: string };
    expect(body.type).toBe("/api/v1/problems/invalid-parameter");
    expect(body.invalidParams.map((p) => p.name)).toEqual(["status"]);
    expect(body.instance).toBe("/api/v1/routes?status=bogus&town=lysychansk");
  });

  it("unknown and repeated parameters are refused, each named", async () => {
    const unknownOnes = (await (await get("/api/v1/towns", "?region=x&page=2")).json()) as { invalidParams: Array<{ name: string }> };
    expect(unknownOnes.invalidParams.map((p) => p.name).sort()).toEqual(["page", "region"]);
    const twice = (await (await get("/api/v1/routes", "?town=lysychansk&town=sievierodonetsk")).json()) as { invalidParams: Array<{ name: string }> };
    expect(twice.invalidParams.map((p) => p.name)).toEqual(["town"]);
  });

  it("an unknown town is a 404 town-not-found, a malformed one a 400", async () => {
    const missing = await get("/api/v1/routes", "?town=atlantis");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: "/api/v1/problems/town-not-found", invalidParams: [{ name: "town" }] });
    expect((await get("/api/v1/routes", "?town=%2e%2e%2fetc")).status).toBe(400);
  });

  it("town and status filter the routes; limit bounds the incidents", async () => {
    const all = ((await (await get("/api/v1/routes")).json()) as { routes: Array<{ origin: { slug: string }; status: string }> }).routes;
    const out = ((await (await get("/api/v1/routes", "?town=lysychansk")).json()) as { routes: typeof all }).routes;
    expect(out.length).toBeGreaterThan(0);
    expect(out).toEqual(all.filter((r) => r.origin.slug === "lysychansk"));
    for (const status of new Set(all.map((r) => r.status))) {
      const some = ((await (await get("/api/v1/routes", `?status=${status}`)).json()) as { routes: typeof all }).routes;
      expect(some).toEqual(all.filter((r) => r.status === status));
    }
    const one = (await (await get("/api/v1/incidents.geojson", "?limit=1")).json()) as { features: unknown[] };
    expect(one.features).toHaveLength(1);
  });
});
