import { describe, expect, it } from "vitest";
import { freshFor, FRESH_MS, publicCacheKey, SETTLING_FRESH_MS, sharedCacheControl } from "./policy";
import type { CachedAnswer } from "./response-cache";
import { sharedCacheControlOf } from "./shared-cache";

const get = (url: string, headers: Record<string, string> = {}) => publicCacheKey({ method: "GET", url, headers });

describe("publicCacheKey", () => {
  it("answers residents' pages, the language-prefixed lite pages, the public API and feeds", () => {
    for (const url of ["/en", "/uk/towns/lysychansk", "/ru/routes/kreminna-sloviansk", "/en/lite", "/en/lite/towns/lysychansk", "/api/v1/routes", "/api/v1/incidents.geojson", "/feeds/status.atom"]) {
      expect(get(url), url).not.toBeNull();
    }
  });

  it("never answers staff pages, sign-in, exports, actions or Accept-Language-dependent pages", () => {
    for (const url of ["/en/coordinate", "/en/admin/incidents", "/en/login", "/api/admin/exports/incidents.csv", "/api/auth/session", "/lite", "/lite/towns/lysychansk", "/"]) {
      expect(get(url), url).toBeNull();
    }
    expect(publicCacheKey({ method: "POST", url: "/en", headers: {} })).toBeNull();
  });

  it("leaves client-side navigations (RSC payloads) to Next", () => {
    expect(get("/en/towns/lysychansk", { rsc: "1" })).toBeNull();
    expect(get("/en/towns/lysychansk?_rsc=abc")).toBeNull();
  });

  it("one entry per query (order aside) and per protocol", () => {
    expect(get("/en?b=2&a=1")).toBe(get("/en?a=1&b=2"));
    expect(get("/en?q=Rubizhne")).not.toBe(get("/en?q=Kreminna"));
    expect(get("/en", { "x-forwarded-proto": "https" })).not.toBe(get("/en"));
  });

  it("one entry per host, so a forged Host cannot put its links into everyone's answer", () => {
    expect(get("/feeds/status.atom", { host: "evil.example" })).not.toBe(get("/feeds/status.atom", { host: "corridor.example" }));
    expect(get("/en", { host: "Corridor.Example" })).toBe(get("/en", { host: "corridor.example" }));
    expect(get("/feeds/status.atom", { host: "corridor.example", "x-forwarded-host": "evil.example" })).not.toBe(get("/feeds/status.atom", { host: "corridor.example" }));
  });
});

describe("freshFor", () => {
  it("keeps an answer rendered right after a change only briefly", () => {
    expect(freshFor(10_000, 9_500)).toBe(SETTLING_FRESH_MS);
    expect(freshFor(10_000, 1_000)).toBe(FRESH_MS);
  });
});

describe("freshFor and the next time-based change", () => {
  it("never keeps an answer past the page's next change", () => {
    expect(freshFor(10_000, 1_000, 13_500)).toBe(3_500);
    expect(freshFor(10_000, 1_000, 60_000)).toBe(FRESH_MS);
    expect(freshFor(10_000, 9_500, 10_400)).toBe(400);
    expect(freshFor(10_000, 1_000, 9_000)).toBe(0);
  });
});

describe("sharedCacheControl", () => {
  // A fixed clock: the answer is sent at `now`, its in-app copy is fresh until `freshUntil`.
  const now = Date.parse("2026-12-03T12:00:00Z");
  const parse = (header: string) => {
    expect(header).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+, stale-if-error=\d+$/);
    const [r, s, e] = [...header.matchAll(/=(\d+)/g)].map((m) => Number(m[1]));
    return { r: r!, s: s!, e: e! };
  };

  it("gives what is left of the in-app copy, so both ages together stay within 10 s", () => {
    expect(sharedCacheControl({ now, freshUntil: now + 10_000, nextChange: null })).toBe("public, max-age=10, stale-while-revalidate=10, stale-if-error=30");
    expect(sharedCacheControl({ now, freshUntil: now + 6_700, nextChange: null })).toBe("public, max-age=6, stale-while-revalidate=6, stale-if-error=30");
    expect(sharedCacheControl({ now, freshUntil: now - 1, nextChange: null })).toBe("public, max-age=0, stale-while-revalidate=0, stale-if-error=30");
  });

  it("ends max-age, stale-while-revalidate and stale-if-error before the page's next change", () => {
    // One second short of the change, for caches that count in whole seconds.
    expect(sharedCacheControl({ now, freshUntil: now + 10_000, nextChange: now + 14_000 })).toBe("public, max-age=10, stale-while-revalidate=3, stale-if-error=3");
    expect(sharedCacheControl({ now, freshUntil: now + 10_000, nextChange: now + 4_200 })).toBe("public, max-age=3, stale-while-revalidate=0, stale-if-error=0");
    expect(sharedCacheControl({ now, freshUntil: now + 10_000, nextChange: now + 300 })).toBe("public, max-age=0, stale-while-revalidate=0, stale-if-error=0");
  });

  it("for every age and next change: nothing an RFC 5861 cache serves outlives the change, and S ≤ R ≤ 10", () => {
    for (let left = -1_000; left <= 10_000; left += 500) {
      for (let change = 0; change <= 45_000; change += 250) {
        const { r, s, e } = parse(sharedCacheControl({ now, freshUntil: now + left, nextChange: now + change }));
        expect(r).toBeLessThanOrEqual(10);
        expect(r * 1000).toBeLessThanOrEqual(Math.max(0, left));
        expect(s).toBeLessThanOrEqual(r);
        // Received at `now`: fresh until now + r, then served stale for at most max(s, e) more.
        expect(now + (r + Math.max(s, e)) * 1000).toBeLessThanOrEqual(now + change);
      }
    }
  });
});

/**
 * How nginx keeps a copy (ngx_http_upstream.c, ngx_http_file_cache.c): in whole seconds,
 * `valid_sec = now_s + max-age`, served fresh while `valid_sec >= now_s`, stale while updating
 * while `valid_sec + swr >= now_s`, stale on error while `valid_sec + sie >= now_s`; max-age=0 is
 * not stored. Returns the first millisecond at which it no longer serves the copy at all.
 */
function nginxServesUntil(receivedAt: number, header: string): number {
  const n = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(header)?.[1] ?? 0);
  const maxAge = n("max-age");
  if (maxAge === 0) return receivedAt;
  const validSec = Math.floor(receivedAt / 1000) + maxAge;
  return (validSec + Math.max(n("stale-while-revalidate"), n("stale-if-error")) + 1) * 1000;
}

describe("a cache counting whole seconds (nginx) never serves an answer past its next change", () => {
  const base = Date.parse("2026-12-03T12:00:00Z");
  it("for residents' pages and for the API, feeds and lite pages, at every millisecond offset", () => {
    for (let sent = base; sent < base + 2_000; sent += 37) {
      for (let change = 0; change <= 25_000; change += 113) {
        const nextChange = sent + change;
        const page = sharedCacheControl({ now: sent, freshUntil: sent + 10_000, nextChange });
        const other = sharedCacheControlOf({ status: 200, residentPage: false, freshUntil: sent + 10_000, nextChange } as unknown as CachedAnswer, "MISS", sent)!;
        // Received a few milliseconds after it was sent.
        for (const received of [sent, sent + 5]) {
          expect(nginxServesUntil(received, page), `page ${page} sent ${sent - base} ms, change after ${change} ms`).toBeLessThanOrEqual(nextChange + 5);
          expect(nginxServesUntil(received, other), `other ${other} sent ${sent - base} ms, change after ${change} ms`).toBeLessThanOrEqual(nextChange + 5);
        }
      }
    }
  });
});

describe("sharedCacheControlOf: the API, feeds and lite pages", () => {
  const now = Date.parse("2026-12-03T12:00:00Z");
  const answer = (freshUntil: number, nextChange: number | null) => ({ status: 200, residentPage: false, freshUntil, nextChange }) as unknown as CachedAnswer;
  it("never longer than what is left of the copy's freshness, nor past the next change, and nothing stale", () => {
    expect(sharedCacheControlOf(answer(now + 10_000, null), "MISS", now)).toBe("public, max-age=10");
    expect(sharedCacheControlOf(answer(now + 6_500, null), "HIT", now)).toBe("public, max-age=6");
    expect(sharedCacheControlOf(answer(now + 10_000, now + 4_500), "HIT", now)).toBe("public, max-age=3");
    expect(sharedCacheControlOf(answer(now + 10_000, now + 1_999), "HIT", now)).toBe("public, max-age=0");
    expect(sharedCacheControlOf(answer(now - 1, null), "HIT", now)).toBe("public, max-age=0");
  });
  it("leaves a stale copy's and a bypassed answer's own header alone", () => {
    expect(sharedCacheControlOf(answer(now + 10_000, null), "STALE", now)).toBeNull();
    expect(sharedCacheControlOf(answer(now + 10_000, null), "BYPASS", now)).toBeNull();
  });
});
