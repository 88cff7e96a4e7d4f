import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createDatabase, DatabaseRelay, freePort, signInAt, skipUnlessPostgres, startInstance, type Instance } from "./fixtures/instances";
import { startNginx, skipUnlessNginx, type Nginx } from "./fixtures/nginx";
import { setStatus } from "./fixtures/workspace";

// nginx from Debian's package as the caching reverse proxy in front of two app instances on one
// PostgreSQL database, run with the shipped deploy/nginx.conf (only its "SET" values replaced:
// ports, paths; scripts/nginx-config.ts). Shows: residents' pages are stored and shared, and a status change shows through
// nginx within the copy's max-age + 1 s; staff pages, sign-in and anything with a session cookie
// are never stored; with the database cut (a relay, never the machine's PostgreSQL) residents
// still get the last copy, marked; with no instance answering, nginx's copy carries nginx's own
// notice; X-Forwarded-For / -Host are nginx's, not the client's (TRUSTED_PROXY_HOPS=1).
// Skipped, saying so, when nginx or PostgreSQL is missing (.ci/run installs both).

const ROUTE = "/en/routes/lysychansk-bakhmut";
const TOWN = "/en/towns/lysychansk";
const UK_TOWN = "/uk/towns/lysychansk";
const APP_STALE_NOTICE = "This page could not be refreshed just now. It shows the information as of";
const NGINX_STALE_NOTICE = "This copy of the page could not be refreshed just now and may be out of date.";

/** Every file nginx's cache holds, as text (its header block and the body as stored). */
function cachedFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => fs.readFileSync(path.join(e.parentPath, e.name), "latin1"));
}

/** One GET on a connection of its own: status, headers, body, and when the answer's headers came. */
function getOnce(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; sentAt: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        const sentAt = Date.now();
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentAt }));
      })
      .on("error", reject);
  });
}

const maxAgeOf = (response: Response) => Number(/max-age=(\d+)/.exec(response.headers.get("cache-control") ?? "")?.[1] ?? NaN);
const sharedStatus = (response: Response) => response.headers.get("x-corridor-shared-cache");

test.describe("behind nginx (deploy/nginx.conf)", () => {
  test.describe.configure({ mode: "serial" });
  test.setTimeout(180_000);

  let db: Awaited<ReturnType<typeof createDatabase>>;
  let relay: DatabaseRelay;
  let instances: Instance[] = [];
  let nginx: Nginx;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    skipUnlessNginx("e2e/nginx-cache.spec.ts");
    await skipUnlessPostgres("e2e/nginx-cache.spec.ts (two instances on one database behind nginx)");
    db = await createDatabase();
    relay = new DatabaseRelay(await freePort(), db.url);
    await relay.start();
    const secret = crypto.randomBytes(32).toString("base64url");
    const ports = [await freePort(), await freePort()];
    // nginx is one trusted hop: the instances take the client's address from its X-Forwarded-For.
    // The child processes copy the environment when they are spawned, synchronously.
    const before = process.env.TRUSTED_PROXY_HOPS;
    process.env.TRUSTED_PROXY_HOPS = "1";
    const starting = ports.map((port) => startInstance(port, relay.urlFor(db.url), secret));
    if (before === undefined) delete process.env.TRUSTED_PROXY_HOPS;
    else process.env.TRUSTED_PROXY_HOPS = before;
    instances = await Promise.all(starting);
    nginx = await startNginx(ports);
  });
  test.afterAll(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.stop()));
    await relay?.stop();
    await db?.drop();
  });

  test("residents' pages are stored and shared, and revalidated with their ETag", async () => {
    const first = await fetch(nginx.url + TOWN);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+, stale-if-error=\d+$/);
    expect(maxAgeOf(first)).toBeLessThanOrEqual(10);
    expect(first.headers.get("content-security-policy")).not.toContain("nonce-");
    expect(await first.text()).toContain("Lysychansk");
    const second = await fetch(nginx.url + TOWN);
    expect(sharedStatus(second)).toBe("HIT");
    // nginx compresses for the client itself, and says the answer varies with it.
    const gzipped = await fetch(nginx.url + TOWN, { headers: { "accept-encoding": "gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.headers.get("vary")).toMatch(/Accept-Encoding/i);
    // One copy for every client, whatever Accept-Encoding it sends (none, here): the copy nginx
    // serves when no instance answers must be there for every resident's browser.
    expect(sharedStatus(gzipped)).toBe("HIT");
    const plain = await getOnce(nginx.url + TOWN);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["x-corridor-shared-cache"]).toBe("HIT");

    // Past its max-age and its stale-while-revalidate (within which nginx answers the old copy
    // and refreshes it in the background), nginx asks the app again with the ETag, and the app
    // answers 304 while the page is unchanged. The page changes at the turn of a minute ("generated
    // at"): then nginx gets a new copy (EXPIRED), and the next try is a revalidation.
    let outcome: string | null = null;
    for (let attempt = 0; attempt < 4 && outcome !== "REVALIDATED"; attempt++) {
      const held = await fetch(nginx.url + TOWN);
      const [maxAge, swr] = [...(held.headers.get("cache-control") ?? "").matchAll(/=(\d+)/g)].map((m) => Number(m[1]));
      await new Promise((r) => setTimeout(r, (maxAge! + swr! + 1.5) * 1000));
      outcome = sharedStatus(await fetch(nginx.url + TOWN));
      expect(["REVALIDATED", "EXPIRED"]).toContain(outcome);
    }
    expect(outcome).toBe("REVALIDATED");
  });

  test("a status change shows through nginx within the copy's max-age + 1 s", async ({ browser }) => {
    // nginx holds the page (its copy's max-age is what may still be served after the change).
    await fetch(nginx.url + ROUTE);
    const held = await fetch(nginx.url + ROUTE);
    expect(sharedStatus(held)).toBe("HIT");
    const maxAge = maxAgeOf(held);
    const reason = `Convoy turned back at Siversk ${crypto.randomBytes(3).toString("hex")}`;
    // Signed in and the server action posted through nginx: its X-Forwarded-Host is this host.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAt(page, nginx.url, "coordinator@example.org");
    await page.goto(`${nginx.url}/en/coordinate/routes/lysychansk-bakhmut`);
    await setStatus(page, "Closed", reason);
    const savedAt = Date.now();
    let seenAfter = Infinity;
    while (Date.now() - savedAt < 20_000) {
      if ((await (await fetch(nginx.url + ROUTE)).text()).includes(reason)) {
        seenAfter = Date.now() - savedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seenAfter, `ms until nginx shows the change (its copy had max-age=${maxAge})`).toBeLessThanOrEqual(maxAge * 1000 + 1000);

    // Nothing of the signed-in visit was stored: staff pages, sign-in, and even a public page
    // asked for with the session cookie.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    expect(cookie).toContain("authjs.session-token=");
    for (let i = 0; i < 2; i++) {
      const staff = await fetch(`${nginx.url}/en/coordinate`, { headers: { cookie } });
      expect(staff.status).toBe(200);
      expect(staff.headers.get("cache-control")).toMatch(/no-store/);
      expect(sharedStatus(staff)).toBe("BYPASS");
      const login = await fetch(`${nginx.url}/en/login`);
      expect(sharedStatus(login)).toBe("BYPASS");
      expect(login.headers.get("cache-control")).toMatch(/no-store/);
    }
    const withSession = await fetch(`${nginx.url}/en/towns/kreminna`, { headers: { cookie } });
    expect(sharedStatus(withSession)).toBe("BYPASS");
    // Not stored by that visit: the first anonymous request is a miss.
    expect(sharedStatus(await fetch(`${nginx.url}/en/towns/kreminna`))).toBe("MISS");
    const stored = cachedFiles(nginx.cacheDir);
    expect(stored.length).toBeGreaterThan(0);
    for (const file of stored) {
      expect(file).not.toMatch(/set-cookie/i);
      expect(file).not.toContain("coordinator@example.org");
      expect(file).not.toMatch(/\nKEY: [^\n]*\/(en|uk|ru)\/(coordinate|admin|login)/);
    }
    await context.close();
  });

  test("X-Forwarded-For and X-Forwarded-Host are nginx's own, never the client's", async () => {
    // A failed sign-in through nginx with a forged X-Forwarded-For counts against the address
    // nginx saw (TRUSTED_PROXY_HOPS=1), not the one the client made up.
    await db.sql`delete from login_limits`;
    const csrf = await fetch(`${nginx.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const forged = "203.0.113.9";
    const attempt = await fetch(`${nginx.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": forged, "x-real-ip": forged, forwarded: `for=${forged}` },
      body: new URLSearchParams({ csrfToken, email: "coordinator@example.org", password: "not the password" }),
    });
    expect(attempt.status).toBeLessThan(500);
    const keys = (await db.sql<{ key: string }[]>`select key from login_limits`).map((r) => r.key);
    expect(keys.some((k) => k.startsWith("address") && k.includes("127.0.0.1")), keys.join(", ")).toBe(true);
    expect(keys.some((k) => k.includes(forged)), keys.join(", ")).toBe(false);
    // The page's alternates never name the host the client says (Next's server-action origin
    // check trusts the same header; the signed-in update above went through nginx): with no
    // AUTH_URL they link by path.
    const forgedHost = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
    const login = await fetch(`${nginx.url}/en/login`, { headers: forgedHost });
    expect(login.headers.get("link")).toContain(`</uk/login>`);
    expect(login.headers.get("link")).not.toContain("evil.example");
    expect(login.headers.get("strict-transport-security")).toBeNull();
    expect(await (await fetch(`${nginx.url}/feeds/status.atom`, { headers: forgedHost })).text()).not.toContain("evil.example");
  });

  test("database cut: residents still get the last copy through nginx, unmarked only while it may be fresh", async () => {
    // No render succeeds once the database is cut, so every copy was rendered before: fresh in the
    // app until at most 10 s after, and in nginx until then plus its stale-while-revalidate (≤ its
    // max-age ≤ 10 s). After that, every answer must say it could not be refreshed.
    const unmarkedAtMost = 20_000;
    const held = await fetch(nginx.url + TOWN);
    expect(held.status).toBe(200);
    const cutAt = Date.now();
    await relay.stop();
    try {
      // Every answer is still the page; the app's stale answers are no-store, never stored.
      let last = "";
      while (Date.now() - cutAt < unmarkedAtMost + 3000) {
        // A connection per request: nginx holds a kept-alive connection until its background
        // refresh of the page is over, and the app's renders wait on the dead database.
        const response = await getOnce(nginx.url + TOWN);
        expect(response.status).toBe(200);
        expect(response.body).toContain("Lysychansk");
        const marked = response.body.includes(APP_STALE_NOTICE) || response.body.includes(NGINX_STALE_NOTICE);
        if (response.body.includes(APP_STALE_NOTICE)) expect(response.headers["cache-control"]).toBe("no-store");
        if (!marked) expect(response.sentAt - cutAt, `an unmarked copy (${response.headers["x-corridor-shared-cache"]})`).toBeLessThanOrEqual(unmarkedAtMost + 1000);
        last = response.body;
        await new Promise((r) => setTimeout(r, 250));
      }
      // The app's notice, or nginx's if the app did not answer in time (proxy_read_timeout).
      expect(last.includes(APP_STALE_NOTICE) || last.includes(NGINX_STALE_NOTICE)).toBe(true);
      // An address no one holds a copy of gets the app's own 503, however often it is asked (a
      // 503 is no instance failure to nginx), and never nginx's bare 502; meanwhile the
      // instances still answer what they hold.
      for (let i = 0; i < 8; i++) {
        const uncopied = await getOnce(`${nginx.url}/ru/towns/kreminna`);
        expect(uncopied.status).toBe(503);
        expect(uncopied.headers["retry-after"]).toMatch(/^\d+$/);
        expect(uncopied.body).toContain('lang="ru"');
      }
      expect((await getOnce(nginx.url + TOWN)).status).toBe(200);
    } finally {
      await relay.start();
    }
  });

  test("no instance answers: nginx serves its last copy with its own notice", async () => {
    // nginx holds a fresh copy of each address first (a HIT proves it is stored), the database
    // being back: an instance whose circuit breaker is still open answers an address it holds no
    // copy of with 503, and then nginx has no copy to fall back on.
    for (const address of [TOWN, UK_TOWN]) {
      await expect
        .poll(async () => {
          const response = await getOnce(nginx.url + address);
          const marked = response.body.includes(APP_STALE_NOTICE) || response.body.includes('class="stale-notice"');
          return `${response.status} ${response.headers["x-corridor-shared-cache"]} ${marked ? "marked" : "unmarked"}`;
        }, { timeout: 30_000 })
        .toBe("200 HIT unmarked");
    }
    await Promise.all(instances.map((i) => i.stop()));
    instances = [];
    const stoppedAt = Date.now();
    // The bound the docs state: a copy nginx holds is answered unmarked only within its max-age
    // and stale-while-revalidate (each at most 10 s, in whole seconds) after it was stored, and
    // every copy was stored before the instances stopped. After that, nginx's notice, in the
    // page's own language, at the top of its main content.
    const unmarkedAtMost = 20_000 + 1000;
    const notices = {
      [TOWN]: (body: string) => body.includes(NGINX_STALE_NOTICE),
      [UK_TOWN]: (body: string) => /<main id="main"><p role="alert" class="stale-notice"[^>]*>Цю копію сторінки/.test(body),
    };
    const marked = new Set<string>();
    while (marked.size < Object.keys(notices).length && Date.now() - stoppedAt < unmarkedAtMost + 5000) {
      for (const [address, hasNotice] of Object.entries(notices)) {
        const response = await getOnce(nginx.url + address);
        expect(response.status, address).toBe(200);
        expect(response.body).toContain("lysychansk");
        const status = response.headers["x-corridor-shared-cache"];
        if (hasNotice(response.body)) {
          expect(status, address).toBe("STALE");
          marked.add(address);
        } else {
          expect(["HIT", "UPDATING"], `${address}: an unmarked answer is a copy that may still be fresh`).toContain(status);
          expect(response.sentAt - stoppedAt, `${address}: unmarked ${status} copy`).toBeLessThanOrEqual(unmarkedAtMost);
        }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect([...marked].sort()).toEqual(Object.keys(notices).sort());
    // The API and feeds, where nginx holds no copy: the problem document, never nginx's 502 page.
    for (const address of ["/api/v1/routes?status=closed", "/feeds/cap.atom?lang=ru"]) {
      const response = await getOnce(nginx.url + address);
      expect(response.status, address).toBe(503);
      expect(response.headers["content-type"], address).toBe("application/problem+json");
      expect(response.headers["retry-after"], address).toBe("30");
      expect(JSON.parse(response.body), address).toMatchObject({ type: "/api/v1/problems/unavailable", status: 503, instance: address });
    }
  });
});
