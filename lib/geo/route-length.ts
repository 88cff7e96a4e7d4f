import { lineString } from "@turf/helpers";
import length from "@turf/length";
import type { LonLat } from "./lon-lat";

/**
 * Length of a route's line in kilometres along the Earth's surface (great-circle segments),
 * as residents and drivers think of it; 0 for fewer than two points.
 */
export function routeLengthKm(waypoints: readonly LonLat[]): number {
  if (waypoints.length < 2) return 0;
  return length(lineString(waypoints.map(([lon, lat]) => [lon, lat])), { units: "kilometers" });
}
