import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { areaConfirmSchema, areaStatusSchema, routeFormSchema, statusUpdateSchema } from "./schemas";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const route = {
  originTownId: A,
  destinationTownId: B,
  waypoints: "48.904, 38.442\n48.853, 37.606",
  mode: "bus",
  assemblyPointUk: "",
  assemblyPointRu: "",
  assemblyPointEn: "",
  scheduleUk: "",
  scheduleRu: "",
  scheduleEn: "",
  organisation: "",
  freshnessWindowHours: "6",
};
const errorsOf = (schema: typeof routeFormSchema | typeof statusUpdateSchema, input: object) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("route form", () => {
  it("accepts a route and stores its points as [lon, lat]", () => {
    const parsed = routeFormSchema.parse(route);
    expect(parsed.waypoints).toEqual([
      [38.442, 48.904],
      [37.606, 48.853],
    ]);
    expect(parsed.freshnessWindowHours).toBe(6);
  });

  it("refuses the same town as origin and destination, beside the destination", () => {
    expect(errorsOf(routeFormSchema, { ...route, destinationTownId: A })).toEqual({ destinationTownId: { code: "sameTowns", values: {} } });
  });

  it("reports the same towns even while the line is also wrong", () => {
    const errors = errorsOf(routeFormSchema, { ...route, destinationTownId: A, waypoints: "" });
    expect(errors.destinationTownId?.code).toBe("sameTowns");
    expect(errors.waypoints?.code).toBe("tooFewPoints");
  });

  it("refuses fewer than two points and says which line is wrong", () => {
    expect(errorsOf(routeFormSchema, { ...route, waypoints: "48.9, 38.4" }).waypoints?.code).toBe("tooFewPoints");
    expect(errorsOf(routeFormSchema, { ...route, waypoints: "48.9, 38.4\n\n95, 38" }).waypoints).toEqual({
      code: "waypoint_latitude",
      values: { line: 3 },
    });
    expect(errorsOf(routeFormSchema, { ...route, waypoints: "48.9, 38.4\n48.9, 181" }).waypoints?.code).toBe("waypoint_longitude");
    expect(errorsOf(routeFormSchema, { ...route, waypoints: "Lysychansk\n48.9, 38" }).waypoints?.code).toBe("waypoint_format");
  });

  it("refuses a freshness window outside 1 to 168 hours, with the limits", () => {
    expect(errorsOf(routeFormSchema, { ...route, freshnessWindowHours: "0" }).freshnessWindowHours).toEqual({
      code: "numberRange",
      values: { min: 1, max: 168 },
    });
    expect(errorsOf(routeFormSchema, { ...route, freshnessWindowHours: "2.5" }).freshnessWindowHours?.code).toBe("wholeNumber");
  });

  it("keeps markup as text: it is not refused, and rendering shows it inert", () => {
    const parsed = routeFormSchema.parse({ ...route, assemblyPointUk: "<b>School №3</b>" });
    expect(parsed.assemblyPoint).toEqual({ uk: "<b>School №3</b>", ru: "", en: "" });
  });

  it("reads the assembly point and schedule in three languages, each optional, and prefilled ones back as written", () => {
    const parsed = routeFormSchema.parse({ ...route, assemblyPointUk: " Школа №3 ", assemblyPointEn: "School No. 3", scheduleRu: "Ежедневно в 08:00" });
    expect(parsed.assemblyPoint).toEqual({ uk: "Школа №3", ru: "", en: "School No. 3" });
    expect(parsed.schedule).toEqual({ uk: "", ru: "Ежедневно в 08:00", en: "" });
    expect(parsed).not.toHaveProperty("assemblyPointUk");
    expect(routeFormSchema.parse(route).assemblyPoint).toEqual({ uk: "", ru: "", en: "" });
  });

  it("reads the assembly point's position, hours and number, each optional, and none when left out", () => {
    const parsed = routeFormSchema.parse({ ...route, assemblyPointLat: "48.9123", assemblyPointLon: " 38.4321", assemblyPointOpens: "8:00", assemblyPointCloses: "20:30", assemblyPointCall: "+380 50 123 45 67" });
    expect(parsed).toMatchObject({ assemblyPointLat: 48.9123, assemblyPointLon: 38.4321, assemblyPointOpens: "08:00", assemblyPointCloses: "20:30", assemblyPointCall: "+380 50 123 45 67" });
    expect(routeFormSchema.parse(route)).toMatchObject({ assemblyPointLat: null, assemblyPointLon: null, assemblyPointOpens: null, assemblyPointCloses: null, assemblyPointCall: null });
  });

  it("refuses half a position, half the hours, a time or a number that is not one, beside the field", () => {
    expect(errorsOf(routeFormSchema, { ...route, assemblyPointLat: "48.9" }).assemblyPointLon?.code).toBe("pointIncomplete");
    expect(errorsOf(routeFormSchema, { ...route, assemblyPointOpens: "08:00" }).assemblyPointCloses?.code).toBe("hoursIncomplete");
    expect(errorsOf(routeFormSchema, { ...route, assemblyPointOpens: "24:00", assemblyPointCloses: "08:00" }).assemblyPointOpens?.code).toBe("clockTimeInvalid");
    expect(errorsOf(routeFormSchema, { ...route, assemblyPointLat: "91", assemblyPointLon: "38" }).assemblyPointLat?.code).toBe("latitudeRange");
    expect(errorsOf(routeFormSchema, { ...route, assemblyPointCall: "call the mayor" }).assemblyPointCall?.code).toBe("callNumberInvalid");
  });

  it("refuses an assembly point over 500 characters in any language, beside that language", () => {
    expect(errorsOf(routeFormSchema, { ...route, assemblyPointRu: "x".repeat(501) })).toEqual({ assemblyPointRu: { code: "tooLong", values: { max: 500 } } });
  });

  it("refuses control characters, which PostgreSQL cannot store or which hide text", () => {
    expect(errorsOf(routeFormSchema, { ...route, scheduleEn: "daily\u0000 10:00" }).scheduleEn?.code).toBe("invalidCharacters");
  });

  it("refuses an unknown mode", () => {
    expect(errorsOf(routeFormSchema, { ...route, mode: "helicopter" }).mode?.code).toBe("invalidChoice");
  });
});

describe("status update", () => {
  const update = { routeId: A, version: "3", status: "closed", reasonCodes: ["road_or_bridge_damaged"], reasonUk: "", reasonRu: "", reasonEn: "Bridge destroyed" };

  it("takes instructions from the closed list, each timed one with its Kyiv time", () => {
    const parsed = statusUpdateSchema.parse({
      ...update,
      instructionCodes: ["go_to_assembly_point", "do_not_travel"],
      assemblyAt: "2022-04-09T09:00",
      checkpointClosesAt: "",
    });
    expect(parsed.instructions).toEqual([{ code: "do_not_travel" }, { code: "go_to_assembly_point", at: "2022-04-09T06:00:00.000Z" }]);
    expect(parsed).not.toHaveProperty("assemblyAt");
    expect(statusUpdateSchema.parse(update).instructions).toEqual([]);
  });

  it("refuses a timed instruction without its time, and a time without its instruction", () => {
    expect(errorsOf(statusUpdateSchema, { ...update, instructionCodes: ["checkpoint_closes"] }).checkpointClosesAt?.code).toBe("instructionTimeRequired");
    expect(errorsOf(statusUpdateSchema, { ...update, assemblyAt: "2022-04-09T09:00" }).assemblyAt?.code).toBe("instructionTimeWithoutCode");
    expect(errorsOf(statusUpdateSchema, { ...update, instructionCodes: ["run_away"] })["instructionCodes.0"]?.code).toBe("invalidChoice");
  });

  it("takes reason codes from the closed list and the detail in three languages", () => {
    const parsed = statusUpdateSchema.parse({ ...update, reasonCodes: ["shelling_or_air_strikes", "checkpoint_closed", "shelling_or_air_strikes"], reasonEn: "", reasonUk: "Міст зруйновано" });
    // Duplicates collapse and the codes come in the list's own order.
    expect(parsed.reasonCodes).toEqual(["shelling_or_air_strikes", "checkpoint_closed"]);
    expect(parsed.reason).toEqual({ uk: "Міст зруйновано", ru: "", en: "" });
    expect(parsed).not.toHaveProperty("reasonUk");
  });

  it("needs at least one reason code unless the route is open, beside the reasons", () => {
    expect(errorsOf(statusUpdateSchema, { ...update, reasonCodes: [] })).toEqual({ reasonCodes: { code: "reasonCodeRequired", values: {} } });
    expect(errorsOf(statusUpdateSchema, { ...update, reasonCodes: undefined }).reasonCodes?.code).toBe("reasonCodeRequired");
    // Free text alone is not enough: residents reading another language would get no reason.
    expect(errorsOf(statusUpdateSchema, { ...update, reasonCodes: [], reasonEn: "Bridge destroyed" }).reasonCodes?.code).toBe("reasonCodeRequired");
    const open = statusUpdateSchema.parse({ ...update, status: "open", reasonCodes: [], reasonEn: "" });
    expect(open.reasonCodes).toEqual([]);
    expect(open.reason).toEqual({ uk: "", ru: "", en: "" });
  });

  it("refuses a code not in the list instead of dropping it", () => {
    expect(errorsOf(statusUpdateSchema, { ...update, reasonCodes: ["road_or_bridge_damaged", "aliens"] })["reasonCodes.1"]?.code).toBe("invalidChoice");
    expect(errorsOf(statusUpdateSchema, { ...update, reasonCodes: "road_or_bridge_damaged" }).reasonCodes?.code).toBe("invalidChoice");
  });

  it("needs the detail, in any language, when the reason is “other”", () => {
    expect(errorsOf(statusUpdateSchema, { ...update, reasonCodes: ["other"], reasonEn: " " })).toEqual({ reason: { code: "otherReasonNeedsDetail", values: {} } });
    expect(statusUpdateSchema.parse({ ...update, reasonCodes: ["other"], reasonEn: "", reasonRu: "Колонна не пропущена" }).reason.ru).toBe("Колонна не пропущена");
  });

  it("shows every problem at once: a missing reason beside a bad source link", () => {
    const errors = errorsOf(statusUpdateSchema, { ...update, reasonCodes: [], sourceUrl: "ftp://x" });
    expect(errors.reasonCodes?.code).toBe("reasonCodeRequired");
    expect(errors.sourceUrl?.code).toBe("invalidUrl");
  });

  it("counts a Windows line break as one character, as the browser does", () => {
    expect(statusUpdateSchema.parse({ ...update, reasonEn: "a\r\nb" }).reason.en).toBe("a\nb");
  });

  it("refuses a detail over 1,000 characters in any language, beside that language: never cut", () => {
    const pasted = "Bridge destroyed near the checkpoint. ".repeat(140).slice(0, 5000);
    expect(errorsOf(statusUpdateSchema, { ...update, reasonEn: pasted })).toEqual({ reasonEn: { code: "tooLong", values: { max: 1000 } } });
    expect(errorsOf(statusUpdateSchema, { ...update, reasonUk: "x".repeat(1001) }).reasonUk?.code).toBe("tooLong");
    expect(statusUpdateSchema.safeParse({ ...update, reasonEn: "x".repeat(1000) }).success).toBe(true);
  });

  it("takes an optional source, refusing links that are not http(s)", () => {
    expect(statusUpdateSchema.parse(update).source).toBeNull();
    expect(statusUpdateSchema.parse({ ...update, sourceUrl: "https://t.me/luhansk_mva/123" }).source).toEqual({
      kind: "other",
      outlet: "t.me",
      url: "https://t.me/luhansk_mva/123",
    });
    expect(errorsOf(statusUpdateSchema, { ...update, sourceUrl: "javascript:alert(1)" }).sourceUrl?.code).toBe("invalidUrl");
  });

  it("refuses an unknown status and a missing version", () => {
    expect(errorsOf(statusUpdateSchema, { ...update, status: "safe" }).status?.code).toBe("invalidChoice");
    expect(errorsOf(statusUpdateSchema, { ...update, version: "" }).version?.code).toBe("invalidChoice");
  });
});

describe("area form: one status for every route out of a town", () => {
  const area = { townId: A, seen: [`${B}:3`, `${A}:12`], status: "closed", reasonCodes: ["shelling_or_air_strikes"], reasonUk: "", reasonRu: "", reasonEn: "Shelling" };

  it("reads the routes the form showed with their versions, and the status with its reasons", () => {
    const parsed = areaStatusSchema.parse(area);
    expect(parsed.seen).toEqual([
      { routeId: B, baseVersion: 3 },
      { routeId: A, baseVersion: 12 },
    ]);
    expect(parsed).toMatchObject({ status: "closed", reasonCodes: ["shelling_or_air_strikes"], reason: { en: "Shelling" } });
  });

  it("keeps the single route's rules: a reason unless Open, words with 'other'", () => {
    const fieldsOf = (input: object) => {
      const parsed = areaStatusSchema.safeParse(input);
      return parsed.success ? {} : fieldErrorsOf(parsed.error);
    };
    expect(fieldsOf({ ...area, reasonCodes: [] })).toMatchObject({ reasonCodes: { code: "reasonCodeRequired" } });
    expect(fieldsOf({ ...area, reasonCodes: ["other"], reasonEn: "" })).toMatchObject({ reason: { code: "otherReasonNeedsDetail" } });
    expect(fieldsOf({ ...area, status: "open", reasonCodes: [] })).toEqual({});
  });

  it("refuses a form that names no route, or a route without a version", () => {
    expect(areaConfirmSchema.safeParse({ townId: A, seen: [] }).success).toBe(false);
    expect(areaConfirmSchema.safeParse({ townId: A }).success).toBe(false);
    expect(areaConfirmSchema.safeParse({ townId: A, seen: [B] }).success).toBe(false);
    expect(areaConfirmSchema.safeParse({ townId: A, seen: [`${B}:0`] }).success).toBe(false);
    expect(areaConfirmSchema.safeParse({ townId: A, seen: [`${B}:1`] }).success).toBe(true);
  });
});
