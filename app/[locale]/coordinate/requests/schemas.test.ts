import { describe, expect, it } from "vitest";
import { REQUEST_ADDRESS_MAX } from "@/lib/forms/limits";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { hotlineRequestSchema, mergeRequestSchema } from "./schemas";

const valid = {
  townSlug: "lysychansk",
  requesterKind: "relative",
  name: "Halyna",
  peopleCount: "2",
  childrenCount: "1",
  mobility: "bedridden",
  medicalNeeds: ["oxygen", "insulin"],
  phone: "050 123 45 67",
  telegram: "",
  language: "uk",
  address: "вул. Тиха 3",
  consent: "on",
  noContactReason: "",
};

const errorsOf = (input: Record<string, unknown>) => {
  const parsed = hotlineRequestSchema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("the hotline request form", () => {
  it("takes a phone as said and stores it as E.164, with the needs in the closed list's order", () => {
    const parsed = hotlineRequestSchema.parse(valid);
    expect(parsed).toMatchObject({ phone: "+380501234567", peopleCount: 2, childrenCount: 1, pets: false, consent: true, medicalNeeds: ["oxygen", "insulin"] });
    expect(hotlineRequestSchema.parse({ ...valid, phone: "+48 512 345 678" }).phone).toBe("+48512345678");
  });

  it("refuses a number that cannot be one, an unknown need, and more children than people", () => {
    expect(errorsOf({ ...valid, phone: "12" })).toMatchObject({ phone: { code: "invalidPhone" } });
    expect(errorsOf({ ...valid, medicalNeeds: ["magic"] })).toMatchObject({ "medicalNeeds.0": { code: "invalidChoice" } });
    expect(errorsOf({ ...valid, childrenCount: "3" })).toMatchObject({ childrenCount: { code: "childrenOverPeople" } });
  });

  it("refuses an overlong address with the limit, instead of cutting it", () => {
    expect(errorsOf({ ...valid, address: "x".repeat(REQUEST_ADDRESS_MAX + 1) })).toMatchObject({ address: { code: "tooLong", values: { max: REQUEST_ADDRESS_MAX } } });
  });

  it("needs a contact or a reason for none, and consent or a reason it could not be given", () => {
    expect(errorsOf({ ...valid, phone: "" })).toMatchObject({ noContactReason: { code: "noContactReasonRequired" } });
    expect(errorsOf({ ...valid, consent: undefined })).toMatchObject({ consent: { code: "consentRequired" } });
    expect(errorsOf({ ...valid, phone: "", consent: undefined, noContactReason: "Neighbour has no phone; calls from a relative's." })).toEqual({});
  });
});

describe("the merge form", () => {
  const id = "0b9c6f1e-2a4d-4c1b-9a77-3d2e5f6a7b8c";
  const other = "5E0D2C1B-8A7F-4E6D-9C5B-4A3B2C1D0E9F";
  it("takes the other request's link as copied, or its id, and keeps only the id", () => {
    for (const intoId of [`https://corridor.example/uk/coordinate/requests/${other}?done=claimed`, ` ${other} `]) {
      expect(mergeRequestSchema.parse({ id, version: "3", intoId })).toEqual({ id, version: 3, intoId: other.toLowerCase() });
    }
  });
  it("goes back to the kept request only when merged from its page, and refuses any other destination", () => {
    expect(mergeRequestSchema.parse({ id, version: "3", intoId: other, show: "kept" })).toEqual({ id, version: 3, intoId: other.toLowerCase(), show: "kept" });
    expect(fieldErrorsOf(mergeRequestSchema.safeParse({ id, version: "3", intoId: other, show: "https://elsewhere.example" }).error!)).toMatchObject({ show: { code: "invalidChoice" } });
  });
  it("refuses a link with no request in it, and an empty one, beside the field", () => {
    expect(fieldErrorsOf(mergeRequestSchema.safeParse({ id, version: "3", intoId: "https://corridor.example/uk/coordinate/requests" }).error!)).toMatchObject({ intoId: { code: "mergeTargetFormat" } });
    expect(fieldErrorsOf(mergeRequestSchema.safeParse({ id, version: "3", intoId: "  " }).error!)).toMatchObject({ intoId: { code: "required" } });
  });
});
