import { describe, expect, it } from "vitest";
import { SCENARIO_ROUTES } from "@/db/scenario/routes";
import { DEFAULT_FLAG_DISTANCE_KM, distanceToRouteKm, routesNear } from "./proximity";

// The scenario's real coordinates (domain.md): the Kreminna shooting was on the road west out of town.
const KREMINNA_SHOOTING = { lat: 49.041, lon: 38.19 };
const route = (slug: string) => SCENARIO_ROUTES.find((r) => r.slug === slug)!;

describe("distance from an incident to a route's line", () => {
  it("puts the Kreminna shooting within 2 km of the Kreminna–Sloviansk route", () => {
    const km = distanceToRouteKm(KREMINNA_SHOOTING, route("kreminna-sloviansk").waypoints);
    expect(km).toBeLessThan(DEFAULT_FLAG_DISTANCE_KM);
    expect(km).toBeGreaterThan(0);
  });

  it("puts it about 210 km from the Mariupol–Zaporizhzhia corridor", () => {
    const km = distanceToRouteKm(KREMINNA_SHOOTING, route("mariupol-zaporizhzhia").waypoints);
    expect(km).toBeGreaterThan(150);
  });

  it("measures to the nearest segment, not only to the waypoints", () => {
    // Halfway along the first leg of Lysychansk–Bakhmut, nudged off the line by about 1 km of latitude.
    const [a, b] = route("lysychansk-bakhmut").waypoints as [[number, number], [number, number], ...unknown[]];
    const mid = { lat: (a[1] + b[1]) / 2 + 0.009, lon: (a[0] + b[0]) / 2 };
    const km = distanceToRouteKm(mid, route("lysychansk-bakhmut").waypoints);
    expect(km).toBeGreaterThan(0.3);
    expect(km).toBeLessThan(1.1);
  });
});

describe("routesNear", () => {
  it("flags exactly the Kreminna route for the Kreminna shooting among the scenario's routes", () => {
    const near = routesNear(KREMINNA_SHOOTING, SCENARIO_ROUTES, DEFAULT_FLAG_DISTANCE_KM);
    expect(near.map((n) => n.route.slug)).toEqual(["kreminna-sloviansk"]);
  });

  it("lists routes nearest first when several pass close by", () => {
    // Lysychansk town centre: the Lysychansk and Sievierodonetsk routes both pass through it.
    const near = routesNear({ lat: 48.904, lon: 38.442 }, SCENARIO_ROUTES, DEFAULT_FLAG_DISTANCE_KM);
    expect(near.map((n) => n.route.slug).sort()).toEqual(["lysychansk-bakhmut", "sievierodonetsk-kramatorsk"]);
    expect(near[0]!.km).toBeLessThanOrEqual(near[1]!.km);
  });
});
