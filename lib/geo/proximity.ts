import { lineString, point } from "@turf/helpers";
import pointToLineDistance from "@turf/point-to-line-distance";
import type { LonLat } from "./lon-lat";

/** How close (km) an incident must be to a route's line to flag it for review, unless configured. */
export const DEFAULT_FLAG_DISTANCE_KM = 2;

export type LatLon = { lat: number; lon: number };

/** Shortest distance in km from a point to a route's line, along the Earth's surface (geodesic). */
export function distanceToRouteKm(at: LatLon, waypoints: readonly LonLat[]): number {
  if (waypoints.length === 0) return Infinity;
  const target = point([at.lon, at.lat]);
  if (waypoints.length === 1) return pointToLineDistance(target, lineString([waypoints[0]!, waypoints[0]!]), { units: "kilometers", method: "geodesic" });
  return pointToLineDistance(target, lineString(waypoints.map(([lon, lat]) => [lon, lat])), { units: "kilometers", method: "geodesic" });
}

/** The routes whose line passes within `maxKm` of the point, nearest first, with their distance. */
export function routesNear<R extends { waypoints: readonly LonLat[] }>(at: LatLon, routes: readonly R[], maxKm: number) {
  return routes
    .map((route) => ({ route, km: distanceToRouteKm(at, route.waypoints) }))
    .filter((r) => r.km <= maxKm)
    .sort((a, b) => a.km - b.km);
}
