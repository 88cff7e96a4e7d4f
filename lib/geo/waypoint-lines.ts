import type { LonLat } from "./lon-lat";

// A route's line as people type it: one "latitude, longitude" per line, latitude first as on
// every map and phone (the stored form is GeoJSON's [lon, lat]). The waypoints form field submits
// this text, and the server action parses it with the same function, so both sides agree on what
// a valid line is. Deliberately strict and unambiguous: decimal point only (a decimal comma would
// be indistinguishable from the separator in "48,9, 38,4"), separator a comma, a semicolon or
// whitespace, blank lines ignored.

export type WaypointLineProblem = "format" | "latitude" | "longitude";

export type WaypointLinesResult =
  | { ok: true; points: LonLat[] }
  /** line: 1-based, counting blank lines too, so it matches what the person sees. */
  | { ok: false; line: number; problem: WaypointLineProblem };

const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * The two numbers of a line, or null. Tokenised rather than matched with one pattern: a pattern
 * with overlapping optional spaces backtracks quadratically on a long line of spaces, and this
 * runs on the server for every submitted line (and in the browser on every keystroke).
 */
function numbersOf(line: string): [string, string] | null {
  const separators = line.match(/[,;]/g)?.length ?? 0;
  if (separators > 1) return null;
  const parts = line.replace(/[,;]/, " ").trim().split(/\s+/);
  if (parts.length !== 2 || !NUMBER.test(parts[0]!) || !NUMBER.test(parts[1]!)) return null;
  return [parts[0]!, parts[1]!];
}

/** Parses "lat, lon" lines; the first bad line is reported and nothing is returned for it. */
export function parseWaypointLines(text: string): WaypointLinesResult {
  const points: LonLat[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const numbers = numbersOf(line);
    if (!numbers) return { ok: false, line: i + 1, problem: "format" };
    const lat = Number(numbers[0]);
    const lon = Number(numbers[1]);
    if (!(lat >= -90 && lat <= 90)) return { ok: false, line: i + 1, problem: "latitude" };
    if (!(lon >= -180 && lon <= 180)) return { ok: false, line: i + 1, problem: "longitude" };
    // Normalise -0 so that a point written "-0.0, 30" is stored and compared as 0.
    points.push([lon + 0, lat + 0]);
  }
  return { ok: true, points };
}

/** One "lat, lon" line per point, 5 decimals (about a metre), the form parseWaypointLines reads. */
export function formatWaypointLines(points: readonly LonLat[]): string {
  return points.map(([lon, lat]) => `${fixed(lat)}, ${fixed(lon)}`).join("\n");
}

function fixed(value: number): string {
  const text = value.toFixed(5);
  // toFixed keeps the sign of tiny negatives ("-0.00000"); nobody means "minus zero".
  return /^-0\.0+$/.test(text) ? text.slice(1) : text;
}
