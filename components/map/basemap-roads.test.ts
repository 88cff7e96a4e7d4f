import type { FeatureCollection } from "geojson";
import { describe, expect, it } from "vitest";
import { showsRoads, withRoadCasing } from "./basemap-roads";

describe("the basemap's roads", () => {
  it("are drawn twice, casing first, in their place among the other features", () => {
    const line = { type: "MultiLineString" as const, coordinates: [[[38, 48], [38.1, 48.1]]] };
    const collection: FeatureCollection = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { kind: "land" }, geometry: { type: "MultiPolygon", coordinates: [] } },
        { type: "Feature", properties: { kind: "road" }, geometry: line },
        { type: "Feature", properties: { kind: "river" }, geometry: line },
      ],
    };
    const drawn = withRoadCasing(collection);
    expect(drawn.features.map((f) => f.properties?.kind)).toEqual(["land", "road-casing", "road", "river"]);
    expect(drawn.features[1]?.geometry).toBe(line);
    // The file's own objects are left as they were (one request serves every map on the page).
    expect(collection.features.map((f) => f.properties?.kind)).toEqual(["land", "road", "river"]);
  });

  it("are named in a map's key only when the map shows part of the east", () => {
    // Lysychansk to Bakhmut; a corner of the box; Kyiv; Odesa.
    expect(showsRoads([[48.59, 38.0], [48.92, 38.43]])).toBe(true);
    expect(showsRoads([[50.4, 40.2], [50.7, 40.6]])).toBe(true);
    expect(showsRoads([[50.3, 30.3], [50.6, 30.7]])).toBe(false);
    expect(showsRoads([[46.3, 30.6], [46.6, 30.9]])).toBe(false);
  });
});
