import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

// The proxy reads AUTH_URL once per process: each case loads it afresh with its own environment.
async function linkOf(url: string, env: { AUTH_URL?: string }): Promise<string | null> {
  vi.resetModules();
  vi.stubEnv("AUTH_URL", env.AUTH_URL ?? "");
  if (env.AUTH_URL === undefined) delete process.env.AUTH_URL;
  const { default: proxy } = await import("./proxy");
  return proxy(new NextRequest(url)).headers.get("link");
}

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
