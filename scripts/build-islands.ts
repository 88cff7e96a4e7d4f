// Bundles the residents' pages' islands (islands/*.ts) with esbuild into content-hashed files under
// public/islands/ and writes public/islands/manifest.json, which the server reads to name them in
// a page (server/public-html) and the bench reads to report what each costs. Run by `npm run build`
// before `next build` and by `npm start` when it builds. The output is generated (git-ignored).
// Usage: tsx scripts/build-islands.ts
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { ISLANDS_DIR, MANIFEST_FILE, islandManifestSchema, type IslandManifest } from "@/server/public-html/manifest";
import { runScript } from "./run-script";

/** The islands a page can name with data-island="…", each one entry file. */
export const ISLANDS = ["copy", "offline", "search", "map"] as const;

const common: BuildOptions = {
  bundle: true,
  format: "esm",
  // Browsers with module scripts and optional chaining; older ones just get the plain pages.
  target: ["es2020", "chrome80", "safari14", "firefox78"],
  minify: true,
  sourcemap: false,
  legalComments: "none",
  outdir: ISLANDS_DIR,
  publicPath: "/islands",
  entryNames: "[name].[hash]",
  assetNames: "[name].[hash]",
  define: { "process.env.NODE_ENV": '"production"' },
  jsx: "automatic",
  tsconfig: path.resolve("tsconfig.json"),
  loader: { ".png": "file", ".svg": "file" },
  metafile: true,
  logLevel: "warning",
  // The map components say "use client" for Next; here that directive means nothing.
  logOverride: { "unsupported-directive": "silent" },
};

const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const publicPath = (file: string) => `/islands/${path.basename(file)}`;

function outputsOf(metafile: Metafile, entry: string): { js: string; css: string[]; chunks: string[] } {
  const found = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint && path.resolve(output.entryPoint) === path.resolve(entry));
  if (!found) throw new Error(`esbuild wrote nothing for ${entry}`);
  const [js, output] = found;
  // Every chunk it may load, directly or through another chunk.
  const chunks = new Set<string>();
  const visit = (file: string) => {
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.external || chunks.has(imported.path)) continue;
      chunks.add(imported.path);
      visit(imported.path);
    }
  };
  visit(js);
  return { js, css: output.cssBundle ? [output.cssBundle] : [], chunks: [...chunks] };
}

export async function buildIslands(outdir = ISLANDS_DIR): Promise<IslandManifest> {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  const options = { ...common, outdir };

  // First the map's own code, so the small map island can be told its hashed file names.
  const view = await build({ ...options, entryPoints: { "map-view": "islands/map-view.tsx" } });
  const viewFiles = outputsOf(view.metafile!, "islands/map-view.tsx");
  const sized = (file: string) => ({ file: publicPath(file), bytes: fs.statSync(file).size, gzipBytes: gzipSize(file) });

  // Split: an island's code needed only later (the search matcher, on focus) is a chunk of its own.
  const small = await build({
    ...options,
    splitting: true,
    chunkNames: "chunk.[hash]",
    // The map's code, named by URL: loaded by the browser, not bundled again.
    external: ["/islands/*"],
    entryPoints: Object.fromEntries(ISLANDS.map((name) => [name, `islands/${name}.ts`])),
    define: { ...options.define, __MAP_VIEW_JS__: JSON.stringify(publicPath(viewFiles.js)), __MAP_VIEW_CSS__: JSON.stringify(viewFiles.css.map(publicPath).join(" ")) },
  });
  const islands: IslandManifest["islands"] = {};
  for (const name of ISLANDS) {
    const { js, chunks } = outputsOf(small.metafile!, `islands/${name}.ts`);
    const later = [...chunks, ...(name === "map" ? [viewFiles.js, ...viewFiles.css] : [])];
    islands[name] = { js: publicPath(js), bytes: fs.statSync(js).size, gzipBytes: gzipSize(js), loads: later.map(sized) };
  }
  const manifest = islandManifestSchema.parse({ islands });
  fs.writeFileSync(path.join(outdir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("scripts/build-islands.ts")) {
  runScript(async () => {
    const manifest = await buildIslands();
    for (const [name, island] of Object.entries(manifest.islands)) {
      const later = island.loads.map((l) => ` + ${path.basename(l.file)} ${(l.gzipBytes / 1024).toFixed(1)} KB on demand`).join("");
      console.log(`islands: ${name.padEnd(8)} ${(island.gzipBytes / 1024).toFixed(1)} KB gzip${later}`);
    }
  });
}
