import crypto from "node:crypto";
import type http from "node:http";
import { describe, expect, it } from "vitest";
import { HASHED_CSP_REQUEST_HEADER, pageCsp } from "./headers";
import { inlineHashes, NEXT_CHANGE_HEADER, nextChangeOf, renderWithPublicCsp, withInlineHashes } from "./public-csp";

const hashOf = (text: string) => `'sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}'`;
const directives = (csp: string) => Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

const PAGE = [
  "<!DOCTYPE html><html><head>",
  '<meta name="corridor-next-change" content="2026-12-03T18:00:00.000Z"/>',
  '<script src="/_next/static/chunks/a.js" async=""></script>',
  "<style>main{color:red}</style>",
  "</head><body><main>",
  '<script>self.__next_f.push([1,"é \\u003c/script"])</script>',
  '<script data-src="x">(self.__next_f=self.__next_f||[]).push([0])</script>',
  '<SCRIPT type="module">import("/x.js")</SCRIPT>',
  "</main></body></html>",
].join("");

describe("inlineHashes", () => {
  it("hashes every inline script and style exactly as written, and no external script", () => {
    const { scripts, styles } = inlineHashes(PAGE);
    expect(scripts).toEqual([hashOf('self.__next_f.push([1,"é \\u003c/script"])'), hashOf("(self.__next_f=self.__next_f||[]).push([0])"), hashOf('import("/x.js")')]);
    expect(styles).toEqual([hashOf("main{color:red}")]);
  });

  it("finds nothing in a page without inline elements, and each distinct element once", () => {
    expect(inlineHashes('<html><script src="/a.js"></script></html>')).toEqual({ scripts: [], styles: [] });
    expect(inlineHashes("<script>a()</script><script>a()</script>").scripts).toEqual([hashOf("a()")]);
  });
});

describe("withInlineHashes", () => {
  it("adds the hashes to script-src and style-src of the nonce-free page policy, nothing else", () => {
    const csp = directives(withInlineHashes(pageCsp({ nonce: null, tileUrl: "https://tiles.example.org/{z}/{x}/{y}.png" }), PAGE));
    expect(csp["script-src"]).toEqual(["'self'", ...inlineHashes(PAGE).scripts]);
    expect(csp["script-src"]).not.toContain("'strict-dynamic'");
    expect(csp["script-src"]).not.toContain("'unsafe-inline'");
    expect(csp["style-src"]).toEqual(["'self'", hashOf("main{color:red}")]);
    expect(csp["img-src"]).toContain("https://tiles.example.org");
    expect(csp["object-src"]).toEqual(["'none'"]);
  });

  it("leaves a policy with a nonce alone (a page rendered for one response)", () => {
    const csp = pageCsp({ nonce: "abc==" });
    expect(withInlineHashes(csp, PAGE)).toBe(csp);
  });

  it("with no inline element, allows no inline script at all", () => {
    expect(directives(withInlineHashes(pageCsp({ nonce: null }), "<p>x</p>"))["script-src"]).toEqual(["'self'"]);
  });
});

describe("renderWithPublicCsp", () => {
  const request = (headers: http.IncomingHttpHeaders = {}) => ({ headers }) as http.IncomingMessage;
  type Rendered = { status: number; headers: Record<string, string | string[]>; body: Buffer };
  const html = (body: string, headers: Record<string, string> = {}): Rendered => ({
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": pageCsp({ nonce: null }), ...headers },
    body: Buffer.from(body),
  });

  it("asks the proxy for the nonce-free policy only while it renders", async () => {
    const req = request();
    let seen: unknown;
    await renderWithPublicCsp(req, async () => {
      seen = req.headers[HASHED_CSP_REQUEST_HEADER];
      return html("<p>x</p>");
    });
    expect(seen).toBe("1");
    expect(req.headers[HASHED_CSP_REQUEST_HEADER]).toBeUndefined();
  });

  it("sets the hashed policy, the next change from the page's meta and a validator of the body", async () => {
    const rendered = await renderWithPublicCsp(request(), async (): Promise<Rendered | "aborted"> => html(PAGE));
    if (rendered === "aborted") throw new Error("unexpected");
    expect(rendered.headers["content-security-policy"]).toBe(withInlineHashes(pageCsp({ nonce: null }), PAGE));
    expect(nextChangeOf(rendered.headers)).toBe(Date.parse("2026-12-03T18:00:00.000Z"));
    expect(rendered.headers["etag"]).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
    const again = await renderWithPublicCsp(request(), async (): Promise<Rendered | "aborted"> => html(PAGE));
    expect(again !== "aborted" && again.headers["etag"]).toBe(rendered.headers["etag"]);
    const other = await renderWithPublicCsp(request(), async (): Promise<Rendered | "aborted"> => html(PAGE.replace("red", "blue")));
    expect(other !== "aborted" && other.headers["etag"]).not.toBe(rendered.headers["etag"]);
  });

  it("keeps a handler's next change (the markup's only when earlier), drops one that does not parse, and leaves JSON alone", async () => {
    const meta = (at: string) => `<meta name="corridor-next-change" content="${at}"/><p>x</p>`;
    const later = await renderWithPublicCsp(request(), async (): Promise<Rendered | "aborted"> => html(meta("2030-01-01T00:00:00Z"), { [NEXT_CHANGE_HEADER]: "2029-01-01T00:00:00Z" }));
    expect(later !== "aborted" && nextChangeOf(later.headers)).toBe(Date.parse("2029-01-01T00:00:00Z"));
    const earlier = await renderWithPublicCsp(request(), async (): Promise<Rendered | "aborted"> => html(meta("2028-01-01T00:00:00Z"), { [NEXT_CHANGE_HEADER]: "2029-01-01T00:00:00Z" }));
    expect(earlier !== "aborted" && nextChangeOf(earlier.headers)).toBe(Date.parse("2028-01-01T00:00:00Z"));
    const garbage = await renderWithPublicCsp(request(), async (): Promise<Rendered | "aborted"> => html("<p>no meta</p>", { [NEXT_CHANGE_HEADER]: "soon" }));
    expect(garbage !== "aborted" && garbage.headers[NEXT_CHANGE_HEADER]).toBeUndefined();
    const api: Rendered = { status: 200, headers: { "content-type": "application/json", [NEXT_CHANGE_HEADER]: "2029-01-01T00:00:00.000Z" }, body: Buffer.from("{}") };
    const kept = await renderWithPublicCsp(request(), async (): Promise<Rendered | "aborted"> => api);
    expect(kept !== "aborted" && nextChangeOf(kept.headers)).toBe(Date.parse("2029-01-01T00:00:00Z"));
    const json: Rendered = { status: 200, headers: { "content-type": "application/json", "content-security-policy": "default-src 'none'" }, body: Buffer.from("{}") };
    const passed = await renderWithPublicCsp(request(), async (): Promise<Rendered | "aborted"> => json);
    expect(passed !== "aborted" && passed.headers).toEqual({ "content-type": "application/json", "content-security-policy": "default-src 'none'" });
    expect(await renderWithPublicCsp(request(), async (): Promise<Rendered | "aborted"> => "aborted")).toBe("aborted");
  });
});
