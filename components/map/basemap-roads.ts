import type { Feature, FeatureCollection } from "geojson";
import type { LatLngBoundsLiteral, PathOptions } from "leaflet";

// The main roads on the offline basemap: where the basemap has them (scripts/build-basemap.ts
// clips them to ROADS_BOX), how they are drawn, and whether a map's key should name them. Plain
// data and functions, so the build script, the map and the key share one definition.

/** The east, where the basemap has finer rivers too: Kharkiv, Luhansk and Donetsk oblasts. */
export const ROADS_BOX = { west: 35.5, south: 47.3, east: 40.3, north: 50.5 } as const;

/**
 * A road is a light line with darker edges: told from a river (one blue line), a border (one grey
 * line) and a route (a thick coloured line, dashed for every status but open) by its shape, not
 * only its colour. Both lines stay thinner than a route's 5 px.
 */
export const ROAD_STYLE = {
  casing: { color: "#a8997c", weight: 3.5 },
  core: { color: "#fffdf7", weight: 1.8 },
} as const;

/** The class names let a test (or a print stylesheet) find the roads among the basemap's paths. */
export const ROAD_PATH_OPTIONS: Record<"road-casing" | "road", PathOptions> = {
  "road-casing": { ...ROAD_STYLE.casing, fill: false, lineCap: "round", lineJoin: "round", className: "map-road-casing" },
  road: { ...ROAD_STYLE.core, fill: false, lineCap: "round", lineJoin: "round", className: "map-road" },
};

/**
 * Each `road` feature drawn twice: first as its casing, then itself on top. The file holds the
 * lines once (its size budget is tight) and the order of features is the order they are painted.
 */
export function withRoadCasing(collection: FeatureCollection): FeatureCollection {
  return {
    ...collection,
    features: collection.features.flatMap((feature): Feature[] =>
      feature.properties?.kind === "road" ? [{ ...feature, properties: { ...feature.properties, kind: "road-casing" } }, feature] : [feature],
    ),
  };
}

/** Whether a map fitted to `bounds` (its corners as [lat, lon]) shows any of the basemap's roads. */
export function showsRoads(bounds: LatLngBoundsLiteral): boolean {
  const lats = bounds.map(([lat]) => lat);
  const lons = bounds.map(([, lon]) => lon);
  return Math.min(...lons) <= ROADS_BOX.east && Math.max(...lons) >= ROADS_BOX.west && Math.min(...lats) <= ROADS_BOX.north && Math.max(...lats) >= ROADS_BOX.south;
}
