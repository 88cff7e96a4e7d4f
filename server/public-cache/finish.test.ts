import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { NEXT_CHANGE_HEADER } from "@/lib/next-change";
import type { IslandManifest } from "../public-html/manifest";
import { pageCsp } from "../security/headers";
import { inlineHashes } from "../security/public-csp";
import { finishAnswer as finishWith, type Rendered } from "./finish";
import type { RenderReport } from "./render-report";

const manifest: IslandManifest = { islands: { copy: { js: "/islands/copy.AB.js", bytes: 500, gzipBytes: 300, loads: [] } } };
const NOTHING_REPORTED: RenderReport = { nextChange: null };
const finishAnswer = (pathname: string, rendered: Rendered, manifestOrReport: IslandManifest | RenderReport = manifest) =>
  "nextChange" in manifestOrReport ? finishWith(pathname, rendered, manifestOrReport, manifest) : finishWith(pathname, rendered, NOTHING_REPORTED, manifestOrReport);
const PAGE = [
  "<!DOCTYPE html><html><head>",
  '<script src="/_next/static/chunks/a.js" async=""></script>',
  "<style>main{color:red}</style>",
  "</head><body><main><p data-island=\"copy\">",
  "Lysychansk → Bakhmut: open. ".repeat(60),
  "</p><script>self.__next_f.push([1])</script></main></body></html>",
].join("");
const html = (body: string, headers: Record<string, string> = {}): Rendered => ({
  status: 200,
  headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": pageCsp({ nonce: null }), ...headers },
  body: Buffer.from(body),
});

describe("finishAnswer", () => {
  it("hashes the policy of the HTML after the islands step: Next's scripts out, the island's in", () => {
    const finished = finishAnswer("/en/towns/lysychansk", html(PAGE), manifest);
    const sent = finished.body.toString();
    expect(sent).not.toContain("__next_f");
    expect(sent).toContain("/islands/copy.AB.js");
    expect(finished.headers["content-security-policy"]).toBe(pageCsp({ nonce: null, hashes: inlineHashes(sent) }));
    expect(inlineHashes(sent).styles).toHaveLength(1);
    expect(finished.headers["content-security-policy"]).not.toContain(inlineHashes("<script>self.__next_f.push([1])</script>").scripts[0]);
    expect(finished.residentPage).toBe(true);
  });

  it("leaves other HTML as it was written, policy included, and says it is not a residents' page", () => {
    const lite: Rendered = { status: 200, headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" }, body: Buffer.from(PAGE) };
    const finished = finishAnswer("/en/lite/towns/lysychansk", lite);
    expect(finished.body.toString()).toBe(PAGE);
    expect(finished.residentPage).toBe(false);
    // A hash in style-src would switch 'unsafe-inline' off, and with it the style attribute of a stale notice.
    expect(finished.headers["content-security-policy"]).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });

  it("takes the next change from the render's report only, as a field and in the header for clients", () => {
    const at = Date.parse("2029-01-01T00:00:00Z");
    const page = finishAnswer("/en", html(PAGE), { nextChange: at });
    expect(page.nextChange).toBe(at);
    expect(page.headers[NEXT_CHANGE_HEADER]).toBe("2029-01-01T00:00:00.000Z");
    // Markup saying otherwise is only markup: nothing is read back from the body.
    const markup = finishAnswer("/en", html('<meta name="corridor-next-change" content="2028-01-01T00:00:00Z"/><p>x</p>'));
    expect(markup.nextChange).toBeNull();
    expect(markup.headers[NEXT_CHANGE_HEADER]).toBeUndefined();
    const api = finishAnswer("/api/v1/routes", { status: 200, headers: { "content-type": "application/json" }, body: Buffer.from("{}") }, { nextChange: at });
    expect(api.nextChange).toBe(at);
    expect(api.headers[NEXT_CHANGE_HEADER]).toBe("2029-01-01T00:00:00.000Z");
  });

  it("tags the final HTML, the compressed body with another tag, and leaves a handler's JSON as it was", () => {
    const finished = finishAnswer("/en", html(PAGE), manifest);
    const etag = finished.headers["etag"];
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(finishAnswer("/en", html(PAGE), manifest).headers["etag"]).toBe(etag);
    expect(finishAnswer("/en", html(PAGE.replace("red", "blue")), manifest).headers["etag"]).not.toBe(etag);
    expect(zlib.gunzipSync(finished.gzip!).equals(finished.body)).toBe(true);
    expect(finished.gzipEtag).toBe(String(etag).replace(/"$/, '-gzip"'));
    const json: Rendered = { status: 200, headers: { "content-type": "application/json", "content-security-policy": "default-src 'none'" }, body: Buffer.from("{}") };
    const passed = finishAnswer("/api/v1/towns", json);
    expect(passed.headers).toEqual(json.headers);
    expect(passed.gzip).toBeNull();
    expect(passed.gzipEtag).toBeNull();
  });
});
