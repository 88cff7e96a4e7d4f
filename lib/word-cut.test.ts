import { describe, expect, it } from "vitest";
import { smsSegments } from "./messaging/sms-segments";
import { expectCutAtWord, REASONS } from "@/tests/reason-texts";
import { characterCount, cutAtWord } from "./word-cut";

const LOCALES = ["uk", "ru", "en"] as const;

describe("cutAtWord", () => {
  it.each(LOCALES)("%s: a text that fits is given whole", (locale) => {
    expect(cutAtWord(REASONS[locale], () => true)).toBe(REASONS[locale]);
  });

  it.each(LOCALES)("%s: cut by characters where a word ends, as long as the limit allows", (locale) => {
    const whole = REASONS[locale];
    for (const max of [20, 47, 60, 61, 99, 150]) {
      const cut = cutAtWord(whole, (c) => characterCount(c) <= max)!;
      expect(characterCount(cut)).toBeLessThanOrEqual(max);
      expectCutAtWord(cut, whole);
      // The longest such cut: the next word would not have fitted.
      const next = whole.slice(cut.length - 1).match(/^[^\p{L}\p{N}]+[\p{L}\p{N}'’-]+/u)![0];
      expect(characterCount(`${cut.slice(0, -1)}${next}…`)).toBeGreaterThan(max);
    }
  });

  it.each(LOCALES)("%s: cut by SMS segments, in UCS-2 parts of 70 and 67 characters", (locale) => {
    const whole = REASONS[locale];
    // English is GSM-7 (153 characters a part): two parts hold it whole.
    expect(smsSegments(whole).segments).toBe(locale === "en" ? 2 : 3);
    for (const segments of locale === "en" ? [1] : [1, 2]) {
      const cut = cutAtWord(whole, (c) => smsSegments(c).segments <= segments)!;
      expectCutAtWord(cut, whole);
      const counted = smsSegments(cut);
      expect(counted.segments).toBe(segments);
      // "…" is not in GSM-7, so a cut text is UCS-2 even in English: 70 characters in one part, 134 in two.
      expect(counted.encoding).toBe("UCS-2");
      expect(counted.characters).toBeLessThanOrEqual(segments === 1 ? 70 : 134);
      expect(counted.characters).toBeGreaterThan(segments === 1 ? 50 : 110);
    }
  });

  it("gives nothing when not even the first word fits, and never ends on a comma or a dash", () => {
    expect(cutAtWord("Зруйновано міст", (c) => characterCount(c) <= 5)).toBeNull();
    expect(cutAtWord("Обстріл, міни — небезпечно", (c) => characterCount(c) <= 12)).toBe("Обстріл…");
    expect(cutAtWord("Shelling — mines on the road", (c) => characterCount(c) <= 12)).toBe("Shelling…");
  });
});
