import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { incidentEditSchema, incidentFormSchema } from "./incident-schema";

const TOWN = "11111111-1111-4111-8111-111111111111";
const incident = (over: Record<string, unknown> = {}) => ({
  category: "attack_on_civilians_in_transit",
  occurredAt: "2022-04-18T09:00",
  occurredPrecision: "day",
  townId: TOWN,
  lat: "",
  lon: "",
  geoPrecision: "place",
  killed: "4",
  injured: "",
  missing: "",
  publicSummaryUk: "",
  publicSummaryRu: "",
  publicSummaryEn: "Four civilians shot dead fleeing by car.",
  internalDescription: "",
  verification: "unverified",
  sources: { "0": { kind: "wire_agency", outlet: "Reuters", url: "", publishedAt: "" } },
  ...over,
});
const errors = (input: unknown) => {
  const parsed = incidentFormSchema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("incident form: casualties", () => {
  it("reads blank as unknown and digits as a whole number", () => {
    const parsed = incidentFormSchema.parse(incident());
    expect([parsed.killed, parsed.injured, parsed.missing]).toEqual([4, null, null]);
    expect(parsed).not.toHaveProperty("casualtiesConfirmed");
  });

  it("says a number too large is out of range, with the range, not that it is no whole number", () => {
    expect(errors(incident({ killed: "25000000" }))).toEqual({ killed: { code: "numberRange", values: { min: 0, max: 100_000 } } });
    expect(errors(incident({ injured: "99999999999999999999" })).injured?.code).toBe("numberRange");
    expect(errors(incident({ killed: "2.5" })).killed?.code).toBe("wholeNumber");
    expect(errors(incident({ killed: "-1" })).killed?.code).toBe("notNegative");
  });

  it("asks for confirmation of a figure above 1,000 for one incident, and saves it once confirmed", () => {
    expect(errors(incident({ killed: "2000" }))).toEqual({ casualtiesConfirmed: { code: "casualtiesConfirm", values: { max: 1000 } } });
    expect(errors(incident({ killed: "50000" })).casualtiesConfirmed?.code).toBe("casualtiesConfirm");
    expect(errors(incident({ killed: "999999" })).killed?.code).toBe("numberRange");
    expect(errors(incident({ missing: "1001", casualtiesConfirmed: "" })).casualtiesConfirmed?.code).toBe("casualtiesConfirm");
    expect(incidentFormSchema.parse(incident({ killed: "2000", casualtiesConfirmed: "1" })).killed).toBe(2000);
    // 1,000 itself needs no question.
    expect(incidentFormSchema.parse(incident({ killed: "1000" })).killed).toBe(1000);
  });

  it("asks together with the other problems on the first submit", () => {
    expect(Object.keys(errors(incident({ killed: "2000", occurredAt: "2099-01-01T10:00" }))).sort()).toEqual(["casualtiesConfirmed", "occurredAt"]);
  });
});

describe("incident form: public summary in three languages", () => {
  it("needs it in at least one language, any one", () => {
    expect(errors(incident({ publicSummaryEn: " " }))).toEqual({ publicSummary: { code: "oneLanguageRequired", values: {} } });
    const parsed = incidentFormSchema.parse(incident({ publicSummaryEn: "", publicSummaryUk: "Четверо цивільних розстріляні під час виїзду." }));
    expect(parsed.publicSummary).toEqual({ uk: "Четверо цивільних розстріляні під час виїзду.", ru: "", en: "" });
    expect(parsed).not.toHaveProperty("publicSummaryUk");
  });

  it("refuses one language over 2,000 characters beside it", () => {
    expect(errors(incident({ publicSummaryRu: "x".repeat(2001) }))).toEqual({ publicSummaryRu: { code: "tooLong", values: { max: 2000 } } });
  });

  it("edits keep the same rules", () => {
    const id = "22222222-2222-4222-8222-222222222222";
    expect(incidentEditSchema.parse(incident({ id, version: "2" })).publicSummary.en).toBe("Four civilians shot dead fleeing by car.");
    const parsed = incidentEditSchema.safeParse(incident({ id, version: "2", killed: "5000" }));
    expect(parsed.success ? {} : fieldErrorsOf(parsed.error)).toEqual({ casualtiesConfirmed: { code: "casualtiesConfirm", values: { max: 1000 } } });
  });
});
