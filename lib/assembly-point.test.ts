import { describe, expect, it } from "vitest";
import { publicAssemblyPoint, type AssemblyPointFacts } from "./assembly-point";

const NONE: AssemblyPointFacts = {
  assemblyPoint: { uk: "", ru: "", en: "" },
  assemblyPointLat: null,
  assemblyPointLon: null,
  assemblyPointOpens: null,
  assemblyPointCloses: null,
  assemblyPointCall: null,
};

describe("publicAssemblyPoint", () => {
  it("is null when the coordinator gave none of its parts (blank text counts as none)", () => {
    expect(publicAssemblyPoint(NONE)).toBeNull();
    expect(publicAssemblyPoint({ ...NONE, assemblyPoint: { uk: "  ", ru: "", en: "" }, assemblyPointCall: " " })).toBeNull();
  });

  it("gives each part it has, and null for the rest", () => {
    expect(publicAssemblyPoint({ ...NONE, assemblyPoint: { uk: "Школа № 3", ru: "", en: "" } })).toEqual({
      name: { uk: "Школа № 3", ru: "", en: "" },
      point: null,
      hours: null,
      call: null,
    });
    expect(publicAssemblyPoint({ ...NONE, assemblyPointLat: 48.9, assemblyPointLon: 38.43, assemblyPointOpens: "08:00", assemblyPointCloses: "20:00", assemblyPointCall: " +380 50 123 45 67 " })).toEqual({
      name: NONE.assemblyPoint,
      point: { lat: 48.9, lon: 38.43 },
      hours: { opens: "08:00", closes: "20:00" },
      call: "+380 50 123 45 67",
    });
  });

  it("never gives half a point or half the hours", () => {
    const half = publicAssemblyPoint({ ...NONE, assemblyPoint: { uk: "", ru: "", en: "Gate 2" }, assemblyPointLat: 48.9, assemblyPointOpens: "08:00" });
    expect(half?.point).toBeNull();
    expect(half?.hours).toBeNull();
  });

  it("passes on exactly the point it is given: the public read has already rounded it", () => {
    expect(publicAssemblyPoint({ ...NONE, assemblyPointLat: 48.9, assemblyPointLon: 38.43 })?.point).toEqual({ lat: 48.9, lon: 38.43 });
  });
});
