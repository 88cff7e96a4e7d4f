import crypto from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { createDatabase, freePort, signInAt, skipUnlessPostgres, startInstance, type Instance } from "./fixtures/instances";
import { startNginx, skipUnlessNginx, type Nginx } from "./fixtures/nginx";
import { setStatus } from "./fixtures/workspace";

// The bound docs/public-answers.md states, measured through the shipped deploy/nginx.conf in front
// of two instances on one database, for a residents' page, the API, a lite page and an Atom feed:
// - a status change reaches each of them within WRITE_BOUND_MS of the write's commit;
// - nothing is served as fresh once the status's freshUntil has passed (asked after it, the
//   answer says "unconfirmed" or no longer lists it): no layer keeps a copy past what it says.
// Skipped, saying so, when nginx or PostgreSQL is missing (.ci/run installs both).

const SLUG = "lysychansk-bakhmut";
const TOWN = "lysychansk";
/** 10 s: a copy's whole life in every cache counted from its render (FRESH_MS); + 1 s: a render racing the write, and whole-second rounding; + 1 s: polling. */
const WRITE_BOUND_MS = 12_000;
/**
 * A request sent this long after the stated freshUntil must not be answered as fresh. The API
 * gives freshUntil to the second, rounded down (the confirmation itself has milliseconds), so the
 * edge is within the second after it; the server's and the test's clocks are one clock.
 */
const EDGE_MS = 1_000;

/** One GET on a connection of its own, with the instant it was sent. */
function getOnce(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; sentAt: number }> {
  const sentAt = Date.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentAt }));
      })
      .on("error", reject);
  });
}

type ApiRoute = { slug: string; fresh: boolean; freshUntil: string | null; reason: { en: string } };
const apiRoute = (body: string) => ((JSON.parse(body) as { routes: ApiRoute[] }).routes.find((r) => r.slug === SLUG) ?? null);
const geoRoute = (body: string) =>
  (JSON.parse(body) as { features: { properties: ApiRoute }[] }).features.find((f) => f.properties.slug === SLUG)?.properties ?? null;
/** A CAP alert's own end of validity (the end of the status's freshness window). */
const capExpires = (body: string) => Date.parse(/<expires>([^<]+)<\/expires>/.exec(body)?.[1] ?? "");
/** The lite town page's part about the route (it lists every route out of the town). */
const liteSection = (body: string) => {
  const start = body.indexOf(`id="route-${SLUG}"`);
  if (start < 0) return "";
  const end = body.indexOf('id="route-', start + 1);
  return body.slice(start, end < 0 ? undefined : end);
};

/**
 * The outputs, each with what says "this is the route's fresh status" in it. Not the reason:
 * a stale closed or caution status keeps its reason beside "unconfirmed" (an old warning is still
 * worth knowing, lib/freshness.ts), so the reason alone does not say "fresh".
 */
const OUTPUTS = {
  // The confirmation line: "freshness" while fresh, "freshness stale" once past the window.
  page: { path: `/en/routes/${SLUG}`, fresh: (body: string) => /<p class="freshness" data-freshness/.test(body) },
  api: { path: `/api/v1/routes?town=${TOWN}`, fresh: (body: string) => apiRoute(body)?.fresh === true },
  geojson: { path: `/api/v1/routes.geojson?town=${TOWN}`, fresh: (body: string) => geoRoute(body)?.fresh === true },
  // The shown status: the stored one while fresh, "unconfirmed" after.
  lite: { path: `/en/lite/towns/${TOWN}`, fresh: (body: string) => /data-status="(open|caution|closed)"/.test(liteSection(body)) },
  // The CAP index lists a status's alert only while it is fresh.
  capIndex: { path: "/feeds/cap.atom", fresh: (body: string, eventId?: string) => eventId !== undefined && body.includes(`/feeds/cap/${eventId}.xml`) },
  // The status's own alert never changes by time: it says until when it holds. Asked after that,
  // it must say an instant already past (an alert whose <expires> is ahead would read as current).
  cap: { path: (eventId: string) => `/feeds/cap/${eventId}.xml`, fresh: (body: string, _eventId?: string, sentAt = Date.now()) => capExpires(body) > sentAt },
} as const;
const pathOf = (output: (typeof OUTPUTS)[keyof typeof OUTPUTS], eventId: string) => (typeof output.path === "string" ? output.path : output.path(eventId));

test.describe("how long an answer may outlive what it says, through nginx", () => {
  test.describe.configure({ mode: "serial" });
  test.setTimeout(180_000);

  let db: Awaited<ReturnType<typeof createDatabase>>;
  let instances: Instance[] = [];
  let nginx: Nginx;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    skipUnlessNginx("e2e/freshness-bound.spec.ts");
    await skipUnlessPostgres("e2e/freshness-bound.spec.ts (two instances on one database behind nginx)");
    db = await createDatabase();
    const secret = crypto.randomBytes(32).toString("base64url");
    const ports = [await freePort(), await freePort()];
    instances = await Promise.all(ports.map((port) => startInstance(port, db.url, secret, { env: { TRUSTED_PROXY_HOPS: "1" } })));
    nginx = await startNginx(ports);
  });
  test.afterAll(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.stop()));
    await db?.drop();
  });

  test("a status change reaches the route page, the API, GeoJSON, the lite page, the feeds and its CAP alert within the bound", async ({ browser }) => {
    const reason = `Convoy turned back at Siversk ${crypto.randomBytes(3).toString("hex")}`;
    const watched: Record<string, string> = {
      page: OUTPUTS.page.path,
      api: OUTPUTS.api.path,
      geojson: OUTPUTS.geojson.path,
      lite: OUTPUTS.lite.path,
      atom: "/feeds/status.atom",
      capIndex: OUTPUTS.capIndex.path,
    };
    // Every layer holds a copy of each first (nginx answers the second request from its own).
    for (const path of Object.values(watched)) for (let i = 0; i < 2; i++) expect((await getOnce(nginx.url + path)).status, path).toBe(200);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAt(page, nginx.url, "coordinator@example.org");
    await page.goto(`${nginx.url}/en/coordinate/routes/${SLUG}`);
    await setStatus(page, "Closed", reason);
    const savedAt = Date.now();
    await context.close();
    // The new status's own alert: an address no one held before the write.
    const [event] = await db.sql<{ id: string }[]>`
      select e.id from route_status_events e join routes r on r.id = e.route_id where r.slug = ${SLUG} order by e.created_at desc limit 1`;
    watched.cap = OUTPUTS.cap.path(event!.id);

    const reachedAfter: Record<string, number> = {};
    await Promise.all(
      Object.entries(watched).map(async ([name, path]) => {
        while (Date.now() - savedAt < WRITE_BOUND_MS + 10_000) {
          const answer = await getOnce(nginx.url + path);
          // The CAP index names the new alert by its address (its entries carry no reason).
          const mark = name === "capIndex" ? `${watched.cap}` : reason;
          if (answer.status === 200 && answer.body.includes(mark)) {
            reachedAfter[name] = answer.sentAt - savedAt;
            return;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
        reachedAfter[name] = Infinity;
      }),
    );
    console.log(`[freshness-bound] ms from the write to each output through nginx: ${JSON.stringify(reachedAfter)}`);
    for (const [name, ms] of Object.entries(reachedAfter)) expect(ms, `${name}: ms until the change shows through nginx`).toBeLessThanOrEqual(WRITE_BOUND_MS);
  });

  // Through nginx, which counts a copy's lifetime in whole seconds: every max-age given before a
  // next change is one second short of it (lib/next-change.ts secondsBeforeChange), else nginx
  // served the API and the route page as fresh for up to a second past the edge.
  test("nothing is served as fresh after the status's freshUntil", async () => {
    // The route's statuses shifted back in time, order kept, so the newest goes stale in 30 s (the
    // shift itself takes up to the write bound to show).
    await db.sql`
      with r as (select id, freshness_window_hours as hours from routes where slug = ${SLUG}),
           newest as (select max(confirmed_at) as at from route_status_events where route_id = (select id from r))
      update route_status_events
         set confirmed_at = confirmed_at - ((select at from newest) - (now() - make_interval(hours => (select hours from r)) + interval '30 seconds'))
       where route_id = (select id from r)`;
    // The route's own copy of its newest status (what the public reads take).
    await db.sql`update routes set status_confirmed_at = (select max(confirmed_at) from route_status_events e where e.route_id = routes.id) where slug = ${SLUG}`;
    const newest = await db.sql<{ id: string }[]>`
      select e.id from route_status_events e join routes r on r.id = e.route_id where r.slug = ${SLUG} order by e.confirmed_at desc limit 1`;
    const eventId = newest[0]!.id;

    // The change reaches the API (the write bound above); its freshUntil is the edge.
    let freshUntil = NaN;
    await expect
      .poll(async () => {
        const route = apiRoute((await getOnce(nginx.url + OUTPUTS.api.path)).body);
        freshUntil = Date.parse(route?.freshUntil ?? "");
        return route?.fresh === true && freshUntil - Date.now() < 31_000;
      }, { timeout: WRITE_BOUND_MS + 5_000 })
      .toBe(true);
    expect(freshUntil - Date.now(), "time left to watch the edge").toBeGreaterThan(0);

    type Seen = { freshBefore: number; freshAfter: { sentAt: number; cache: unknown; cacheControl: unknown; nextChange: unknown; date: unknown }[]; staleAfter: number };
    const seen: Record<string, Seen> = {};
    await Promise.all(
      Object.entries(OUTPUTS).map(async ([name, output]) => {
        const record: Seen = { freshBefore: 0, freshAfter: [], staleAfter: 0 };
        seen[name] = record;
        while (Date.now() < freshUntil + 12_000) {
          const answer = await getOnce(nginx.url + pathOf(output, eventId));
          expect(answer.status, `${name} at ${answer.sentAt - freshUntil} ms from freshUntil`).toBe(200);
          const fresh = output.fresh(answer.body, eventId, answer.sentAt);
          if (answer.sentAt <= freshUntil - 1_000 && fresh) record.freshBefore++;
          if (answer.sentAt > freshUntil + EDGE_MS) {
            if (fresh) {
              const h = answer.headers;
              record.freshAfter.push({ sentAt: answer.sentAt - freshUntil, cache: h["x-corridor-shared-cache"], cacheControl: h["cache-control"], nextChange: h["x-corridor-next-change"], date: h.date });
            }
            else record.staleAfter++;
          }
          await new Promise((r) => setTimeout(r, 150));
        }
      }),
    );
    console.log(`[freshness-bound] around freshUntil: ${JSON.stringify(Object.fromEntries(Object.entries(seen).map(([n, s]) => [n, { freshBefore: s.freshBefore, freshAfter: s.freshAfter.length, staleAfter: s.staleAfter }])))}`);
    for (const [name, record] of Object.entries(seen)) {
      // It was watched while fresh and after: the check could have failed.
      expect(record.freshBefore, `${name}: answers seen fresh before freshUntil`).toBeGreaterThan(0);
      expect(record.staleAfter, `${name}: answers seen after freshUntil`).toBeGreaterThan(10);
      expect(record.freshAfter, `${name}: answered as fresh after freshUntil (ms after, nginx's cache status, the stored answer's headers)`).toEqual([]);
    }
  });
});
