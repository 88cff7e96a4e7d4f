import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { NEXT_CHANGE_HEADER } from "@/lib/next-change";
import type { IslandManifest } from "../public-html/manifest";
import { pageCsp } from "../security/headers";
import { inlineHashes, withInlineHashes } from "../security/public-csp";
import { finishAnswer, type Rendered } from "./finish";

const manifest: IslandManifest = { islands: { copy: { js: "/islands/copy.AB.js", bytes: 500, gzipBytes: 300, loads: [] } } };
const PAGE = [
  "<!DOCTYPE html><html><head>",
  '<meta name="corridor-next-change" content="2026-12-03T18:00:00.000Z"/>',
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
    expect(finished.headers["content-security-policy"]).toBe(withInlineHashes(pageCsp({ nonce: null }), sent));
    expect(finished.headers["content-security-policy"]).not.toContain(inlineHashes("<script>self.__next_f.push([1])</script>").scripts[0]);
    expect(finished.residentPage).toBe(true);
  });

  it("leaves other pages' HTML as Next wrote it, hashed, and says they are not residents' pages", () => {
    const finished = finishAnswer("/en/api", html(PAGE), manifest);
    expect(finished.body.toString()).toBe(PAGE);
    expect(finished.residentPage).toBe(false);
    expect(finished.headers["content-security-policy"]).toBe(withInlineHashes(pageCsp({ nonce: null }), PAGE));
  });

  it("takes the next change from the handler, or the page's meta when earlier, as a field and in the header", () => {
    expect(finishAnswer("/en", html(PAGE), manifest).nextChange).toBe(Date.parse("2026-12-03T18:00:00.000Z"));
    const meta = (at: string) => `<!DOCTYPE html><html><head><meta name="corridor-next-change" content="${at}"/></head><body><p>x</p></body></html>`;
    expect(finishAnswer("/en", html(meta("2030-01-01T00:00:00Z"), { [NEXT_CHANGE_HEADER]: "2029-01-01T00:00:00Z" }), manifest).nextChange).toBe(Date.parse("2029-01-01T00:00:00Z"));
    const earlier = finishAnswer("/en", html(meta("2028-01-01T00:00:00Z"), { [NEXT_CHANGE_HEADER]: "2029-01-01T00:00:00Z" }), manifest);
    expect(earlier.nextChange).toBe(Date.parse("2028-01-01T00:00:00Z"));
    expect(earlier.headers[NEXT_CHANGE_HEADER]).toBe("2028-01-01T00:00:00.000Z");
    const garbage = finishAnswer("/en", html("<!DOCTYPE html><html><head></head><body><p>no meta</p></body></html>", { [NEXT_CHANGE_HEADER]: "soon" }), manifest);
    expect(garbage.nextChange).toBeNull();
    expect(garbage.headers[NEXT_CHANGE_HEADER]).toBeUndefined();
    const api = finishAnswer("/api/v1/routes", { status: 200, headers: { "content-type": "application/json", [NEXT_CHANGE_HEADER]: "2029-01-01T00:00:00.000Z" }, body: Buffer.from("{}") }, manifest);
    expect(api.nextChange).toBe(Date.parse("2029-01-01T00:00:00Z"));
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
    const passed = finishAnswer("/api/v1/towns", json, manifest);
    expect(passed.headers).toEqual(json.headers);
    expect(passed.gzip).toBeNull();
    expect(passed.gzipEtag).toBeNull();
  });
});
