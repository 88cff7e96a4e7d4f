import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { pageCsp } from "./headers";
import { inlineHashes } from "./public-csp";

const hashOf = (text: string) => `'sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}'`;
const directives = (csp: string) => Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

const PAGE = [
  "<!DOCTYPE html><html><head>",
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

describe("pageCsp with the hashes of a page", () => {
  it("adds the hashes to script-src and style-src of the nonce-free page policy, nothing else", () => {
    const csp = directives(pageCsp({ nonce: null, tileUrl: "https://tiles.example.org/{z}/{x}/{y}.png", hashes: inlineHashes(PAGE) }));
    expect(csp["script-src"]).toEqual(["'self'", ...inlineHashes(PAGE).scripts]);
    expect(csp["script-src"]).not.toContain("'strict-dynamic'");
    expect(csp["script-src"]).not.toContain("'unsafe-inline'");
    expect(csp["style-src"]).toEqual(["'self'", hashOf("main{color:red}")]);
    expect(csp["img-src"]).toContain("https://tiles.example.org");
    expect(csp["object-src"]).toEqual(["'none'"]);
  });

  it("with a nonce, takes no hashes (a page rendered for one response)", () => {
    expect(pageCsp({ nonce: "abc==", hashes: inlineHashes(PAGE) })).toBe(pageCsp({ nonce: "abc==" }));
  });

  it("with no inline element, allows no inline script at all", () => {
    expect(directives(pageCsp({ nonce: null, hashes: inlineHashes("<p>x</p>") }))["script-src"]).toEqual(["'self'"]);
  });
});
