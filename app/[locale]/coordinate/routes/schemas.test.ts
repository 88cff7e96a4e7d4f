import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { routeFormSchema, statusUpdateSchema } from "./schemas";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const route = {
  originTownId: A,
  destinationTownId: B,
  waypoints: "48.904, 38.442\n48.853, 37.606",
  mode: "bus",
  assemblyPoint: "",
  schedule: "",
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
    const parsed = routeFormSchema.parse({ ...route, assemblyPoint: "<b>School №3</b>" });
    expect(parsed.assemblyPoint).toBe("<b>School №3</b>");
  });

  it("refuses control characters, which PostgreSQL cannot store or which hide text", () => {
    expect(errorsOf(routeFormSchema, { ...route, schedule: "daily\u0000 10:00" }).schedule?.code).toBe("invalidCharacters");
  });

  it("refuses an unknown mode", () => {
    expect(errorsOf(routeFormSchema, { ...route, mode: "helicopter" }).mode?.code).toBe("invalidChoice");
  });
});

describe("status update", () => {
  const update = { routeId: A, version: "3", status: "closed", reason: "Bridge destroyed" };

  it("requires a reason unless the route is open", () => {
    expect(errorsOf(statusUpdateSchema, { ...update, reason: "  " }).reason?.code).toBe("reasonRequired");
    expect(statusUpdateSchema.parse({ ...update, status: "open", reason: "" }).reason).toBe("");
  });

  it("shows every problem at once: a missing reason beside a bad source link", () => {
    const errors = errorsOf(statusUpdateSchema, { ...update, reason: "", sourceUrl: "ftp://x" });
    expect(errors.reason?.code).toBe("reasonRequired");
    expect(errors.sourceUrl?.code).toBe("invalidUrl");
  });

  it("counts a Windows line break as one character, as the browser does", () => {
    expect(statusUpdateSchema.parse({ ...update, reason: "a\r\nb" }).reason).toBe("a\nb");
  });

  it("refuses a reason over 1,000 characters", () => {
    expect(errorsOf(statusUpdateSchema, { ...update, reason: "x".repeat(1001) }).reason).toEqual({ code: "tooLong", values: { max: 1000 } });
    expect(statusUpdateSchema.safeParse({ ...update, reason: "x".repeat(1000) }).success).toBe(true);
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
