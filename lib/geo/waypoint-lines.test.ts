import { describe, expect, it } from "vitest";
import { formatWaypointLines, parseWaypointLines } from "./waypoint-lines";

describe("parseWaypointLines", () => {
  it("reads latitude first and returns GeoJSON [lon, lat] points", () => {
    expect(parseWaypointLines("48.904, 38.442\n48.853, 37.606")).toEqual({
      ok: true,
      points: [
        [38.442, 48.904],
        [37.606, 48.853],
      ],
    });
  });

  it("accepts a comma, a semicolon or whitespace between the numbers", () => {
    for (const line of ["48.904, 38.442", "48.904,38.442", "48.904 38.442", "48.904\t38.442", "48.904;38.442", "48.904 ; 38.442", "  48.904 ,  38.442  "]) {
      expect(parseWaypointLines(line), line).toEqual({ ok: true, points: [[38.442, 48.904]] });
    }
  });

  it("accepts signs and whole numbers", () => {
    expect(parseWaypointLines("-33.9, +18\n0, -0.5")).toEqual({
      ok: true,
      points: [
        [18, -33.9],
        [-0.5, 0],
      ],
    });
  });

  it("ignores blank lines and Windows or old Mac line ends", () => {
    expect(parseWaypointLines("\n48.904, 38.442\r\n\r\n   \r48.853, 37.606\n")).toEqual({
      ok: true,
      points: [
        [38.442, 48.904],
        [37.606, 48.853],
      ],
    });
  });

  it("is empty for empty text", () => {
    expect(parseWaypointLines("")).toEqual({ ok: true, points: [] });
    expect(parseWaypointLines(" \n\n")).toEqual({ ok: true, points: [] });
  });

  it("reports the first malformed line, counting blank lines so the number matches the textarea", () => {
    expect(parseWaypointLines("48.904, 38.442\n\n48.853")).toEqual({ ok: false, line: 3, problem: "format" });
    for (const bad of [
      "48,904, 38,442", // decimal commas are refused, not misread
      "48,904 38,442",
      "48.904, 38.442, 12",
      "48.904,, 38.442",
      "48.904 N, 38.442 E",
      "lat, lon",
      "48.904",
      "1e1, 20",
      "48., 38.4",
      ".5, 38.4",
      "NaN, 38",
      "Infinity, 38",
    ]) {
      expect(parseWaypointLines(bad), bad).toEqual({ ok: false, line: 1, problem: "format" });
    }
  });

  it("refuses coordinates outside the globe, saying which one", () => {
    expect(parseWaypointLines("90.00001, 38")).toEqual({ ok: false, line: 1, problem: "latitude" });
    expect(parseWaypointLines("-91, 38")).toEqual({ ok: false, line: 1, problem: "latitude" });
    expect(parseWaypointLines("48.9, 180.5")).toEqual({ ok: false, line: 1, problem: "longitude" });
    expect(parseWaypointLines("48.9, 38\n12, -181")).toEqual({ ok: false, line: 2, problem: "longitude" });
    expect(parseWaypointLines("90, 180\n-90, -180")).toEqual({
      ok: true,
      points: [
        [180, 90],
        [-180, -90],
      ],
    });
  });
});

describe("formatWaypointLines", () => {
  it("writes one 'lat, lon' line per point with 5 decimals", () => {
    expect(
      formatWaypointLines([
        [38.442, 48.904],
        [37.606123456, 48.853],
      ]),
    ).toBe("48.90400, 38.44200\n48.85300, 37.60612");
  });

  it("is empty for no points and never writes minus zero", () => {
    expect(formatWaypointLines([])).toBe("");
    expect(formatWaypointLines([[-0.000001, -0]])).toBe("0.00000, 0.00000");
  });

  it("round-trips through parseWaypointLines at 5 decimals", () => {
    const points: [number, number][] = [
      [38.44212, 48.90409],
      [-179.99999, -89.5],
      [180, 90],
    ];
    expect(parseWaypointLines(formatWaypointLines(points))).toEqual({ ok: true, points });
  });

  it("reads a crafted line of many spaces quickly and refuses it (no catastrophic backtracking)", () => {
    const line = "1" + " ".repeat(40_000) + "x";
    // The parser tokenises instead of backtracking (a single pattern took about 1 s here).
    expect(parseWaypointLines(line)).toEqual({ ok: false, line: 1, problem: "format" });
  });

  it("refuses a line with two separators or a comma inside a number", () => {
    expect(parseWaypointLines("48,9, 38,4")).toMatchObject({ ok: false, problem: "format" });
    expect(parseWaypointLines("48.9;; 38.4")).toMatchObject({ ok: false, problem: "format" });
  });
});
