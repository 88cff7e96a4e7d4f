import { describe, expect, it } from "vitest";
import { confidenceText, flagVerificationText, statusConfidence } from "./status-confidence";

describe("how sure a status is, in words", () => {
  it("names the kind of source and a re-confirmation in each language", () => {
    const c = { sourceKind: "ngo_field_report" as const, reconfirmed: true, flagVerification: null };
    expect(confidenceText(c, "en")).toBe("Source: NGO field report · re-confirmed unchanged");
    expect(confidenceText(c, "uk")).toMatch(/^Джерело: .+ · підтверджено без змін$/);
    expect(confidenceText(c, "ru")).toMatch(/^Источник: .+ · подтверждено без изменений$/);
    expect(confidenceText({ sourceKind: null, reconfirmed: false, flagVerification: null }, "en")).toBe("No source named");
  });

  it("gives a flag's verification only while the route is flagged", () => {
    const facts = { statusSourceKind: null, statusReconfirmed: false, flagVerification: "unverified" as const };
    expect(flagVerificationText(statusConfidence({ ...facts, flaggedForReview: true }), "en")).toBe("Unverified");
    expect(flagVerificationText(statusConfidence({ ...facts, flaggedForReview: false }), "en")).toBeNull();
  });
});
