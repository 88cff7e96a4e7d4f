import { describe, expect, it } from "vitest";
import { asLocalizedText, hasAnyText, inLanguage, languagesOf, shownText } from "./localized-text";
import { plainLocalizedText, reasonLabels, reasonLabelSet, reasonSentence } from "./reason-codes";

const all = { uk: "Міст зруйновано", ru: "Мост разрушен", en: "Bridge destroyed" };

describe("a text in the reader's language", () => {
  it("is shown in the page's language when written in it", () => {
    for (const locale of ["uk", "ru", "en"] as const) expect(shownText(all, locale)).toEqual({ text: all[locale], lang: locale, fallback: false });
  });

  it("falls back to Ukrainian, then English, then Russian, and says it is a fallback", () => {
    expect(shownText({ uk: "", ru: "Мост разрушен", en: "Bridge destroyed" }, "uk")).toEqual({ text: "Bridge destroyed", lang: "en", fallback: true });
    expect(shownText({ uk: "Міст зруйновано", ru: "", en: "Bridge destroyed" }, "ru")).toEqual({ text: "Міст зруйновано", lang: "uk", fallback: true });
    expect(shownText(inLanguage("ru", "Мост разрушен"), "en")).toEqual({ text: "Мост разрушен", lang: "ru", fallback: true });
  });

  it("treats blank as not written, and nothing written as nothing to show", () => {
    expect(shownText({ uk: "  ", ru: "", en: "Bridge destroyed" }, "uk")?.lang).toBe("en");
    expect(shownText(inLanguage("uk", " "), "uk")).toBeNull();
    expect(hasAnyText({ uk: "", ru: "\n", en: "" })).toBe(false);
    expect(languagesOf({ uk: "a", ru: "", en: "b" })).toEqual(["uk", "en"]);
  });

  it("normalises what the database held into the three keys", () => {
    expect(asLocalizedText({ en: "x", de: "y" })).toEqual({ uk: "", ru: "", en: "x" });
    expect(asLocalizedText(null)).toEqual({ uk: "", ru: "", en: "" });
  });

  it("names the fallback's language in words where markup cannot (SMS, feed text)", () => {
    expect(plainLocalizedText(inLanguage("uk", "Міст зруйновано"), "en")).toBe("Міст зруйновано (in Ukrainian)");
    expect(plainLocalizedText(inLanguage("en", "Bridge destroyed"), "ru")).toBe("Bridge destroyed (на английском)");
    expect(plainLocalizedText(inLanguage("ru", "Мост разрушен"), "uk")).toBe("Мост разрушен (російською)");
    expect(plainLocalizedText(all, "uk")).toBe("Міст зруйновано");
  });
});

describe("reason codes", () => {
  it("are worded in each language, in the list's order, each once", () => {
    expect(reasonLabels(["checkpoint_closed", "shelling_or_air_strikes", "checkpoint_closed"], "en")).toBe("Shelling or air strikes on the route; Checkpoint closed");
    expect(reasonLabels(["mines_or_uxo"], "uk")).toBe("Міни або нерозірвані боєприпаси");
    expect(reasonLabels(["mines_or_uxo"], "ru")).toBe("Мины или неразорвавшиеся боеприпасы");
    expect(reasonLabelSet(["weather"])).toEqual({ uk: "Погодні умови", ru: "Погодные условия", en: "Weather" });
    expect(reasonLabels([], "en")).toBe("");
  });

  it("make a sentence with the detail in the reader's language; a detail in another language only when there are no codes", () => {
    expect(reasonSentence(["road_or_bridge_damaged"], all, "ru")).toBe("Дорога или мост повреждены или разрушены. Мост разрушен");
    expect(reasonSentence(["road_or_bridge_damaged"], inLanguage("uk", "Міст зруйновано"), "en")).toBe("Road or bridge damaged or destroyed");
    expect(reasonSentence([], inLanguage("uk", "Міст зруйновано"), "en")).toBe("Міст зруйновано (in Ukrainian)");
    expect(reasonSentence([], inLanguage("en", ""), "en")).toBe("");
  });
});
