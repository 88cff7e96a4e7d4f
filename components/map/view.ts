import type { LatLngBoundsLiteral } from "leaflet";
import type { MapPoint } from "./types";

// The first view of a map, decided once when it is created (it never moves by itself afterwards,
// so a click lands where the person, or a test, aimed).

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
