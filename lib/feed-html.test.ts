import { describe, expect, it } from "vitest";
import { Feed } from "feed";
import { withAtomLanguage } from "./feed-html";

describe("withAtomLanguage", () => {
  const atom = new Feed({ id: "urn:x", title: "t", copyright: "", updated: new Date(0) }).atom1();

  it("sets xml:lang on the feed library's Atom root, and only there", () => {
    const xml = withAtomLanguage(atom, "uk");
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="uk">');
    expect(xml.match(/xml:lang/g)).toHaveLength(1);
  });

  it("refuses a document it does not recognise or a value that is not a language code", () => {
    expect(() => withAtomLanguage("<rss/>", "uk")).toThrow();
    expect(() => withAtomLanguage(atom, 'uk" onload="x')).toThrow();
  });
});
