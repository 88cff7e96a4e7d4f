import { Auth } from "@auth/core";
import { describe, expect, it } from "vitest";
import nextConfig, { NO_SCRIPT_CSP as CONFIG_NO_SCRIPT_CSP } from "@/next.config.js";
import { HSTS, NO_SCRIPT_CSP, createNonce, pageCsp, requestIsHttps, secureCookiesSetting, tileSource } from "./headers";

const directives = (csp: string) => Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("page Content-Security-Policy", () => {
  it("allows scripts only by this response's nonce, and nothing framed, based or embedded", () => {
    const csp = directives(pageCsp({ nonce: "abc123==" }));
    expect(csp["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp["style-src"]).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(csp["style-src-attr"]).toEqual(["'unsafe-inline'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'none'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
    expect(csp["img-src"]).toEqual(["'self'", "data:", "blob:"]);
    expect(Object.values(csp).flat()).not.toContain("'unsafe-eval'");
  });

  it("public pages (shared by every cache): no nonce and no 'strict-dynamic', same-origin scripts only until hashes are added", () => {
    const csp = directives(pageCsp({ nonce: null }));
    expect(csp["script-src"]).toEqual(["'self'"]);
    expect(csp["style-src"]).toEqual(["'self'"]);
    expect(csp["style-src-attr"]).toEqual(["'unsafe-inline'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'none'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(Object.values(csp).flat().join(" ")).not.toMatch(/nonce|unsafe-eval|strict-dynamic/);
  });

  it("adds the tile server's origin to img-src", () => {
    expect(directives(pageCsp({ nonce: "n", tileUrl: "https://tiles.example.org/{z}/{x}/{y}.png" }))["img-src"]).toContain("https://tiles.example.org");
    expect(tileSource("https://{s}.Tile.example.org:8443/{z}/{x}/{y}.png")).toBe("https://*.tile.example.org:8443");
    expect(tileSource("https://{a}-tiles.example.org/{z}/{x}/{y}.png")).toBe("https:");
    expect(tileSource(null)).toBeNull();
  });

  it("nonces are fresh, 128-bit and in the form Next reads from the header", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(`'nonce-${n}'`).toMatch(/^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/);
    expect(atob([...nonces][0]!).length).toBe(16);
  });
});

describe("HTTPS detection (HSTS)", () => {
  it("trusts the URL, then X-Forwarded-Proto, and an https public address always", () => {
    expect(requestIsHttps("http://localhost:3000/en", new Headers())).toBe(false);
    expect(requestIsHttps("https://corridor.example.org/en", new Headers())).toBe(true);
    expect(requestIsHttps("http://10.0.0.2:3000/en", new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(requestIsHttps("http://10.0.0.2:3000/en", new Headers({ "x-forwarded-proto": "https, http" }))).toBe(true);
    expect(requestIsHttps("https://10.0.0.2/en", new Headers({ "x-forwarded-proto": "http" }))).toBe(false);
    expect(requestIsHttps("http://localhost:3000/en", new Headers(), "https://corridor.example.org")).toBe(true);
    expect(requestIsHttps("http://localhost:3000/en", new Headers(), "http://localhost:3000")).toBe(false);
  });
});

describe("next.config.js headers (responses the proxy does not see)", () => {
  it("has the same no-script policy, and HSTS only when the request says https", async () => {
    expect(CONFIG_NO_SCRIPT_CSP).toBe(NO_SCRIPT_CSP);
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === "/:path*" && !r.has)!;
    const byKey = Object.fromEntries(all.headers.map((h) => [h.key.toLowerCase(), h.value]));
    expect(byKey["x-content-type-options"]).toBe("nosniff");
    expect(byKey["x-frame-options"]).toBe("DENY");
    expect(byKey["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(byKey["permissions-policy"]).toContain("camera=()");
    expect(byKey["strict-transport-security"]).toBeUndefined();
    const hsts = rules.filter((r) => r.headers.some((h) => h.key === "Strict-Transport-Security"));
    expect(hsts).toHaveLength(1);
    expect(hsts[0]!.headers[0]!.value).toBe(HSTS);
    if (!process.env.AUTH_URL?.startsWith("https://")) expect(hsts[0]!.has).toEqual([{ type: "header", key: "x-forwarded-proto", value: "https" }]);
  });
});

describe("Auth.js cookies", () => {
  // Auth.js's own cookie code with our setting: the CSRF cookie is set on the first GET.
  async function csrfCookie(url: string, headers: Record<string, string>, publicUrl?: string) {
    const response = await Auth(new Request(url, { headers }), {
      providers: [],
      secret: "x".repeat(32),
      trustHost: true,
      basePath: "/api/auth",
      useSecureCookies: secureCookiesSetting(publicUrl),
    });
    return response.headers.getSetCookie().find((c) => c.includes("authjs.csrf-token"))!;
  }

  it("are HttpOnly and SameSite=Lax, and not Secure over plain http (local use keeps working)", async () => {
    const cookie = await csrfCookie("http://localhost:3000/api/auth/csrf", {});
    expect(cookie).toMatch(/^authjs\.csrf-token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it("are Secure, with the __Host- name, when the request came over https", async () => {
    // Next gives route handlers an https:// URL when the socket is TLS or X-Forwarded-Proto says https.
    const cookie = await csrfCookie("https://corridor.example.org/api/auth/csrf", { "x-forwarded-proto": "https" });
    expect(cookie).toMatch(/^__Host-authjs\.csrf-token=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it("are Secure whatever the request says when the public address is https", async () => {
    expect(secureCookiesSetting("https://corridor.example.org")).toBe(true);
    expect(secureCookiesSetting("http://localhost:3000")).toBeUndefined();
    expect(secureCookiesSetting(null)).toBeUndefined();
    const cookie = await csrfCookie("http://localhost:3000/api/auth/csrf", {}, "https://corridor.example.org");
    expect(cookie).toMatch(/; Secure/i);
  });
});
