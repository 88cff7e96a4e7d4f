import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

// The proxy reads AUTH_URL once per process: each case loads it afresh with its own environment.
async function proxied(request: NextRequest, env: { AUTH_URL?: string } = {}) {
  vi.resetModules();
  vi.stubEnv("AUTH_URL", env.AUTH_URL ?? "");
  if (env.AUTH_URL === undefined) delete process.env.AUTH_URL;
  const { default: proxy } = await import("./proxy");
  return proxy(request);
}

const linkOf = async (url: string, env: { AUTH_URL?: string }) => (await proxied(new NextRequest(url), env)).headers.get("link");

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the alternate links of a page", () => {
  // In a real server the request's URL is built from its Host (or X-Forwarded-Host) header, which
  // the client chooses: here the forged host is the URL's.
  it("never name the host a client sent, with no public address configured", async () => {
    const link = await linkOf("http://evil.example/en/towns/rubizhne", {});
    expect(link).toContain('</uk/towns/rubizhne>; rel="alternate"; hreflang="uk"');
    expect(link).not.toContain("evil.example");
  });

  it("name the configured public address", async () => {
    const link = await linkOf("http://evil.example/ru/towns/rubizhne", { AUTH_URL: "https://corridor.example.org" });
    expect(link).toContain('<https://corridor.example.org/en/towns/rubizhne>; rel="alternate"; hreflang="en"');
    expect(link).not.toContain("evil.example");
  });
});

describe("a method no page takes", () => {
  // Pages with server actions (or posted forms) take POST; residents' and partners' pages and the lite pages do not.
  const withPost = ["/uk/login", "/uk/admin/organisations", "/en/no-such-page", "/", "/uk/transport", "/ru/transport/withdraw"];
  const withoutPost = ["/uk", "/ru/towns/lysychansk", "/en/routes/lysychansk-bakhmut", "/uk/oblasts/luhansk", "/en/api", "/uk/lite", "/en/lite/towns/lysychansk"];
  const pages = [...withPost.map((path) => [path, "GET, HEAD, POST, OPTIONS"]), ...withoutPost.map((path) => [path, "GET, HEAD, OPTIONS"])] as const;

  it("OPTIONS is answered with what the page takes, not an empty 400", async () => {
    for (const [path, allow] of pages) {
      const response = await proxied(new NextRequest(`http://localhost:3000${path}`, { method: "OPTIONS" }));
      expect(response.status, path).toBe(204);
      expect(response.headers.get("allow"), path).toBe(allow);
    }
  });

  it("PUT, PATCH and DELETE are refused naming what the page takes, not answered with the page", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      for (const [path, allow] of pages) {
        const response = await proxied(new NextRequest(`http://localhost:3000${path}`, { method }));
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get("allow"), `${method} ${path}`).toBe(allow);
      }
    }
  });

  // Next rendered the page afresh for a POST, past the response cache, with its whole runtime.
  it("POST to a residents' or partners' page or a lite page is refused, with or without an action id", async () => {
    for (const path of withoutPost) {
      for (const headers of [{}, { "Next-Action": "0".repeat(42) }] as Record<string, string>[]) {
        const response = await proxied(new NextRequest(`http://localhost:3000${path}`, { method: "POST", body: "a=b", headers }));
        expect(response.status, path).toBe(405);
        expect(response.headers.get("allow"), path).toBe("GET, HEAD, OPTIONS");
      }
    }
  });

  it("leaves GET and HEAD to the page", async () => {
    for (const method of ["GET", "HEAD"]) expect((await proxied(new NextRequest("http://localhost:3000/uk/towns/lysychansk", { method }))).status, method).toBe(200);
  });
});

describe("a staff page with no session cookie", () => {
  it("is a redirect to sign-in when opened", async () => {
    const response = await proxied(new NextRequest("http://localhost:3000/en/coordinate/requests"));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toContain("/en/login");
  });

  // Signed out in another tab, then a form sent: the action itself answers "you are signed out,
  // what you typed is kept"; a redirect would be followed to HTML the client cannot read.
  it("lets a server action through to answer for itself", async () => {
    const response = await proxied(new NextRequest("http://localhost:3000/en/coordinate/requests/new", { method: "POST", headers: { "next-action": "00ab" } }));
    expect(response.headers.get("location")).toBeNull();
    expect(response.status).toBe(200);
  });
});

describe("a path with a control character or a trailing space", () => {
  // The URL parser drops tabs and line breaks anywhere and controls or spaces at the end, so
  // next-intl's rewrite of /uk/towns/lysychansk%20 named /uk/towns/lysychansk: the town page was
  // rendered afresh for every such request, past the response cache, with Next's whole runtime,
  // and for a POST too, at an address the site classifies as no page.
  const paths = ["/uk/towns/lysychansk%20", "/uk/towns/lysychansk%00", "/uk/towns/lysy%09chansk", "/en/routes/lysychansk-bakhmut%0A", "/ru/oblasts/luhansk%0D", "/en/coordinate/requests%20"];

  it("is not found, and never rewritten to the page it resembles", async () => {
    for (const method of ["GET", "POST"]) {
      for (const path of paths) {
        const response = await proxied(new NextRequest(`http://localhost:3000${path}`, { method, ...(method === "POST" ? { body: "a=b" } : {}) }));
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.headers.get("x-middleware-rewrite"), `${method} ${path}`).toBeNull();
      }
    }
  });

  it("leaves a space inside a slug to the site's own 404 page", async () => {
    const response = await proxied(new NextRequest("http://localhost:3000/uk/towns/lysy%20chansk"));
    expect(response.headers.get("x-middleware-rewrite")).toBeNull();
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});
