import type { FitBoundsOptions, LatLngBoundsLiteral } from "leaflet";
import type { MapPoint } from "./types";

// What a map shows: the area fitted when it is created and when the person changes what it is
// about (other towns); it never moves by itself otherwise, so a click lands where the person, or a
// test, aimed. And where a town's name goes so that it is never cut off at the map's edge.

/**
 * How a map fits its area: a margin inside the frame wide enough for the numbered points (26 px)
 * and a line's round caps, at most zoom 11 (a town's streets are beyond the basemap's detail), and
 * no animation, so the view is final at once and clicks land predictably.
 */
export const FIT_OPTIONS: FitBoundsOptions = { padding: [32, 32], maxZoom: 11, animate: false };
/** Luhansk oblast, around 48.9N 38.4E: where Corridor's coordinators work when nothing else is known. */
const LUHANSK_OBLAST: LatLngBoundsLiteral = [
  [47.8, 37.6],
  [50.1, 40.3],
];

/** Half the side of the box drawn around a single point (~15 km), so the map shows its surroundings. */
const SINGLE_POINT_MARGIN = 0.15;

/** Bounds of the first non-empty group of points (e.g. [focus, towns]), else Luhansk oblast. */
export function initialBounds(groups: readonly (readonly MapPoint[])[]): LatLngBoundsLiteral {
  const points = groups.find((group) => group.length > 0);
  if (!points) return LUHANSK_OBLAST;
  let south = Infinity;
  let west = Infinity;
  let north = -Infinity;
  let east = -Infinity;
  for (const { lat, lon } of points) {
    south = Math.min(south, lat);
    north = Math.max(north, lat);
    west = Math.min(west, lon);
    east = Math.max(east, lon);
  }
  const latMargin = Math.max(0, SINGLE_POINT_MARGIN - (north - south) / 2);
  const lonMargin = Math.max(0, SINGLE_POINT_MARGIN - (east - west) / 2);
  return [
    [south - latMargin, west - lonMargin],
    [north + latMargin, east + lonMargin],
  ];
}

/** [lon, lat] pairs as map points. */
export function lonLatPoints(points: readonly [number, number][]): MapPoint[] {
  return points.map(([lon, lat]) => ({ lat, lon }));
}

/** 5 decimals (about a metre): what the form fields show and the server stores. */
export function round5(value: number): number {
  return Math.round(value * 1e5) / 1e5 + 0;
}

/** The view's bounds as "south,west,north,east" with 5 decimals, for the map element's data-view-bounds. */
export function formatViewBounds(bounds: { getSouth(): number; getWest(): number; getNorth(): number; getEast(): number }): string {
  return [bounds.getSouth(), bounds.getWest(), bounds.getNorth(), bounds.getEast()].map((v) => round5(v).toFixed(5)).join(",");
}

/** Space between a town's dot and its name, in pixels (the dot's radius and a little air). */
export const LABEL_GAP = 6;

/**
 * Which side of its dot a town's name goes: towards the middle of the map, which is always the
 * side with more room, so the name stays inside the frame. `x` is the dot's distance from the map's
 * left edge in pixels. A name too long for either side is hidden by the caller, never cut off.
 */
export function labelSide(x: number, mapWidth: number): "left" | "right" {
  return x > mapWidth / 2 ? "left" : "right";
}
