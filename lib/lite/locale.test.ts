import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "./locale";

describe("localeFromAcceptLanguage", () => {
  it.each([
    [null, "uk"],
    ["", "uk"],
    ["ru-RU,ru;q=0.9,en;q=0.8", "ru"],
    ["en-GB,en;q=0.9", "en"],
    ["de-DE,de;q=0.9,en;q=0.5,ru;q=0.7", "ru"],
    ["fr", "uk"],
    ["en;q=0, uk;q=0.1", "uk"],
    ["UK-ua", "uk"],
    ["*", "uk"],
  ])("%s → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
