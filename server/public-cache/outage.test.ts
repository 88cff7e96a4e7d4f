import http from "node:http";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { publicCacheHooks } from "./hooks";
import { isStaffDocumentRequest } from "./outage";
import { closeCacheServers, page, serveThroughCache as serve } from "./testing";

// The cache in front of a stand-in for Next's handler, over real HTTP, with a stand-in for the
// database circuit breaker (db/circuit-breaker.ts) registered on the hooks as the app does.
let down = false;
let listeners = new Set<() => void>();
function setDown(value: boolean) {
  down = value;
  if (value) for (const listener of [...listeners]) listener();
}

beforeEach(() => {
  down = false;
  listeners = new Set();
  publicCacheHooks().readVersion = async () => {
    if (down) throw Object.assign(new Error("refused"), { code: "DATABASE_CIRCUIT_OPEN" });
    return "1:true";
  };
  publicCacheHooks().database = {
    isUnavailable: () => down,
    onUnavailable: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
});
afterEach(() => {
  closeCacheServers();
  delete publicCacheHooks().database;
});


describe("the public cache while the database is known to be down", () => {
  it("answers from the copy and gives the 503 without rendering at all", async () => {
    let renders = 0;
    const base = await serve(async (_req, res) => {
      renders++;
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(page("Lysychansk → Bakhmut: open"));
    });
    await fetch(`${base}/en/towns/lysychansk`);
    expect(renders).toBe(1);
    setDown(true);
    // Still within its 10 s: the copy as it is.
    const fresh = await fetch(`${base}/en/towns/lysychansk`);
    expect(fresh.headers.get("x-corridor-cache")).toBe("HIT");
    // A data change seen before the outage expires the copy; it is then served marked stale.
    publicCacheHooks().invalidate!();
    const stale = await fetch(`${base}/en/towns/lysychansk`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get("x-corridor-cache")).toBe("STALE");
    expect(await stale.text()).toContain("This page could not be refreshed just now");
    const never = await fetch(`${base}/uk/towns/rubizhne`);
    expect(never.status).toBe(503);
    expect(never.headers.get("retry-after")).toBe("30");
    expect(await never.text()).toContain("Тимчасово недоступно");
    const api = await fetch(`${base}/api/v1/routes`);
    expect(api.status).toBe(503);
    expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(api.headers.get("access-control-allow-origin")).toBe("*");
    expect(await api.json()).toMatchObject({ type: "/api/v1/problems/unavailable", status: 503, detail: expect.stringContaining("Temporarily unavailable"), instance: "/api/v1/routes" });
    expect(renders).toBe(1);

    // Back: the next request renders fresh again.
    setDown(false);
    const back = await fetch(`${base}/en/towns/lysychansk`);
    expect(back.headers.get("x-corridor-cache")).toBe("MISS");
    expect(renders).toBe(2);
  });

  it("releases the requests waiting on a render with the copy the moment the database is seen down", async () => {
    let renders = 0;
    let hang = false;
    const base = await serve(async (_req, res) => {
      renders++;
      // During the outage the render hangs on its query (as on a dead connection).
      if (hang) return new Promise<void>(() => {});
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(page("the copy"));
    });
    await fetch(`${base}/en`);
    hang = true;
    publicCacheHooks().invalidate!();
    const leader = fetch(`${base}/en`).catch(() => null);
    await new Promise((r) => setTimeout(r, 50));
    const waiters = Array.from({ length: 5 }, () => fetch(`${base}/en`));
    await new Promise((r) => setTimeout(r, 50));
    setDown(true);
    for (const answer of await Promise.all(waiters)) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-corridor-cache")).toBe("STALE");
      expect(await answer.text()).toContain("the copy");
    }
    expect(renders).toBe(2);
    void leader;
  });

  it("a request whose awaited render was abandoned, and whose own render then fails, gets the copy, never a 503", async () => {
    let calls = 0;
    const base = await serve(async (_req, res) => {
      calls++;
      res.setHeader("content-type", "text/html; charset=utf-8");
      if (calls === 1) return void res.end(page("kept"));
      // The leader's render never finishes (its client goes away); the waiter's own one fails.
      if (calls === 2) return new Promise<void>(() => {});
      res.statusCode = 500;
      res.end("");
    });
    await fetch(`${base}/en/routes/lysychansk-bakhmut`);
    publicCacheHooks().invalidate!();
    const abandoned = new AbortController();
    const leader = fetch(`${base}/en/routes/lysychansk-bakhmut`, { signal: abandoned.signal }).catch(() => null);
    // The leader's render has started (a fixed pause was not enough on a loaded machine: the
    // second request arrived first, became the leader and hung).
    await vi.waitFor(() => expect(calls).toBe(2));
    const waiting = fetch(`${base}/en/routes/lysychansk-bakhmut`);
    // Waiting on the leader's render, most likely; arriving after the abort, it renders alone,
    // fails, and must get the copy all the same.
    await new Promise((r) => setTimeout(r, 50));
    abandoned.abort();
    await leader;
    const answer = await waiting;
    expect(calls).toBe(3);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-corridor-cache")).toBe("STALE");
    expect(await answer.text()).toContain("kept");
  });
});

describe("staff pages during an outage", () => {
  it("get a 503 page in their language, in the server HTML, while the breaker is open", async () => {
    let seen = 0;
    const base = await serve(async (_req, res) => {
      seen++;
      res.end("staff");
    });
    setDown(true);
    const answer = await fetch(`${base}/ru/coordinate/routes/lysychansk-bakhmut?x=1`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get("cache-control")).toBe("private, no-store");
    const html = await answer.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain("<h1>Временно недоступно</h1>");
    expect(html).toContain("ничего не сохранено");
    expect(html).toContain('href="/ru/coordinate/routes/lysychansk-bakhmut"');
    expect(seen).toBe(0);
    // A server action is not a page load: it goes to Next, which answers with form state.
    await fetch(`${base}/en/coordinate/routes/lysychansk-bakhmut`, { method: "POST", headers: { "next-action": "abc" }, body: "x" });
    expect(seen).toBe(1);
  });

  it("replace Next's blank 500 when the breaker opened during the render, and leave any other answer alone", async () => {
    let opensDuringRender = true;
    const base = await serve(async (_req, res) => {
      if (opensDuringRender) setDown(true);
      res.statusCode = 500;
      res.setHeader("set-cookie", "authjs.session-token=refreshed");
      res.write("<!DOCTYPE html><html><body>");
      res.end("</body></html>");
    });
    const swapped = await fetch(`${base}/en/admin`);
    expect(swapped.status).toBe(503);
    expect(swapped.headers.get("set-cookie")).toBeNull();
    expect(await swapped.text()).toContain("The database cannot be reached right now, so nothing was saved");

    // A 500 that is not an outage (a bug) is Next's to show.
    setDown(false);
    opensDuringRender = false;
    const bug = await fetch(`${base}/en/admin`);
    expect(bug.status).toBe(500);
    expect(await bug.text()).toBe("<!DOCTYPE html><html><body></body></html>");
  });

  it("tells page loads from client navigations and actions", () => {
    const req = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers }) as unknown as http.IncomingMessage;
    expect(isStaffDocumentRequest(req("GET", "/en/coordinate"))).toBe(true);
    expect(isStaffDocumentRequest(req("HEAD", "/uk/admin/users"))).toBe(true);
    expect(isStaffDocumentRequest(req("GET", "/en/coordinate", { rsc: "1" }))).toBe(false);
    expect(isStaffDocumentRequest(req("POST", "/en/coordinate"))).toBe(false);
    expect(isStaffDocumentRequest(req("GET", "/en/coordinates"))).toBe(false);
    expect(isStaffDocumentRequest(req("GET", "/en/login"))).toBe(false);
  });
});
