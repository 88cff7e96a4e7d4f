import { describe, expect, it } from "vitest";
import { requestFacts } from "./request-facts";

describe("a request's facts from a form", () => {
  const input = { peopleCount: 2, childrenCount: 1, mobility: "bedridden" as const, pets: true, medicalNeeds: ["oxygen" as const], language: "ru" as const, requesterKind: "relative" as const, name: "Галина", address: "вул. Тиха 7" };

  it("takes the requester's language as theirs, and the town and consent from the caller", () => {
    expect(requestFacts(input, { townSlug: "lysychansk", consentLocale: "uk" })).toEqual({
      townSlug: "lysychansk",
      peopleCount: 2,
      childrenCount: 1,
      mobility: "bedridden",
      pets: true,
      medicalNeeds: ["oxygen"],
      locale: "ru",
      requesterKind: "relative",
      consentLocale: "uk",
    });
    expect(requestFacts(input, { townSlug: "lysychansk", consentLocale: null }).consentLocale).toBeNull();
  });

  it("carries nothing personal, whatever else the form held", () => {
    expect(JSON.stringify(requestFacts(input, { townSlug: "lysychansk", consentLocale: "uk" }))).not.toMatch(/Галина|Тиха/);
  });
});
