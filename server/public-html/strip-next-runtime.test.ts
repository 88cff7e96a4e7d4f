import { describe, expect, it } from "vitest";
import { stripNextRuntime } from "./strip-next-runtime";

// A page shaped like Next 16's production HTML for a residents' page (chunk scripts, preloads, the
// inline RSC payload, a noModule polyfill), with island markers and a data block.
const NONCE = "AYIfSJxy4W/6BmUBqyxL/A==";
const head = `<head><meta charSet="utf-8"/><link rel="stylesheet" href="/_next/static/chunks/a.css" nonce="${NONCE}" data-precedence="next"/><link rel="preload" as="script" fetchPriority="low" nonce="${NONCE}" href="/_next/static/chunks/w.js"/><script src="/_next/static/chunks/0.js" async="" nonce="${NONCE}"></script><script src="/_next/static/chunks/turbopack-1.js" async="" nonce="${NONCE}"></script><link rel="modulepreload" href="/_next/static/chunks/m.js"/><title>Routes</title><link rel="icon" href="/icon.svg"/><script src="/_next/static/chunks/p.js" noModule="" nonce="${NONCE}"></script></head>`;
const body = (inner: string) =>
  `<body><p id="offline-banner-template" hidden data-island="offline" data-template="Offline: &lt;script&gt; {time}"></p><main id="main"><h1>Routes</h1><!--$--><p class="intro">Open now</p><!--/$-->${inner}</main><!-- <script>not a script</script> --><script nonce="${NONCE}" id="_R_">self.__next_r="x"</script><script src="/_next/static/chunks/w.js" nonce="${NONCE}" async=""></script><script nonce="${NONCE}">(self.__next_f=self.__next_f||[]).push([0])</script><script nonce="${NONCE}">self.__next_f.push([1,"0:{\\"a\\":\\"</p>\\"}"])</script></body>`;
const page = (inner = "") => `<!DOCTYPE html><html lang="en">${head}${body(inner)}</html>`;
/** The tags outside comments (the page has a comment that merely mentions a script). */
const tagsOf = (html: string, pattern: RegExp) => html.replace(/<!--[\s\S]*?-->/g, "").match(pattern);
const ISLANDS = { offline: { js: "/islands/offline.AB12.js" }, copy: { js: "/islands/copy.CD34.js" }, map: { js: "/islands/map.EF56.js" } };

describe("stripNextRuntime", () => {
  it("removes every Next script and script preload, and keeps everything else byte for byte", () => {
    const result = stripNextRuntime(page(), ISLANDS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.html).not.toContain("/_next/static/chunks/0.js");
    expect(result.html).not.toContain("turbopack-1.js");
    expect(result.html).not.toContain("w.js");
    expect(result.html).not.toContain("m.js");
    expect(result.html).not.toContain("noModule");
    expect(result.html).not.toContain("__next_f");
    expect(result.html).not.toContain("__next_r");
    // The only scripts left are the islands'.
    expect(tagsOf(result.html, /<script\b[^>]*>/g)).toEqual([`<script type="module" src="/islands/offline.AB12.js" nonce="${NONCE}">`]);
    const expected = `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><link rel="stylesheet" href="/_next/static/chunks/a.css" nonce="${NONCE}" data-precedence="next"/><title>Routes</title><link rel="icon" href="/icon.svg"/><script type="module" src="/islands/offline.AB12.js" nonce="${NONCE}"></script></head><body><p id="offline-banner-template" hidden data-island="offline" data-template="Offline: &lt;script&gt; {time}"></p><main id="main"><h1>Routes</h1><!--$--><p class="intro">Open now</p><!--/$--></main><!-- <script>not a script</script> --></body></html>`;
    expect(result.html).toBe(expected);
    expect(result.islands).toEqual(["offline"]);
  });

  it("adds one module script per island the page names, known ones only, each once", () => {
    const inner = `<p class="copy" data-island="copy" hidden><button>Copy</button></p><p data-island="copy"></p><div data-island="map unknown"></div>`;
    const result = stripNextRuntime(page(inner), ISLANDS);
    expect(result.ok && result.islands).toEqual(["copy", "map", "offline"]);
    if (!result.ok) return;
    expect(result.html.match(/<script\b[^>]*src="\/islands\/[^"]+"/g)).toHaveLength(3);
    expect(result.html).not.toContain("unknown.");
  });

  it("keeps data blocks (JSON is never executed), with their content", () => {
    const json = `<script type="application/json" id="town-search-towns">[{"slug":"lysychansk","nameEn":"Lysychansk \\u003c/script>"}]</script>`;
    const result = stripNextRuntime(page(json), ISLANDS);
    expect(result.ok && result.html).toContain(json);
  });

  it("adds no nonce when the page has none, and escapes what it writes", () => {
    const html = `<html><head></head><body><div data-island="copy"></div></body></html>`;
    const result = stripNextRuntime(html, { copy: { js: '/islands/copy".js' } });
    expect(result.ok && result.html).toBe(`<html><head><script type="module" src="/islands/copy&quot;.js"></script></head><body><div data-island="copy"></div></body></html>`);
  });

  it("leaves a page without islands with no script at all", () => {
    const result = stripNextRuntime(page().replace(' data-island="offline"', ""), ISLANDS);
    expect(result.ok && tagsOf(result.html, /<script\b/g)).toBeNull();
  });

  describe("refuses a page whose content only a script would show", () => {
    const cases: Array<[string, string]> = [
      ["a pending boundary", `<!--$?--><template id="B:0"></template><p>Loading</p><!--/$-->`],
      ["streamed content", `<div hidden id="S:0"><p>The routes</p></div>`],
      ["a boundary left to the client", `<!--$!--><template data-dgst="BAILOUT_TO_CLIENT_SIDE_RENDERING"></template><!--/$-->`],
      ["React's move script", `<script>$RC("B:0","S:0")</script>`],
    ];
    for (const [what, inner] of cases) {
      it(what, () => {
        const result = stripNextRuntime(page(inner), ISLANDS);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason).toMatch(/Suspense|\$RC/);
      });
    }
  });

  it("refuses a document without a </head> (nowhere to put the islands)", () => {
    expect(stripNextRuntime("<p>text</p>", ISLANDS).ok).toBe(false);
  });
});
