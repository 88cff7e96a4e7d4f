import { describe, expect, it } from "vitest";
import { formatViewBounds, initialBounds, labelSide } from "./view";

describe("labelSide: a town's name faces the middle of the map, so it stays inside the frame", () => {
  const width = 328; // a 360 px phone's map

  it("goes right of a dot in the left half, left of a dot in the right half", () => {
    expect(labelSide(0, width)).toBe("right");
    expect(labelSide(40, width)).toBe("right");
    expect(labelSide(164, width)).toBe("right");
    expect(labelSide(165, width)).toBe("left");
    expect(labelSide(328, width)).toBe("left");
  });

  it("faces the middle for a town off screen too (its name is then hidden, not cut)", () => {
    expect(labelSide(-20, width)).toBe("right");
    expect(labelSide(400, width)).toBe("left");
  });
});

describe("initialBounds", () => {
  it("fits the first group that has points", () => {
    expect(
      initialBounds([
        [],
        [
          { lat: 48.9, lon: 38.4 },
          { lat: 48.6, lon: 38.0 },
        ],
      ]),
    ).toEqual([
      [48.6, 38.0],
      [48.9, 38.4],
    ]);
  });

  it("falls back to Luhansk oblast, not the whole country", () => {
    const [southWest, northEast] = initialBounds([[]]);
    const [south, west] = southWest!;
    const [north, east] = northEast!;
    expect(north - south).toBeLessThan(3);
    expect(east - west).toBeLessThan(3);
    expect(south).toBeGreaterThan(47);
    expect(west).toBeGreaterThan(37);
  });
});

it("formatViewBounds writes south,west,north,east with 5 decimals", () => {
  const bounds = { getSouth: () => 48.123456, getWest: () => 37.5, getNorth: () => 49, getEast: () => 38.999999 };
  expect(formatViewBounds(bounds)).toBe("48.12346,37.50000,49.00000,39.00000");
});
