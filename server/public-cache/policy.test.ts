import { describe, expect, it } from "vitest";
import { freshFor, FRESH_MS, publicCacheKey, SETTLING_FRESH_MS } from "./policy";

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
