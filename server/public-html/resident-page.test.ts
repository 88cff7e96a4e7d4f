import { describe, expect, it, vi } from "vitest";
import type { IslandManifest } from "./manifest";
import { residentPageAnswer } from "./resident-page";

const manifest: IslandManifest = { islands: { copy: { js: "/islands/copy.AB.js", bytes: 500, gzipBytes: 300, loads: [] } } };
const html = `<html><head><script src="/_next/static/chunks/a.js" async=""></script></head><body><p data-island="copy"></p><script>self.__next_f.push([1])</script></body></html>`;
const answer = (over: Partial<{ status: number; headers: Record<string, string>; body: Buffer }> = {}) => ({
  status: 200,
  headers: { "content-type": "text/html; charset=utf-8" },
  body: Buffer.from(html),
  ...over,
});

describe("residentPageAnswer", () => {
  it("strips Next's runtime from a residents' page and names its islands", () => {
    const out = residentPageAnswer("/en/towns/lysychansk?x=1", answer(), manifest);
    expect(out.body.toString()).toBe(`<html><head><script type="module" src="/islands/copy.AB.js"></script></head><body><p data-island="copy"></p></body></html>`);
    expect(out.status).toBe(200);
  });

  it("leaves staff pages, sign-in, lite pages, errors and non-HTML answers unchanged", () => {
    for (const url of ["/en/coordinate", "/en/login", "/en/lite"]) expect(residentPageAnswer(url, answer(), manifest).body.toString()).toBe(html);
    expect(residentPageAnswer("/en", answer({ status: 404 }), manifest).body.toString()).toBe(html);
    expect(residentPageAnswer("/en", answer({ headers: { "content-type": "application/json" } }), manifest).body.toString()).toBe(html);
    // A HEAD request's empty body: nothing to change, and nothing to complain about.
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(residentPageAnswer("/en/towns/hirske", answer({ body: Buffer.alloc(0) }), manifest).body.length).toBe(0);
    expect(error).not.toHaveBeenCalled();
    error.mockRestore();
  });

  it("without a manifest, still strips the runtime (the text is all in the HTML)", () => {
    const out = residentPageAnswer("/en", answer(), null);
    expect(out.body.toString()).not.toMatch(/<script\b/);
  });

  it("serves a page with streamed content unchanged, and says so once per address", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const streamed = Buffer.from(html.replace("<p data-island", `<!--$?--><template id="B:0"></template><!--/$--><div hidden id="S:0">Routes</div><p data-island`));
    const first = residentPageAnswer("/uk/towns/popasna", answer({ body: streamed }), manifest);
    residentPageAnswer("/uk/towns/popasna", answer({ body: streamed }), manifest);
    expect(first.body.equals(streamed)).toBe(true);
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]![0])).toContain("/uk/towns/popasna");
    error.mockRestore();
  });
});
