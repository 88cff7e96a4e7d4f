import { describe, expect, it } from "vitest";
import { REQUEST_ADDRESS_MAX, REQUEST_MEDICAL_NOTE_MAX } from "@/lib/forms/limits";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { residentRequestSchema, withdrawalSchema } from "./schemas";

// The residents' form as a browser posts it: strings, repeated checkboxes as lists, unticked
// boxes absent.
const valid = {
  town: "lysychansk",
  requesterKind: "relative",
  name: "Halyna",
  peopleCount: "2",
  childrenCount: "0",
  mobility: "bedridden",
  medicalNeeds: ["oxygen"],
  medicalNote: "",
  phone: "050 123 45 67",
  telegram: "",
  language: "uk",
  address: "вул. Тиха 3, кв. 5",
  lat: "",
  lon: "",
  consent: "on",
};

const errorsOf = (input: Record<string, unknown>) => {
  const parsed = residentRequestSchema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("the residents' transport form", () => {
  it("takes a daughter's request for her bedridden mother: phone as E.164, no point, consent given", () => {
    expect(residentRequestSchema.parse(valid)).toMatchObject({ town: "lysychansk", phone: "+380501234567", peopleCount: 2, pets: false, consent: true, lat: null, lon: null, language: "uk" });
  });

  it("takes a point when both coordinates are given, and a Telegram account instead of a phone", () => {
    expect(residentRequestSchema.parse({ ...valid, phone: "", telegram: "@halyna_k", lat: "48.904", lon: "38.442" })).toMatchObject({ telegram: "@halyna_k", lat: 48.904, lon: 38.442 });
  });

  // A phone set to Ukrainian or Russian shows a comma on its decimal keyboard (inputmode="decimal"):
  // "48,904" was refused as not a number. Each field holds one number, so the comma is not ambiguous.
  it("takes a coordinate written with a decimal comma", () => {
    expect(residentRequestSchema.parse({ ...valid, lat: "48,904", lon: " 38,442 " })).toMatchObject({ lat: 48.904, lon: 38.442 });
    expect(errorsOf({ ...valid, lat: "48,9,04", lon: "38.442" })).toHaveProperty("lat");
    expect(errorsOf({ ...valid, lat: "48.904,5", lon: "38.442" })).toHaveProperty("lat");
  });

  it("needs a contact: a resident cannot send a request nobody can follow up", () => {
    expect(errorsOf({ ...valid, phone: "", telegram: "" })).toEqual({ phone: { code: "contactRequired", values: {} } });
  });

  it("needs consent, and says so beside the box", () => {
    const { consent: _, ...unticked } = valid;
    expect(errorsOf(unticked)).toMatchObject({ consent: { code: "consentRequired" } });
  });

  it("shows every wrong field at once, each with its own code", () => {
    expect(errorsOf({ ...valid, town: "no such/town", phone: "12", peopleCount: "0", mobility: "flying", lat: "48.9", lon: "", consent: undefined, "medicalNeeds": ["magic"] })).toMatchObject({
      town: { code: "unknownTown" },
      phone: { code: "invalidPhone" },
      peopleCount: { code: "numberRange", values: { min: 1, max: 50 } },
      mobility: { code: "invalidChoice" },
      "medicalNeeds.0": { code: "invalidChoice" },
      lat: { code: "pointIncomplete" },
      consent: { code: "consentRequired" },
    });
  });

  it("refuses more children than people, a coordinate out of range and a hotline's requester kind", () => {
    expect(errorsOf({ ...valid, childrenCount: "3" })).toMatchObject({ childrenCount: { code: "childrenOverPeople" } });
    expect(errorsOf({ ...valid, lat: "91", lon: "38" })).toMatchObject({ lat: { code: "latitudeRange" } });
    expect(errorsOf({ ...valid, requesterKind: "hotline" })).toMatchObject({ requesterKind: { code: "invalidChoice" } });
  });

  it("refuses overlong text with the limit, instead of cutting it", () => {
    expect(errorsOf({ ...valid, address: "а".repeat(REQUEST_ADDRESS_MAX + 1) })).toMatchObject({ address: { code: "tooLong", values: { max: REQUEST_ADDRESS_MAX } } });
    expect(errorsOf({ ...valid, medicalNote: "x".repeat(REQUEST_MEDICAL_NOTE_MAX + 1) })).toMatchObject({ medicalNote: { code: "tooLong" } });
    expect(residentRequestSchema.parse({ ...valid, address: "а".repeat(REQUEST_ADDRESS_MAX) }).address).toHaveLength(REQUEST_ADDRESS_MAX);
  });
});

describe("the withdrawal form", () => {
  it("reads a code as typed back: lower case, a space, O for 0", () => {
    expect(withdrawalSchema.parse({ code: "k7m4 qx2d" }).code).toBe("K7M4-QX2D");
    expect(withdrawalSchema.parse({ code: "O7M4-QX2D" }).code).toBe("07M4-QX2D");
    // Typed on a Ukrainian keyboard: К, М and Х look like the code's K, M and X.
    expect(withdrawalSchema.parse({ code: "к7м4-qх2d" }).code).toBe("K7M4-QX2D");
  });

  it("refuses what cannot be a code", () => {
    for (const code of ["", "K7M4", "K7M4-QX2D-1", "Ж7М4-QX2D", undefined]) {
      const parsed = withdrawalSchema.safeParse({ code });
      expect(parsed.success, String(code)).toBe(false);
      expect(fieldErrorsOf(parsed.error!)).toMatchObject({ code: { code: "invalidReferenceCode" } });
    }
  });
});
