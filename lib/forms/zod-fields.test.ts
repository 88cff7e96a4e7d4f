import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf, hasControlCharacters, joinLocalizedTexts, text, kyivDateTime, localizedTextFields, oneLanguageRequired, optionalKyivDateTime, someOf } from "./zod-fields";

const codeOf = (value: string) => {
  const parsed = kyivDateTime().safeParse(value);
  return parsed.success ? null : fieldErrorsOf(parsed.error).form?.code;
};

describe("kyivDateTime: a datetime-local value read as Kyiv wall-clock time", () => {
  it("uses the offset of that date on both sides of the spring change (27 March 2022)", () => {
    expect(kyivDateTime().parse("2022-03-26T10:00").toISOString()).toBe("2022-03-26T08:00:00.000Z");
    expect(kyivDateTime().parse("2022-03-27T10:00").toISOString()).toBe("2022-03-27T07:00:00.000Z");
  });

  it("refuses a time the clocks skipped instead of shifting it an hour", () => {
    expect(codeOf("2022-03-27T03:30")).toBe("nonexistentLocalTime");
    expect(kyivDateTime().parse("2022-03-27T04:00").toISOString()).toBe("2022-03-27T01:00:00.000Z");
  });

  it("reads a time that happened twice (30 October 2022, 03:30) as the second one, +02:00", () => {
    expect(kyivDateTime().parse("2022-10-30T03:30").toISOString()).toBe("2022-10-30T01:30:00.000Z");
  });

  it("refuses malformed and impossible dates, and treats blank as required or none", () => {
    expect(codeOf("2022-02-30T10:00")).toBe("invalidDateTime");
    expect(codeOf("18.04.2022 10:00")).toBe("invalidDateTime");
    expect(codeOf("")).toBe("required");
    expect(optionalKyivDateTime().parse("")).toBeNull();
  });
});

describe("three-language texts: <name>Uk, <name>Ru, <name>En as one LocalizedText", () => {
  const required = z
    .object({ ...localizedTextFields("summary", 10), count: z.string() })
    .refine(...oneLanguageRequired("summary"))
    .transform(joinLocalizedTexts("summary"));
  const optional = z.object(localizedTextFields("detail", 10)).transform(joinLocalizedTexts("detail"));
  const errorsOf = (schema: z.ZodType, input: unknown) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? {} : fieldErrorsOf(parsed.error);
  };

  it("joins the three fields, trimmed, each missing one as not written", () => {
    expect(required.parse({ summaryUk: " Міст ", summaryEn: "Bridge", count: "1" })).toEqual({ summary: { uk: "Міст", ru: "", en: "Bridge" }, count: "1" });
    expect(optional.parse({})).toEqual({ detail: { uk: "", ru: "", en: "" } });
  });

  it("a required text needs one language, any one, and says so for the whole fieldset", () => {
    expect(errorsOf(required, { summaryUk: " ", summaryRu: "", summaryEn: "", count: "1" })).toEqual({ summary: { code: "oneLanguageRequired", values: {} } });
    expect(required.parse({ summaryRu: "Мост", count: "1" }).summary).toEqual({ uk: "", ru: "Мост", en: "" });
    // Said on the first submit even while another field is wrong.
    expect(Object.keys(errorsOf(required, { count: 5 })).sort()).toEqual(["count", "summary"]);
  });

  it("refuses one language over the limit beside that language, with the limit, never cutting it", () => {
    expect(errorsOf(optional, { detailRu: "x".repeat(11) })).toEqual({ detailRu: { code: "tooLong", values: { max: 10 } } });
    expect(errorsOf(required, { summaryEn: "x".repeat(11), count: "1" })).toEqual({ summaryEn: { code: "tooLong", values: { max: 10 } } });
    expect(optional.parse({ detailEn: "x".repeat(10) }).detail.en).toHaveLength(10);
  });
});

describe("someOf: repeated checkboxes from a closed list", () => {
  const codes = someOf(["a", "b", "c"] as const);

  it("keeps the list's order and drops duplicates; none ticked is an empty list", () => {
    expect(codes.parse(["c", "a", "c"])).toEqual(["a", "c"]);
    expect(codes.parse(undefined)).toEqual([]);
  });

  it("refuses an unknown value rather than dropping it", () => {
    expect(codes.safeParse(["a", "z"]).success).toBe(false);
    expect(codes.safeParse("a").success).toBe(false);
  });
});

describe("text: what a staff or resident's text may hold", () => {
  it("refuses the bidirectional overrides, embeddings and isolates that reorder what follows them", () => {
    for (const c of ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]) {
      const parsed = text(200).safeParse(`Відкрито\u00a0${c}ukrainian 14:05`);
      expect(parsed.success, c.codePointAt(0)!.toString(16)).toBe(false);
      expect(fieldErrorsOf(parsed.error!).form?.code).toBe("invalidCharacters");
      expect(hasControlCharacters(c)).toBe(true);
    }
  });

  it("keeps Cyrillic, markup as text, line breaks and the plain direction marks", () => {
    for (const value of ["Лисичанськ — Бахмут", "<b>Закрито</b>", "line\nbreak", "Київ\u200e", "\u200fname"]) expect(text(200).parse(value)).toBe(value);
  });
});
