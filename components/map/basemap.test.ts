import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { lineString, point } from "@turf/helpers";
import length from "@turf/length";
import pointToLineDistance from "@turf/point-to-line-distance";
import { describe, expect, it } from "vitest";
import { ROADS_BOX } from "./basemap-roads";

// The offline basemap every map fetches (public/basemap/region.json, made by
// scripts/build-basemap.ts): held to the size budget stated in docs/residents.md ("Maps"), since every
// resident who opens a route map downloads it, often on a weak mobile connection; and checked to
// still show what a resident of Luhansk oblast recognises.

/** Bytes as the server sends them (gzip, as Next compresses public files) and as the browser parses them. */
const BUDGET = { gzipBytes: 60 * 1024, rawBytes: 190 * 1024 };

type Geometry = { type: string; coordinates: unknown };
type Feature = { properties: { kind: string; between?: [string, string] }; geometry: Geometry };
type Lon = number;
type Lat = number;
type Line = [Lon, Lat][];

const file = path.join(process.cwd(), "public/basemap/region.json");
const bytes = fs.readFileSync(file);
const basemap = JSON.parse(bytes.toString("utf8")) as { features: Feature[] };
const features = (kind: string) => basemap.features.filter((f) => f.properties.kind === kind);
const linesOf = (feature: Feature): Line[] =>
  feature.geometry.type === "MultiLineString" ? (feature.geometry.coordinates as Line[]) : [feature.geometry.coordinates as Line];
const kmFrom = (lines: Line[], [lon, lat]: [Lon, Lat]) =>
  Math.min(...lines.map((line) => pointToLineDistance(point([lon, lat]), lineString(line), { units: "kilometers" })));

/**
 * Whether the roads connect `from` and `to` without leaving a corridor `corridorKm` wide either
 * side of the straight line between them: from a vertex within `endKm` of one town, along the
 * lines, and across junctions (a line's vertex within JUNCTION_KM of another line), to a vertex
 * within `endKm` of the other. How the file splits the network into lines does not matter.
 */
const JUNCTION_KM = 0.6;
function roadConnects(roads: Line[], from: [Lon, Lat], to: [Lon, Lat], { corridorKm, endKm }: { corridorKm: number; endKm: number }): boolean {
  const axis = lineString([from, to]);
  const kmBetween = (a: [Lon, Lat], b: [Lon, Lat]) => length(lineString([a, b]), { units: "kilometers" });
  const inCorridor = (p: [Lon, Lat]) => pointToLineDistance(point(p), axis, { units: "kilometers" }) <= corridorKm;
  // Vertices are "line:index", all inside the corridor; an edge joins neighbours on a line, and a
  // vertex near another line's segment to both ends of that segment.
  const edges = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    edges.set(a, [...(edges.get(a) ?? []), b]);
    edges.set(b, [...(edges.get(b) ?? []), a]);
  };
  roads.forEach((line, l) => line.forEach((p, i) => i > 0 && inCorridor(p) && inCorridor(line[i - 1]!) && link(`${l}:${i - 1}`, `${l}:${i}`)));
  roads.forEach((line, l) =>
    line.forEach((p, i) => {
      if (!inCorridor(p)) return;
      roads.forEach((other, o) => {
        if (o === l) return;
        for (let j = 1; j < other.length; j++) {
          const [a, b] = [other[j - 1]!, other[j]!];
          if (inCorridor(a) && inCorridor(b) && pointToLineDistance(point(p), lineString([a, b]), { units: "kilometers" }) <= JUNCTION_KM) {
            link(`${l}:${i}`, `${o}:${j - 1}`);
            link(`${l}:${i}`, `${o}:${j}`);
          }
        }
      });
    }),
  );
  const at = (id: string) => {
    const [l, i] = id.split(":").map(Number);
    return roads[l!]![i!]!;
  };
  const near = (p: [Lon, Lat], town: [Lon, Lat]) => kmBetween(p, town) <= endKm;
  const start = roads.flatMap((line, l) => line.map((_, i) => `${l}:${i}`)).filter((id) => near(at(id), from) && inCorridor(at(id)));
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (near(at(id), to)) return true;
    for (const next of edges.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

describe("the offline basemap", () => {
  it(`stays within its budget: ${BUDGET.gzipBytes / 1024} KB gzip, ${BUDGET.rawBytes / 1024} KB uncompressed`, () => {
    expect(zlib.gzipSync(bytes).length).toBeLessThanOrEqual(BUDGET.gzipBytes);
    expect(bytes.length).toBeLessThanOrEqual(BUDGET.rawBytes);
  });

  it("has the layers the map styles, land first so everything else is drawn over it", () => {
    expect(basemap.features[0]?.properties.kind).toBe("land");
    for (const kind of ["land", "road", "lake", "river", "river-label", "oblast", "coast", "border"]) expect(features(kind).length, kind).toBeGreaterThan(0);
    // Roads under the water: a river is drawn across the roads that bridge it.
    const kinds = basemap.features.map((f) => f.properties.kind);
    expect(kinds.lastIndexOf("road")).toBeLessThan(kinds.indexOf("lake"));
    expect(kinds.lastIndexOf("road")).toBeLessThan(kinds.indexOf("river"));
  });

  it("draws the Dnipro through the cities on its banks", () => {
    const rivers = features("river").flatMap(linesOf);
    // Points on the river itself (embankments and dams), not the cities' centres.
    const onTheDnipro: Record<string, [Lon, Lat]> = {
      Kyiv: [30.53, 50.47],
      Kaniv: [31.47, 49.75],
      Kremenchuk: [33.42, 49.07],
      Dnipro: [35.05, 48.46],
      "Zaporizhzhia (dam)": [35.09, 47.87],
      Kherson: [32.6, 46.64],
    };
    for (const [place, at] of Object.entries(onTheDnipro)) expect(kmFrom(rivers, at), place).toBeLessThan(5);
  });

  it("draws the Siverskyi Donets past Izium, Sviatohirsk and Lysychansk, and names it there in three languages", () => {
    const rivers = features("river").flatMap(linesOf);
    // Points on the river itself: the towns on its banks, from upstream down.
    const onTheDonets: Record<string, [Lon, Lat]> = { Izium: [37.26, 49.21], Sviatohirsk: [37.57, 49.03], Lysychansk: [38.43, 48.905] };
    for (const [place, at] of Object.entries(onTheDonets)) expect(kmFrom(rivers, at), place).toBeLessThan(2);
    const labels = features("river-label") as unknown as { properties: { name: Record<string, string> }; geometry: { coordinates: [Lon, Lat] } }[];
    const donets = labels.find((f) => f.properties.name.en === "Siverskyi Donets");
    expect(donets?.properties.name).toEqual({ uk: "Сіверський Донець", ru: "Северский Донец", en: "Siverskyi Donets" });
    // On its line, beside Lysychansk (a label kilometres off would name the wrong water).
    expect(kmFrom(rivers, donets!.geometry.coordinates)).toBeLessThan(0.5);
    expect(kmFrom([[[38.43, 48.905], [38.4301, 48.905]]], donets!.geometry.coordinates)).toBeLessThan(5);
  });

  it("draws Luhansk oblast's borders with Donetsk and Kharkiv oblasts, inside the oblast's area", () => {
    const oblastBorders = features("oblast");
    for (const neighbour of ["Donets'k", "Kharkiv"]) {
      const border = oblastBorders.find((f) => f.properties.between?.includes("Luhans'k") && f.properties.between.includes(neighbour));
      expect(border, `Luhansk–${neighbour}`).toBeDefined();
      const lines = linesOf(border!);
      // Both borders run for well over 100 km (Natural Earth 1:10m admin-1).
      const km = lines.reduce((sum, line) => sum + length(lineString(line), { units: "kilometers" }), 0);
      expect(km, `Luhansk–${neighbour} length`).toBeGreaterThan(100);
      for (const [lon, lat] of lines.flat()) {
        expect(lat).toBeGreaterThan(47.8);
        expect(lat).toBeLessThan(50.2);
        expect(lon).toBeGreaterThan(37.7);
        expect(lon).toBeLessThan(40.3);
      }
    }
    // Siversk (Donetsk oblast) and Popasna (Luhansk oblast) lie on either side of it, close by.
    const luhanskDonetsk = linesOf(oblastBorders.find((f) => f.properties.between?.join("|") === "Donets'k|Luhans'k")!);
    expect(kmFrom(luhanskDonetsk, [38.1, 48.87]), "Siversk").toBeLessThan(10);
    expect(kmFrom(luhanskDonetsk, [38.38, 48.63]), "Popasna").toBeLessThan(10);
  });

  describe("main roads (Natural Earth 1:10m, only in the east)", () => {
    const roads = features("road").flatMap(linesOf);

    it("lie inside the east box", () => {
      expect(roads.length).toBeGreaterThan(0);
      for (const [lon, lat] of roads.flat()) {
        expect(lon).toBeGreaterThanOrEqual(ROADS_BOX.west);
        expect(lon).toBeLessThanOrEqual(ROADS_BOX.east);
        expect(lat).toBeGreaterThanOrEqual(ROADS_BOX.south);
        expect(lat).toBeLessThanOrEqual(ROADS_BOX.north);
      }
    });

    it("include the road from Lysychansk to Bakhmut by Soledar", () => {
      const lysychansk: [Lon, Lat] = [38.43, 48.92];
      const soledar: [Lon, Lat] = [38.09, 48.68];
      const bakhmut: [Lon, Lat] = [38.0, 48.595];
      expect(kmFrom(roads, lysychansk), "Lysychansk").toBeLessThan(3);
      expect(kmFrom(roads, soledar), "Soledar").toBeLessThan(2);
      expect(kmFrom(roads, bakhmut), "Bakhmut").toBeLessThan(3);
      // One road between them, not a detour by Sloviansk (~40 km west of the straight line).
      expect(roadConnects(roads, lysychansk, bakhmut, { corridorKm: 8, endKm: 4 })).toBe(true);
    });

    it("include the M03 from Kharkiv by Izium and Bakhmut to Debaltseve", () => {
      const stops: [string, [Lon, Lat]][] = [
        ["Kharkiv", [36.23, 49.99]],
        ["Izium", [37.26, 49.21]],
        ["Bakhmut", [38.0, 48.595]],
        ["Debaltseve", [38.4, 48.34]],
      ];
      for (const [name, at] of stops) expect(kmFrom(roads, at), name).toBeLessThan(3);
      for (let i = 1; i < stops.length; i++) {
        const [fromName, from] = stops[i - 1]!;
        const [toName, to] = stops[i]!;
        // Within 20 km of the straight line: it bends out by Chuhuiv (~16 km), never by Kupiansk or Sloviansk's west.
        expect(roadConnects(roads, from, to, { corridorKm: 20, endKm: 4 }), `${fromName}–${toName}`).toBe(true);
      }
    });
  });
});
