import { afterEach, describe, expect, it } from "vitest";
import { publicJson } from "@/server/http/public-response";
import { publicCacheHooks } from "./hooks";
import { reportNextChange } from "./render-report";
import { mayConfirmCopy } from "./shared-cache";
import { closeCacheServers, page, serveThroughCache as serve } from "./testing";

// The cache in front of a stand-in for Next's handler, over real HTTP.
afterEach(() => closeCacheServers());


describe("withPublicCache", () => {
  it("answers conditional requests as RFC 9110 says: weak tags, lists and * match, from fetch() too", async () => {
    publicCacheHooks().readVersion = async () => "1:true";
    let renders = 0;
    const base = await serve(async (req, res) => {
      renders++;
      // The handler never sees the client's validators: it renders the full answer for everyone.
      expect(req.headers["if-none-match"]).toBeUndefined();
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.setHeader("etag", '"abc"');
      res.end('{"routes":[]}');
    });
    const url = `${base}/api/v1/routes`;
    const first = await fetch(url, { headers: { "if-none-match": '"abc"' } });
    expect(first.status).toBe(304);
    for (const tag of ['"abc"', 'W/"abc"', '"x", W/"abc"', "*"]) expect((await fetch(url, { headers: { "if-none-match": tag } })).status, tag).toBe(304);
    expect((await fetch(url, { headers: { "if-none-match": '"other"' } })).status).toBe(200);
    // fetch() sends Cache-Control: no-cache with any If-None-Match it is given; still a 304.
    expect((await fetch(url, { headers: { "if-none-match": '"abc"', "cache-control": "no-cache" } })).status).toBe(304);
    expect(await (await fetch(url)).text()).toBe('{"routes":[]}');
    expect(renders).toBe(1);
  });

  it("renders once for many simultaneous requests, then answers from memory until the data changes", async () => {
    let version = "1:true";
    publicCacheHooks().readVersion = async () => version;
    let renders = 0;
    const base = await serve(async (_req, res) => {
      renders++;
      await new Promise((r) => setTimeout(r, 50));
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.setHeader("set-cookie", "NEXT_LOCALE=en; Path=/");
      res.end(page(`render ${renders}`));
    });
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/en/towns/lysychansk`)));
    expect(renders).toBe(1);
    expect(new Set(await Promise.all(answers.map((a) => a.text())))).toEqual(new Set([page("render 1")]));
    const again = await fetch(`${base}/en/towns/lysychansk`);
    expect(again.headers.get("x-corridor-cache")).toBe("HIT");
    // Shared answers never carry a cookie.
    expect(again.headers.get("set-cookie")).toBeNull();
    version = "2:true";
    publicCacheHooks().invalidate!();
    expect(await (await fetch(`${base}/en/towns/lysychansk`)).text()).toBe(page("render 2"));
  });

  it("serves the last answer marked with its time when a render fails, and a 503 when there is none", async () => {
    publicCacheHooks().readVersion = async () => "1:true";
    let failing = false;
    const base = await serve(async (req, res) => {
      const api = req.url!.startsWith("/api/");
      res.statusCode = failing ? 500 : 200;
      res.setHeader("content-type", api ? "application/json" : "text/html; charset=utf-8");
      res.end(failing ? "Internal Server Error" : api ? '{"routes":[]}' : page("Lysychansk → Bakhmut: open"));
    });
    const fresh = await fetch(`${base}/en/towns/lysychansk`);
    const freshApi = await fetch(`${base}/api/v1/routes`);
    expect(freshApi.headers.get("x-corridor-stale-since")).toBeNull();
    failing = true;
    publicCacheHooks().invalidate!();
    // Revalidating the fresh copy's tag (nginx's proxy_cache_revalidate) gets the stale copy, never
    // a 304 that would make a cache's old copy fresh again; and no tag, no shared Cache-Control.
    expect(fresh.headers.get("etag")).toMatch(/^"/);
    const stale = await fetch(`${base}/en/towns/lysychansk`, { headers: { "if-none-match": fresh.headers.get("etag")! } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get("x-corridor-cache")).toBe("STALE");
    expect(stale.headers.get("etag")).toBeNull();
    expect(stale.headers.get("cache-control")).toBe("no-store");
    const html = await stale.text();
    expect(html).toContain("Lysychansk → Bakhmut: open");
    expect(html).toContain("This page could not be refreshed just now");
    expect(Date.parse(stale.headers.get("x-corridor-stale-since")!)).toBeLessThanOrEqual(Date.now());
    // JSON and XML carry no notice in their text: the header is their mark.
    const staleApi = await fetch(`${base}/api/v1/routes`);
    expect(staleApi.headers.get("x-corridor-cache")).toBe("STALE");
    expect(await staleApi.text()).toBe('{"routes":[]}');
    expect(Date.parse(staleApi.headers.get("x-corridor-stale-since")!)).toBeLessThanOrEqual(Date.now());
    expect(staleApi.headers.get("cache-control")).toBe("no-store");
    const none = await fetch(`${base}/en/towns/rubizhne`);
    expect(none.status).toBe(503);
    expect(await none.text()).toContain("Temporarily unavailable");
  });

  it("a residents' page: hashed policy from the final HTML, shared Cache-Control until the next change, Next's Vary kept", async () => {
    publicCacheHooks().readVersion = async () => "1:true";
    const nextChange = new Date(Date.now() + 4_500).toISOString();
    const base = await serve(async (req, res) => {
      if (req.url!.startsWith("/api/")) {
        res.setHeader("content-type", "application/json; charset=utf-8");
        res.setHeader("cache-control", "public, max-age=30");
        res.end("{}");
        return;
      }
      // Nothing in the request tells Next how it is rendered: the address decides the policy.
      expect(Object.keys(req.headers).filter((name) => name.startsWith("x-corridor"))).toEqual([]);
      // Reported the way a page does, after an await (a database read), not as a header or markup.
      await new Promise((r) => setTimeout(r, 5));
      reportNextChange(new Date(nextChange));
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.setHeader("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self'");
      res.setHeader("cache-control", "private, no-cache, no-store, max-age=0, must-revalidate");
      res.setHeader("vary", "rsc, next-router-state-tree");
      res.end(`<html><head><style>main{margin:0}</style></head><body><main id="main">x</main><script>go()</script></body></html>`.padEnd(2048));
    });
    const answer = await fetch(`${base}/en/towns/lysychansk`, { headers: { "accept-encoding": "gzip" } });
    // Next's inline script is taken out of a residents' page (server/public-html) before the
    // policy is made: it allows the inline style that is sent, by hash, and no inline script.
    expect(answer.headers.get("content-security-policy")).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'; style-src-attr/);
    expect(answer.headers.get("x-corridor-next-change")).toBe(nextChange);
    // 4.5 s to the next change: at most 4 s fresh, and nothing stale after the change.
    expect(answer.headers.get("cache-control")).toMatch(/^public, max-age=[34], stale-while-revalidate=[01], stale-if-error=[01]$/);
    expect(answer.headers.get("vary")).toBe("rsc, next-router-state-tree, Accept-Encoding");
    // The gzip body and the plain one are two representations: each has its own tag, and a 304
    // only for the one the client holds.
    const gzipTag = answer.headers.get("etag")!;
    expect(gzipTag).toMatch(/^"[^"]+-gzip"$/);
    const plain = await fetch(`${base}/en/towns/lysychansk`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("etag")).toBe(gzipTag.replace(/-gzip"$/, '"'));
    expect((await fetch(`${base}/en/towns/lysychansk`, { headers: { "accept-encoding": "gzip", "if-none-match": gzipTag } })).status).toBe(304);
    expect((await fetch(`${base}/en/towns/lysychansk`, { headers: { "accept-encoding": "gzip", "if-none-match": plain.headers.get("etag")! } })).status).toBe(200);
    expect(await answer.text()).not.toContain("go()");
    // An answer that does not change by the clock alone: kept by a cache no longer than what is
    // left of this copy's freshness (at most 10 s), whatever the handler said, so that a write
    // reaches every reader within the bound.
    expect((await fetch(`${base}/api/v1/routes`)).headers.get("cache-control")).toMatch(/^public, max-age=(9|10)$/);
  });

  it("a HEAD never changes what a GET gets: first after expiry, the next GET still has the full body", async () => {
    let version = "1:true";
    publicCacheHooks().readVersion = async () => version;
    const bodies: Record<string, { type: string; body: string }> = {
      "/en/towns/lysychansk": { type: "text/html; charset=utf-8", body: page("Lysychansk → Bakhmut: open") },
      "/api/v1/routes": { type: "application/json; charset=utf-8", body: JSON.stringify({ routes: [{ slug: "lysychansk-bakhmut", status: "open" }] }) },
      "/feeds/status.atom": { type: "application/atom+xml; charset=utf-8", body: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Status</title></feed>` },
    };
    const base = await serve(async (req, res) => {
      const { type, body } = bodies[new URL(req.url!, "http://x").pathname]!;
      res.setHeader("content-type", type);
      res.setHeader("etag", `"${body.length}"`);
      // As Next does: a HEAD gets the headers and no body.
      res.end(req.method === "HEAD" ? undefined : body);
    });
    for (const [path, { body }] of Object.entries(bodies)) {
      expect(await (await fetch(`${base}${path}`)).text(), path).toBe(body);
      // The copy expires (the data changed); a HEAD is the first request after that.
      version = `${Number(version.split(":")[0]) + 1}:true`;
      publicCacheHooks().invalidate!();
      const head = await fetch(`${base}${path}`, { method: "HEAD" });
      expect(head.status, path).toBe(200);
      expect(head.headers.get("content-length"), path).toBe(String(Buffer.byteLength(body)));
      for (const again of [await fetch(`${base}${path}`), await fetch(`${base}${path}`, { headers: { "accept-encoding": "identity" } })]) {
        expect(again.headers.get("content-length"), path).toBe(String(Buffer.byteLength(body)));
        expect(await again.text(), path).toBe(body);
      }
    }
  });

  it("an API answer is kept by no cache past the instant what it says changes (a route's freshness ending)", async () => {
    publicCacheHooks().readVersion = async () => "1:true";
    const freshUntil = Date.now() + 3_500;
    const base = await serve(async (req, res) => {
      // As the routes API answers: the route is fresh until freshUntil, and says so.
      const now = Date.now();
      const answer = publicJson(new Request(`http://localhost${req.url}`), { routes: [{ fresh: now < freshUntil }] }, undefined, { nextChange: now < freshUntil ? new Date(freshUntil) : null });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    let hitsBefore = 0;
    while (Date.now() < freshUntil + 500) {
      const asked = Date.now();
      const answer = await fetch(`${base}/api/v1/routes`);
      const { routes } = (await answer.json()) as { routes: { fresh: boolean }[] };
      const maxAge = Number(/max-age=(\d+)/.exec(answer.headers.get("cache-control") ?? "")?.[1]);
      if (routes[0]!.fresh) {
        // Rounded down: a cache that received it when it was asked for drops it by the instant.
        expect(asked + maxAge * 1000, "max-age reaches past the change").toBeLessThanOrEqual(freshUntil);
        if (answer.headers.get("x-corridor-cache") === "HIT") hitsBefore++;
      }
      // Asked for after the instant: never the copy that still says "fresh".
      if (asked > freshUntil) expect(routes[0]!.fresh, "served fresh after its freshness ended").toBe(false);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(hitsBefore).toBeGreaterThan(0);
  });

  it("never confirms a copy with a 304 once no cache may keep it (nginx would keep it for its old max-age)", async () => {
    publicCacheHooks().readVersion = async () => "1:true";
    let nextChange = Date.now() + 60_000;
    const base = await serve(async (req, res) => {
      const answer = publicJson(new Request(`http://localhost${req.url}`), { routes: [{ fresh: true }] }, undefined, { nextChange: new Date(nextChange) });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    const first = await fetch(`${base}/api/v1/routes`);
    const etag = first.headers.get("etag")!;
    // Far from the change: a revalidation is confirmed, with a lifetime.
    const confirmed = await fetch(`${base}/api/v1/routes`, { headers: { "if-none-match": etag } });
    expect(confirmed.status).toBe(304);
    expect(confirmed.headers.get("cache-control")).toMatch(/^public, max-age=[1-9]/);
    // The same data, its next change 1.5 s away (max-age=0): the full answer, which no cache stores.
    nextChange = Date.now() + 1_500;
    publicCacheHooks().readVersion = async () => "2:true";
    let last: Response | null = null;
    for (const until = Date.now() + 4_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      last = await fetch(`${base}/api/v1/routes`, { headers: { "if-none-match": etag } });
      if (last.headers.get("cache-control") === "public, max-age=0") break;
    }
    expect(last!.headers.get("cache-control")).toBe("public, max-age=0");
    expect(last!.status).toBe(200);
    expect(await last!.json()).toEqual({ routes: [{ fresh: true }] });
  });

  it("mayConfirmCopy: only a lifetime over zero lets a 304 refresh a cache's copy", () => {
    expect(mayConfirmCopy("public, max-age=0")).toBe(false);
    expect(mayConfirmCopy("public, max-age=0, stale-while-revalidate=0, stale-if-error=0")).toBe(false);
    expect(mayConfirmCopy("public, max-age=3")).toBe(true);
    expect(mayConfirmCopy("public, max-age=10, stale-while-revalidate=0, stale-if-error=0")).toBe(true);
    expect(mayConfirmCopy(null)).toBe(true);
  });

  it("a render abandoned by its client does not hold the requests waiting on it", async () => {
    publicCacheHooks().readVersion = async () => "1:true";
    let calls = 0;
    const base = await serve(async (_req, res) => {
      calls++;
      // The first render never finishes (its client goes away); later ones answer.
      if (calls === 1) return new Promise<void>(() => {});
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(page("answered"));
    });
    const abandoned = new AbortController();
    const first = fetch(`${base}/en`, { signal: abandoned.signal }).catch(() => null);
    await new Promise((r) => setTimeout(r, 50));
    const waiting = fetch(`${base}/en`);
    await new Promise((r) => setTimeout(r, 50));
    abandoned.abort();
    await first;
    expect(await (await waiting).text()).toBe(page("answered"));
    expect(await (await fetch(`${base}/en`)).text()).toBe(page("answered"));
  });

  it("leaves staff pages to Next untouched", async () => {
    let seen = 0;
    const base = await serve(async (_req, res) => {
      seen++;
      res.end("staff");
    });
    await fetch(`${base}/en/coordinate`);
    await fetch(`${base}/en/coordinate`);
    expect(seen).toBe(2);
  });
});
