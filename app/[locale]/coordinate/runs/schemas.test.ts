import { describe, expect, it } from "vitest";
import { newRunSchema, runReceptionPointSchema, runStatusSchema } from "./schemas";

const form = (over: Record<string, string> = {}) => ({
  vehicle: "van",
  seats: "2",
  wheelchairPlaces: "0",
  stretcherPlaces: "2",
  routeId: "",
  townSlug: "lysychansk",
  departsFrom: "2026-12-08T09:00",
  departsUntil: "2026-12-08T11:00",
  assemblyPointUk: "",
  assemblyPointRu: "",
  assemblyPointEn: "",
  destinationTownSlug: "dnipro",
  crewContact: "",
  ...over,
});

const errorsOf = (input: unknown) => {
  const parsed = newRunSchema.safeParse(input);
  return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
};

describe("newRunSchema", () => {
  it("reads the window as Kyiv time and joins the meeting place's languages", () => {
    const parsed = newRunSchema.parse(form({ assemblyPointUk: "Школа №5", petsAllowed: "on" }));
    expect(parsed.departsFrom.toISOString()).toBe("2026-12-08T07:00:00.000Z");
    expect(parsed).toMatchObject({ seats: 2, stretcherPlaces: 2, petsAllowed: true, routeId: null, assemblyPoint: { uk: "Школа №5", ru: "", en: "" } });
  });
  it("refuses a run with no place, a window that ends first, and neither route nor town, each beside its field", () => {
    expect(errorsOf(form({ seats: "0", stretcherPlaces: "0" }))).toEqual(["seats:runNoPlaces"]);
    expect(errorsOf(form({ departsUntil: "2026-12-08T08:00" }))).toEqual(["departsUntil:windowOrder"]);
    expect(errorsOf(form({ townSlug: "" }))).toEqual(["townSlug:runRouteOrTown"]);
    expect(errorsOf(form({ vehicle: "tank" }))).toEqual(["vehicle:invalidChoice"]);
    expect(errorsOf(form({ seats: "500" }))).toEqual(["seats:numberRange"]);
  });
});

describe("runStatusSchema", () => {
  it("asks for the count on arrival only", () => {
    const id = "0b6c3c2e-8a8e-4d1e-9c55-0a1b2c3d4e5f";
    expect(runStatusSchema.safeParse({ id, version: "3", status: "arrived", arrivedCount: "" }).success).toBe(false);
    expect(runStatusSchema.parse({ id, version: "3", status: "arrived", arrivedCount: "12" }).arrivedCount).toBe(12);
    expect(runStatusSchema.parse({ id, version: "3", status: "boarding" }).arrivedCount).toBeNull();
  });
});

describe("runReceptionPointSchema", () => {
  it("takes a point's id or empty for none, and refuses anything else", () => {
    const id = "0b6c3c2e-8a8e-4d1e-9c55-0a1b2c3d4e5f";
    expect(runReceptionPointSchema.parse({ id, version: "2", receptionPointId: "" }).receptionPointId).toBeNull();
    expect(runReceptionPointSchema.parse({ id, version: "2", receptionPointId: id }).receptionPointId).toBe(id);
    expect(runReceptionPointSchema.safeParse({ id, version: "2", receptionPointId: "dnipro" }).success).toBe(false);
    expect(newRunSchema.safeParse({ ...form(), receptionPointId: "dnipro" }).success).toBe(false);
  });
});
