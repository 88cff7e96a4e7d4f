// Shapes shared by the map components. Plain types only: importing this module never loads Leaflet.
import type { LonLat } from "@/db/schema/routes";
import type { MapTiles } from "@/env";
import type { RouteMapStatus } from "./route-style";

export type { LonLat, MapTiles, RouteMapStatus };

/** A reference town drawn on every map so coordinators can orient themselves. */
export type MapTown = { slug: string; name: string; lat: number; lon: number };

export type MapPoint = { lat: number; lon: number };

/**
 * A place residents go to, drawn with its name (an assembly point). Its point is the public one,
 * already rounded to about 1 km: the map never shows it finer than the text does.
 */
export type MapPlace = MapPoint & { name: string };

/**
 * The reception points of one town, drawn at the town's own public point: a point's public
 * record has a street address but no position, so the map never places it finer than its town.
 * `points` are each point's name and judged status in the reader's words ("Open", "Unconfirmed").
 */
export type MapReception = MapPoint & { town: string; points: { name: string; status: string }[] };

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
  /** The page's language ("uk", "ru", "en"): the basemap's names (rivers) are given in all three. */
  language: string;
};

// The labels and props of the map fields and the route map, here rather than beside their
// components so the Leaflet halves (loaded on demand) import no component module back.

export type PointFieldLabels = BaseMapLabels & {
  /** Legend of the fieldset, e.g. "Location". */
  legend: string;
  /** Above the map, e.g. "Click the map to place the point, or drag the marker." */
  mapHint: string;
  /** "Latitude" */
  latLabel: string;
  /** "Longitude" */
  lonLabel: string;
  /** The marker's name, e.g. "Selected point". */
  marker: string;
};

export type RouteMapRoute = { slug: string; label: string; status: RouteMapStatus; waypoints: LonLat[] };

export type RouteMapLabels = BaseMapLabels & {
  /** The status words, as on the badges: { open: "Open", caution: "Caution", ... }. */
  status: Record<RouteMapStatus, string>;
  /** Accessible name of the key under the map, e.g. "Line styles". */
  legend: string;
  /** The key's word and each place's title, e.g. "Assembly point (to about 1 km)". */
  assemblyPoint: string;
  /** The key's word for the basemap's roads, e.g. "Main road". */
  mainRoad: string;
  /** The key's word and each mark's title, e.g. "Reception point (in the town: address on its page)". */
  receptionPoint: string;
};

export type RouteMapProps = {
  routes: RouteMapRoute[];
  /** One place to mark besides the routes (an incident under review), named by `title`. */
  marker?: MapPoint & { title: string };
  /** Assembly points of the routes shown. */
  places?: MapPlace[];
  /** Reception points at the destination, one mark per town. */
  reception?: MapReception[];
  towns: MapTown[];
  tiles: MapTiles;
  labels: RouteMapLabels;
};

export type WaypointsFieldLabels = BaseMapLabels & {
  /** Legend of the fieldset holding map and list, e.g. "Route line". */
  legend: string;
  /** Above the map, e.g. "Click the map to add a point at the end of the line. Drag a point to move it; click it to remove it." */
  mapHint: string;
  /** Above the map while the list has a bad line, e.g. "Correct the list below to edit the line on the map again." */
  fixToEditMap: string;
  /** e.g. "Waypoints, one “latitude, longitude” per line" */
  textareaLabel: string;
  /** e.g. "For example 48.90400, 38.44200. Use a decimal point." */
  textareaHint: string;
  /** "{km}" is replaced by the formatted length, e.g. "Length: {km} km". */
  length: string;
  /** Instead of the length below two points, e.g. "Add at least two points." */
  tooFewPoints: string;
  /** Marker name, "{n}" is its number: "Point {n}". */
  point: string;
  /** "Remove point {n}" */
  removePoint: string;
  /** "Remove last point" */
  removeLast: string;
  /** Closes a point's popup: "Close". */
  closePopup: string;
  /** "{line}" is the line number: "Line {line}: write latitude, then longitude, e.g. 48.90400, 38.44200 (decimal point)." */
  errorFormat: string;
  /** "Line {line}: latitude must be between -90 and 90." */
  errorLatitude: string;
  /** "Line {line}: longitude must be between -180 and 180." */
  errorLongitude: string;
};
