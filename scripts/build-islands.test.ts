import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { islandManifest } from "@/server/public-html/manifest";
import { buildIslands, ISLANDS } from "./build-islands";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-islands-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// esbuild bundles Leaflet and every island: seconds on a busy machine, more than a unit test's 5 s.
describe("buildIslands", { timeout: 60_000 }, () => {
  it("writes each island content-hashed, a manifest the server accepts, and the map's code apart", async () => {
    const built = await buildIslands(dir);
    expect(islandManifest(dir)).toEqual(built);
    for (const name of ISLANDS) {
      const island = built.islands[name]!;
      expect(island.js).toMatch(new RegExp(`^/islands/${name}\\.[A-Z0-9]{8}\\.js$`));
      const code = fs.readFileSync(path.join(dir, path.basename(island.js)), "utf8");
      // Nothing of Next or React in the small islands: they are what every page pays for.
      expect(code, name).not.toMatch(/__next|react\.(transitional\.)?element|leaflet/i);
      expect(island.gzipBytes, name).toBeLessThan(25 * 1024);
    }
    // The map island names its (hashed) code and styles, which exist and are loaded on demand only.
    const map = built.islands.map!;
    expect(map.loads.map((l) => path.extname(l.file)).sort()).toEqual([".css", ".js"]);
    const loader = fs.readFileSync(path.join(dir, path.basename(map.js)), "utf8");
    for (const { file } of map.loads) {
      expect(loader).toContain(file);
      expect(fs.existsSync(path.join(dir, path.basename(file)))).toBe(true);
    }
  }, 60_000);
});
