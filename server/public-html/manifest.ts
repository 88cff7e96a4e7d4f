import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

// The islands' manifest, written by scripts/build-islands.ts (run by `npm run build` before
// `next build`, and by `npm start` when it builds): each island's content-hashed file under
// /islands/, with its size, so the server can name it in a page and the bench can report it.

export const ISLANDS_DIR = path.resolve("public/islands");
export const MANIFEST_FILE = "manifest.json";

const asset = z.object({
  js: z.string().regex(/^\/islands\/[A-Za-z0-9._-]+\.js$/),
  bytes: z.number().int().nonnegative(),
  gzipBytes: z.number().int().nonnegative(),
  /** Files the island loads later, on demand (the map's code and styles), with their sizes. */
  loads: z.array(z.object({ file: z.string().regex(/^\/islands\/[A-Za-z0-9._-]+\.(js|css)$/), bytes: z.number().int().nonnegative(), gzipBytes: z.number().int().nonnegative() })).default([]),
});

export const islandManifestSchema = z.object({ islands: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), asset) });
export type IslandManifest = z.infer<typeof islandManifestSchema>;

let loaded: { manifest: IslandManifest | null } | undefined;

/**
 * The manifest, read once per process. Missing or malformed: null, said once in the log. The
 * pages are then still served without Next's runtime (everything readable is in the HTML), only
 * without their islands, so a forgotten `build-islands` shows as a missing copy button, not as
 * a broken page.
 */
export function islandManifest(dir = ISLANDS_DIR): IslandManifest | null {
  if (loaded && dir === ISLANDS_DIR) return loaded.manifest;
  let manifest: IslandManifest | null = null;
  try {
    manifest = islandManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), "utf8")));
  } catch (error) {
    console.error(`corridor: no usable islands manifest in ${dir} (run \`npm run build\`); residents' pages are served without their islands:`, error instanceof Error ? error.message : error);
  }
  if (dir === ISLANDS_DIR) loaded = { manifest };
  return manifest;
}
