import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { markdownSection, repositoryFiles, root, topLevelFolders } from "./repository-files";

// The README's Layout section is how a newcomer finds their way; it drifted once (a folder and most
// scripts missing), so the tree is checked against it.

const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const layout = markdownSection(readme, "Layout");
const block = /```\n([\s\S]*?)```/.exec(layout)?.[1];

/** The folders the Layout's first column names, by their top-level folder: `db/schema/, db/migrations/` → db. */
export function namedTopLevelFolders(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const firstColumn = /^(\S(?:.*?\S)?)(?: {2,}|$)/.exec(line)?.[1];
    if (!firstColumn) continue;
    for (const entry of firstColumn.split(/,\s*/)) {
      const slash = entry.indexOf("/");
      if (slash > 0) names.add(entry.slice(0, slash));
    }
  }
  return names;
}

describe("the README's Layout section", () => {
  const files = repositoryFiles();
  const folders = topLevelFolders(files);
  const named = namedTopLevelFolders(block ?? "");

  it("has a tree, and the tree is read", () => {
    expect(block).toBeDefined();
    expect(folders).toContain("app");
    expect(named.has("app")).toBe(true);
  });

  it("names every top-level folder of the repository", () => {
    expect(folders.filter((folder) => !named.has(folder))).toEqual([]);
  });

  it("names no top-level folder that does not exist", () => {
    expect([...named].filter((folder) => !folders.includes(folder))).toEqual([]);
  });

  it("names every script", () => {
    const scripts = files.filter((file) => /^scripts\/[^/]+\.ts$/.test(file) && !file.endsWith(".test.ts"));
    expect(scripts.length).toBeGreaterThan(0);
    const unnamed = scripts.map((file) => path.basename(file, ".ts")).filter((name) => !new RegExp(`(^|[\\s,(])${name}(?=[\\s,;)]|$)`, "m").test(layout));
    expect(unnamed).toEqual([]);
  });
});

describe("namedTopLevelFolders", () => {
  it("reads the first column only, every entry of it", () => {
    const text = ["db/schema/, db/migrations/ tables", "auth.ts, auth/             sign-in", "  dashboard: lib/ here", "proxy.ts                   no folder"].join("\n");
    expect([...namedTopLevelFolders(text)].sort()).toEqual(["auth", "db"]);
  });
});
