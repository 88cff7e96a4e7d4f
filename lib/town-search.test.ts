import { describe, expect, it } from "vitest";
import { pickTown, townFilter, townMatcher, townSearchKey, type SearchableTown } from "./town-search";

const TOWNS: SearchableTown[] = [
  { slug: "lysychansk", nameUk: "Лисичанськ", nameRu: "Лисичанск", nameEn: "Lysychansk", aliases: ["Lisichansk", "Lysychans'k"] },
  { slug: "sievierodonetsk", nameUk: "Сєвєродонецьк", nameRu: "Северодонецк", nameEn: "Sievierodonetsk", aliases: ["Syeverodonetsk"] },
  { slug: "luhansk", nameUk: "Луганськ", nameRu: "Луганск", nameEn: "Luhansk", aliases: [] },
  { slug: "hirske", nameUk: "Гірське", nameRu: "Горское", nameEn: "Hirske", aliases: [] },
  { slug: "kreminna", nameUk: "Кремінна", nameRu: "Кременная", nameEn: "Kreminna", aliases: [] },
  { slug: "bakhmut", nameUk: "Бахмут", nameRu: "Бахмут", nameEn: "Bakhmut", aliases: ["Artemivsk"] },
  { slug: "sloviansk", nameUk: "Слов'янськ", nameRu: "Славянск", nameEn: "Sloviansk", aliases: [] },
  { slug: "mariupol", nameUk: "Маріуполь", nameRu: "Мариуполь", nameEn: "Mariupol", aliases: [] },
  { slug: "kyiv", nameUk: "Київ", nameRu: "Киев", nameEn: "Kyiv", aliases: [] },
  { slug: "kharkiv", nameUk: "Харків", nameRu: "Харьков", nameEn: "Kharkiv", aliases: [] },
  { slug: "chernihiv", nameUk: "Чернігів", nameRu: "Чернигов", nameEn: "Chernihiv", aliases: [] },
];

const search = townMatcher(TOWNS);
const first = (q: string) => search(q)[0]?.town.slug;

describe("town search", () => {
  it.each(["Severodonetsk", "Sievierodonetsk", "Сєвєродонецьк", "Северодонецк", "sjewjerodonezk", "  SEVERODONETSK "])(
    "finds Sievierodonetsk as %s",
    (q) => expect(first(q)).toBe("sievierodonetsk"),
  );

  it.each(["Lugansk", "Luhansk", "Луганськ", "Луганск"])("finds Luhansk as %s", (q) => expect(first(q)).toBe("luhansk"));

  it.each(["Gorskoye", "Gorskoe", "Hirske", "Горское", "Гірське"])("finds Hirske as %s", (q) => expect(first(q)).toBe("hirske"));

  it.each(["Lysychnask", "Sieverodonetks", "Kremina", "Bakmut", "Slavyansk", "Слов’янськ"])("forgives a typo or variant: %s", (q) =>
    expect(search(q).length).toBeGreaterThan(0),
  );

  it("ranks the intended town first despite a typo", () => {
    expect(first("Lysychnask")).toBe("lysychansk");
    expect(first("Kremina")).toBe("kreminna");
  });

  it("finds a town by the start of its name", () => {
    expect(first("Лиси")).toBe("lysychansk");
  });

  it("does not match an unrelated town", () => {
    expect(search("Odesa")).toEqual([]);
    expect(search("Zaporizhzhia")).toEqual([]);
    expect(search("Mariupol").map((m) => m.town.slug)).toEqual(["mariupol"]);
  });

  it("never sends a resident to a different town that merely looks alike", () => {
    // Towns with no routes here must not fall through to a similar-looking one.
    for (const q of ["Kherson", "Chernivtsi", "Donetsk", "Toretsk", "Kiev"]) {
      expect(search(q).map((m) => m.town.slug), q).not.toContain("chernihiv");
      expect(search(q).map((m) => m.town.slug), q).not.toContain("sievierodonetsk");
      expect(search(q).map((m) => m.town.slug), q).not.toContain("hirske");
    }
    expect(search("Kyiv").map((m) => m.town.slug)).toEqual(["kyiv"]);
    expect(search("Luhansk").map((m) => m.town.slug)).toEqual(["luhansk"]);
  });

  it("ignores empty and one-letter queries", () => {
    expect(search("")).toEqual([]);
    expect(search("  ")).toEqual([]);
    expect(search("к")).toEqual([]);
  });

  it("folds the usual spelling differences to one key", () => {
    expect(townSearchKey("Сєвєродонецьк")).toBe(townSearchKey("Severodonetsk"));
    expect(townSearchKey("Луганськ")).toBe(townSearchKey("Luhansk"));
  });
});

describe("picking the town a form names", () => {
  const twins: SearchableTown[] = [
    ...TOWNS,
    { slug: "mykolaivka-donetska", nameUk: "Миколаївка", nameRu: "Николаевка", nameEn: "Mykolaivka", aliases: [] },
    { slug: "mykolaivka-sumska", nameUk: "Миколаївка", nameRu: "Николаевка", nameEn: "Mykolaivka", aliases: [] },
    { slug: "kramatorsk", nameUk: "Краматорськ", nameRu: "Краматорск", nameEn: "Kramatorsk", aliases: [] },
    { slug: "kramatorske", nameUk: "Краматорське", nameRu: "Краматорское", nameEn: "Kramatorske", aliases: [] },
  ];

  it("takes the only town a name can mean, in any script", () => {
    expect(pickTown(twins, "Северодонецк")).toEqual({ kind: "one", town: expect.objectContaining({ slug: "sievierodonetsk" }) });
    expect(pickTown(twins, "Kramatorsk")).toEqual({ kind: "one", town: expect.objectContaining({ slug: "kramatorsk" }) });
  });

  it("offers the towns a shared or begun name may mean, never guessing", () => {
    const shared = pickTown(twins, "Миколаївка");
    expect(shared.kind === "several" && shared.towns.map((t) => t.slug).sort()).toEqual(["mykolaivka-donetska", "mykolaivka-sumska"]);
    const begun = pickTown(twins, "Kramat");
    expect(begun.kind === "several" && begun.towns.map((t) => t.slug).sort()).toEqual(["kramatorsk", "kramatorske"]);
  });

  it("finds nothing for a name no town has", () => {
    expect(pickTown(twins, "Атлантида")).toEqual({ kind: "none" });
  });

  describe("a staff list's town filter", () => {
    const slugOf = (f: ReturnType<typeof townFilter>) => f.town?.slug ?? null;

    it("takes a slug alone (a link), and no town when the field was cleared", () => {
      expect(slugOf(townFilter(twins, "kyiv", undefined))).toBe("kyiv");
      expect(townFilter(twins, "kyiv", "")).toEqual({ town: null, choices: [], unmatched: null });
      expect(townFilter(twins, undefined, undefined)).toEqual({ town: null, choices: [], unmatched: null });
    });

    it("keeps the chosen one of two towns sharing a name while its name stays in the field, in any of its names", () => {
      expect(slugOf(townFilter(twins, "mykolaivka-sumska", "Mykolaivka"))).toBe("mykolaivka-sumska");
      expect(slugOf(townFilter(twins, "mykolaivka-sumska", "Николаевка"))).toBe("mykolaivka-sumska");
    });

    it("searches a changed name instead of keeping the old town", () => {
      expect(slugOf(townFilter(twins, "mykolaivka-sumska", "Лисичанск"))).toBe("lysychansk");
    });

    it("offers a bounded choice for a shared name and says when nothing matches", () => {
      const shared = townFilter(twins, undefined, "Миколаївка", 8);
      expect(shared.town).toBeNull();
      expect(shared.choices.map((t) => t.slug).sort()).toEqual(["mykolaivka-donetska", "mykolaivka-sumska"]);
      const many: SearchableTown[] = Array.from({ length: 40 }, (_, i) => ({ slug: `novoselivka-${i}`, nameUk: "Новоселівка", nameRu: "Новоселовка", nameEn: "Novoselivka", aliases: [] }));
      expect(townFilter(many, undefined, "Novoselivka", 8).choices).toHaveLength(8);
      expect(townFilter(twins, undefined, "Атлантида")).toEqual({ town: null, choices: [], unmatched: "Атлантида" });
    });
  });
});
