import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryFiles, root } from "./repository-files";

// The staff layouts hand their client forms only the message namespaces they list. A client form
// that reads another namespace still renders, showing its keys ("routeChoice.chooseTownFirst") and
// logging MISSING_MESSAGE, so no page test notices: the agreement and incident forms shipped that
// way once. Each "use client" file under a staff area must read only what its layout hands over.

const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

/** The top-level namespaces a client file reads with useTranslations("a") or useTranslations("a.b"). */
function namespacesRead(source: string): string[] {
  return [...source.matchAll(/useTranslations\(\s*"([\w-]+)(?:\.[\w.-]+)?"\s*\)/g)].map((m) => m[1]!);
}

const AREAS = [
  {
    area: "app/[locale]/coordinate/",
    layout: "app/[locale]/coordinate/layout.tsx",
    handed: (layout: string) => /NextIntlClientProvider messages=\{\{([^}]*)\}\}/.exec(layout)?.[1]?.split(",").map((s) => s.trim()).filter(Boolean) ?? [],
  },
  {
    area: "app/[locale]/admin/",
    layout: "app/[locale]/admin/layout.tsx",
    handed: (layout: string) => [...(/CLIENT_NAMESPACES = \[([^\]]*)\]/.exec(layout)?.[1] ?? "").matchAll(/"([\w-]+)"/g)].map((m) => m[1]!),
  },
];

describe("staff client forms get the messages they read", () => {
  const files = repositoryFiles();
  for (const { area, layout, handed } of AREAS) {
    it(`every client file under ${area} reads only namespaces its layout hands over`, () => {
      const given = new Set(handed(read(layout)));
      expect(given.size).toBeGreaterThan(3);
      const clientFiles = files.filter((f) => f.startsWith(area) && /\.tsx?$/.test(f) && /^\s*["']use client["']/.test(read(f)));
      expect(clientFiles.length).toBeGreaterThan(0);
      const missing = clientFiles.flatMap((f) => namespacesRead(read(f)).filter((ns) => !given.has(ns)).map((ns) => `${f}: ${ns}`));
      expect(missing).toEqual([]);
    });
  }
});
