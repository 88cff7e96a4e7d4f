import { describe, expect, it } from "vitest";
import { filesToKeep } from "./offline";

describe("filesToKeep", () => {
  it("keeps this site's static files, islands and basemap, nothing else", () => {
    const base = "https://corridor.example.org/en/towns/lysychansk";
    expect(
      filesToKeep(
        [
          "https://corridor.example.org/_next/static/chunks/a.css",
          "https://corridor.example.org/islands/copy.AB12.js",
          "https://corridor.example.org/basemap/region.json",
          "https://corridor.example.org/api/v1/routes",
          "https://tiles.example.org/islands/x.js",
          "/islands/map-view.CD34.js",
        ],
        base,
      ),
    ).toEqual(["https://corridor.example.org/_next/static/chunks/a.css", "https://corridor.example.org/islands/copy.AB12.js", "https://corridor.example.org/basemap/region.json", "/islands/map-view.CD34.js"]);
  });
});
