import { describe, expect, it } from "vitest";
import { MAX_SUGGESTIONS, parseTowns, suggestionSource } from "./search-suggestions";

const towns = [
  { slug: "sievierodonetsk", nameUk: "Сєвєродонецьк", nameRu: "Северодонецк", nameEn: "Sievierodonetsk", aliases: ["Severodonetsk"] },
  { slug: "lysychansk", nameUk: "Лисичанськ", nameRu: "Лисичанск", nameEn: "Lysychansk", aliases: [] },
  { slug: "hirske", nameUk: "Гірське", nameRu: "Горское", nameEn: "Hirske", aliases: ["Gorskoye"] },
];

describe("suggestionSource", () => {
  it("suggests in the page's language and names the spelling that matched", () => {
    const suggest = suggestionSource(towns, "en");
    expect(suggest("Северодон")).toEqual([{ slug: "sievierodonetsk", name: "Sievierodonetsk", also: "Северодонецк" }]);
    expect(suggestionSource(towns, "uk")("lysy")).toEqual([{ slug: "lysychansk", name: "Лисичанськ", also: "Lysychansk" }]);
    // The shown name matched itself: nothing to add.
    expect(suggest("Hirs")).toEqual([{ slug: "hirske", name: "Hirske", also: null }]);
  });

  it("suggests nothing for one letter or an unknown name, and at most a few", () => {
    const suggest = suggestionSource(towns, "en");
    expect(suggest("l")).toEqual([]);
    expect(suggest("Kyiv")).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => ({ slug: `town-${i}`, nameUk: `Town ${i}`, nameRu: `Town ${i}`, nameEn: `Town ${i}`, aliases: [] }));
    expect(suggestionSource(many, "en")("Town")).toHaveLength(MAX_SUGGESTIONS);
  });
});

describe("parseTowns", () => {
  it("reads the page's block and drops anything malformed", () => {
    expect(parseTowns(JSON.stringify(towns))).toEqual(towns);
    expect(parseTowns(JSON.stringify([...towns, { slug: 1 }, null, { ...towns[0], aliases: [2] }]))).toEqual(towns);
    expect(parseTowns("{not json")).toEqual([]);
    expect(parseTowns('{"slug":"x"}')).toEqual([]);
    expect(parseTowns(null)).toEqual([]);
  });
});
