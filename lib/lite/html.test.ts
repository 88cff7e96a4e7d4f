import { describe, expect, it } from "vitest";
import { escapeHtml, html } from "./html";

describe("html", () => {
  it("escapes a script tag in text", () => {
    expect(html`<p>${"<script>alert(1)</script>"}</p>`.value).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
  });

  it("escapes quotes so an attribute cannot be closed", () => {
    const evil = `x" onmouseover="alert(1)' &`;
    expect(html`<a title="${evil}">t</a>`.value).toBe('<a title="x&quot; onmouseover=&quot;alert(1)&#39; &amp;">t</a>');
  });

  it("keeps nested html as markup, joins arrays and drops empty values", () => {
    const items = ["a<b", "c"].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${false}${undefined}${0}`.value).toBe("<ul><li>a&lt;b</li><li>c</li></ul>0");
  });

  it("escapes a string that looks like markup even inside an array", () => {
    expect(html`${["<i>", html`<b>ok</b>`]}`.value).toBe("&lt;i&gt;<b>ok</b>");
  });

  it("escapeHtml leaves ordinary text alone", () => {
    expect(escapeHtml("Лисичанськ — Bakhmut 14:05")).toBe("Лисичанськ — Bakhmut 14:05");
  });
});
