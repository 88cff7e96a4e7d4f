import { describe, expect, it } from "vitest";
import { bedsAfterArrival } from "./reception-points";

describe("bedsAfterArrival", () => {
  it("takes the count off the free beds and those on special places off the accessible ones", () => {
    expect(bedsAfterArrival({ bedsFree: 30, bedsAccessibleFree: 4 }, { arrived: 5, accessible: 2 })).toEqual({ bedsFree: 25, bedsAccessibleFree: 2 });
  });
  it("never goes below 0", () => {
    expect(bedsAfterArrival({ bedsFree: 3, bedsAccessibleFree: 1 }, { arrived: 9, accessible: 4 })).toEqual({ bedsFree: 0, bedsAccessibleFree: 0 });
  });
  it("counts no more people needing accessible beds than arrived", () => {
    expect(bedsAfterArrival({ bedsFree: 30, bedsAccessibleFree: 4 }, { arrived: 1, accessible: 2 })).toEqual({ bedsFree: 29, bedsAccessibleFree: 3 });
  });
  it("keeps the accessible free beds within the free beds", () => {
    expect(bedsAfterArrival({ bedsFree: 5, bedsAccessibleFree: 5 }, { arrived: 3, accessible: 0 })).toEqual({ bedsFree: 2, bedsAccessibleFree: 2 });
  });
  it("changes nothing for an arrival of nobody", () => {
    expect(bedsAfterArrival({ bedsFree: 7, bedsAccessibleFree: 2 }, { arrived: 0, accessible: 0 })).toEqual({ bedsFree: 7, bedsAccessibleFree: 2 });
  });
});
