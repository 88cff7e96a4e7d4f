// Shapes shared by the map components. Plain types only: importing this module never loads Leaflet.
import type { LonLat } from "@/db/schema/routes";
import type { MapTiles } from "@/env";

export type { LonLat, MapTiles };

/** A reference town drawn on every map so coordinators can orient themselves. */
export type MapTown = { slug: string; name: string; lat: number; lon: number };

export type MapPoint = { lat: number; lon: number };

/**
 * Strings every map needs. They come from the page (next-intl on the server) because only the
 * `nav` messages reach the browser.
 */
export type BaseMapLabels = {
  /** Accessible name of the map, e.g. "Map of the route: click to add a point". */
  mapLabel: string;
  zoomIn: string;
  zoomOut: string;
  /** Shown under the map when the background map file could not be loaded. */
  basemapUnavailable: string;
};
