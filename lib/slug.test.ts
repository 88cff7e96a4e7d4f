import { describe, expect, it } from "vitest";
import { SLUG_PATTERN, slugFrom } from "./slug";

describe("slugFrom", () => {
  it("makes ASCII slugs from English, Ukrainian and Russian names", () => {
    expect(slugFrom("Sievierodonetsk")).toBe("sievierodonetsk");
    expect(slugFrom("Lysychansk → Sloviansk")).toMatch(SLUG_PATTERN);
    for (const name of ["Сєвєродонецьк", "Северодонецк", "Кремінна", "Hirske (Gorskoye)"]) {
      expect(slugFrom(name)).toMatch(SLUG_PATTERN);
    }
  });

  it("drops apostrophes instead of splitting the word", () => {
    expect(slugFrom("Kam'ianske")).toBe("kamianske");
  });

  it("returns an empty slug for a name with nothing to transliterate", () => {
    expect(slugFrom("!!!")).toBe("");
  });
});
