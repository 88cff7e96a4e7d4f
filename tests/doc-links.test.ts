import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryFiles, root, topLevelFolders } from "./repository-files";

// The README and docs/ are how the next person finds their way, often alone and under pressure: a
// link to a moved page, or a file named that no longer exists, sends them nowhere. Every relative
// link must reach an existing file (and heading), and every repository path a document names in
// `code` must exist.

const files = repositoryFiles();
const documents = files.filter((file) => file.endsWith(".md") && (!file.includes("/") || file.startsWith("docs/")));

/** Paths that exist only once built: named in the docs, absent from a fresh checkout. */
const GENERATED = new Set(["public/islands/"]);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\-_ ]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "");
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => headingAnchor(match[1] ?? "")));
}

/** Relative links of a markdown text: `[text](target)`, outside fenced code. */
export function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].flatMap((match) => (match[1] && !/^[a-z][a-z+.-]*:/i.test(match[1]) ? [match[1]] : []));
}

describe("links in the README and docs/", () => {
  it("finds the documents and their links", () => {
    expect(documents).toContain("README.md");
    expect(documents.some((file) => file.startsWith("docs/decisions/"))).toBe(true);
    expect(relativeLinks(fs.readFileSync(path.join(root, "README.md"), "utf8")).length).toBeGreaterThan(10);
  });

  it.each(documents)("%s: every relative link reaches a file and heading", (document) => {
    const broken: string[] = [];
    for (const target of relativeLinks(fs.readFileSync(path.join(root, document), "utf8"))) {
      const [file = "", anchor] = target.split("#");
      const resolved = file === "" ? document : path.posix.normalize(path.posix.join(path.posix.dirname(document), decodeURIComponent(file)));
      const absolute = path.join(root, resolved);
      if (!fs.existsSync(absolute)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor && resolved.endsWith(".md") && !anchorsOf(fs.readFileSync(absolute, "utf8")).has(anchor)) broken.push(`${target}: no such heading`);
    }
    expect(broken).toEqual([]);
  });

  it.each(documents)("%s: every repository path named in code exists", (document) => {
    const tops = new Set(topLevelFolders(files));
    const text = fs.readFileSync(path.join(root, document), "utf8");
    const missing = [...text.matchAll(/`([^`\s]+)`/g)]
      .map((match) => (match[1] ?? "").replace(/[:,.]$/, ""))
      .filter((name) => name.includes("/") && tops.has(name.slice(0, name.indexOf("/"))) && !/[*{}<>|…]|\.\.\./.test(name) && !GENERATED.has(name))
      .filter((name) => !["", ".ts", ".tsx", "/index.ts"].some((suffix) => fs.existsSync(path.join(root, name + suffix))));
    expect(missing).toEqual([]);
  });
});

describe("headingAnchor and relativeLinks", () => {
  it("spell anchors as GitHub does and skip absolute links and code", () => {
    expect(headingAnchor("Residents' pages: page weight and Lighthouse")).toBe("residents-pages-page-weight-and-lighthouse");
    expect(headingAnchor("No `updating` in nginx's `proxy_cache_use_stale`")).toBe("no-updating-in-nginxs-proxy_cache_use_stale");
    expect(relativeLinks("[a](docs/x.md#y) [b](https://e.org) `[c](no.md)`\n```\n[d](no.md)\n```")).toEqual(["docs/x.md#y"]);
  });
});

describe("what a newcomer reads first", () => {
  it("the README stays short enough to read at once: at most 200 lines", () => {
    const lines = fs.readFileSync(path.join(root, "README.md"), "utf8").trimEnd().split("\n").length;
    expect(lines).toBeGreaterThan(20);
    expect(lines).toBeLessThanOrEqual(200);
  });

  it("no file points at a tracker entry instead of saying the reason itself", () => {
    const textFiles = files.filter((file) => /\.(ts|tsx|js|mjs|md|conf|css|json|sql)$|^\.ci\//.test(file) && file !== "package-lock.json");
    expect(textFiles.length).toBeGreaterThan(100);
    const reference = /\bissues? ?#?\d+/i;
    const found = textFiles.filter((file) => reference.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(found).toEqual([]);
    expect(reference.test(["as the issue", "15 said"].join(" "))).toBe(true);
  });
});
