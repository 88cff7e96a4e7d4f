/** A point as GeoJSON orders it: [longitude, latitude]. Route lines are arrays of these. */
export type LonLat = [number, number];
