import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

/**
 * Every file of the working tree that git would keep: tracked, or new and not ignored. Outside a git
 * checkout (a copied tree) the folders are listed instead, without what .gitignore names.
 */
export function repositoryFiles(): string[] {
  try {
    const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.split("\0").filter((file) => file !== "" && fs.existsSync(path.join(root, file)));
  } catch {
    return walk("");
  }
}

function ignoredNames(): Set<string> {
  const lines = fs.readFileSync(path.join(root, ".gitignore"), "utf8").split("\n");
  return new Set(lines.map((line) => line.trim().replace(/^\/|\/$/g, "")).filter((line) => line !== "" && !/[*!#/]/.test(line)));
}

function walk(dir: string, ignored = ignoredNames()): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.name === ".git" || ignored.has(entry.name) || ignored.has(relative)) return [];
    return entry.isDirectory() ? walk(relative, ignored) : [relative];
  });
}

/** The top-level folders of the repository (hidden ones included). */
export function topLevelFolders(files = repositoryFiles()): string[] {
  return [...new Set(files.filter((file) => file.includes("/")).map((file) => file.slice(0, file.indexOf("/"))))].sort();
}

/** The text of a markdown file's `## heading` section, up to the next heading of that level. */
export function markdownSection(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`no "## ${heading}" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}
