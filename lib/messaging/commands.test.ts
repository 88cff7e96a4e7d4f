import { describe, expect, it } from "vitest";
import { guessLanguage, MAX_MESSAGE_LENGTH, parseResidentMessage } from "./commands";

describe("parseResidentMessage", () => {
  it("reads a town name as a question", () => {
    expect(parseResidentMessage("  Лисичанськ? ")).toEqual({ kind: "town", query: "Лисичанськ?" });
    expect(parseResidentMessage("ЛИСИЧАНСЬК")).toEqual({ kind: "town", query: "ЛИСИЧАНСЬК" });
  });

  it("reads Telegram commands, with or without the bot's name", () => {
    expect(parseResidentMessage("/subscribe Lysychansk")).toEqual({ kind: "subscribe", town: "Lysychansk" });
    expect(parseResidentMessage("/subscribe@CorridorBot Лисичанськ")).toEqual({ kind: "subscribe", town: "Лисичанськ" });
    expect(parseResidentMessage("/unsubscribe")).toEqual({ kind: "unsubscribe", town: "" });
    expect(parseResidentMessage("/stop")).toEqual({ kind: "stop" });
    expect(parseResidentMessage("/start")).toEqual({ kind: "start" });
    expect(parseResidentMessage("/start lysychansk")).toEqual({ kind: "townSlug", slug: "lysychansk" });
    expect(parseResidentMessage("/lang ru")).toEqual({ kind: "language", locale: "ru" });
    expect(parseResidentMessage("/lang")).toEqual({ kind: "language", locale: null });
    expect(parseResidentMessage("/town lysychansk")).toEqual({ kind: "townSlug", slug: "lysychansk" });
  });

  it("reads SMS words in any case and script", () => {
    expect(parseResidentMessage("STOP")).toEqual({ kind: "stop" });
    expect(parseResidentMessage("стоп")).toEqual({ kind: "stop" });
    expect(parseResidentMessage("Unsubscribe")).toEqual({ kind: "stop" });
    expect(parseResidentMessage("sub ЛИСИЧАНСЬК")).toEqual({ kind: "subscribe", town: "ЛИСИЧАНСЬК" });
    expect(parseResidentMessage("ПІДПИСКА Лисичанськ")).toEqual({ kind: "subscribe", town: "Лисичанськ" });
    expect(parseResidentMessage("UNSUB Hirske")).toEqual({ kind: "unsubscribe", town: "Hirske" });
    expect(parseResidentMessage("мова en")).toEqual({ kind: "language", locale: "en" });
    expect(parseResidentMessage("HELP")).toEqual({ kind: "help" });
  });

  it("refuses junk with a reason, never guessing a command", () => {
    expect(parseResidentMessage("   ")).toEqual({ kind: "invalid", problem: "empty" });
    expect(parseResidentMessage("\u200b\u0000")).toEqual({ kind: "invalid", problem: "empty" });
    expect(parseResidentMessage("x".repeat(MAX_MESSAGE_LENGTH + 1))).toEqual({ kind: "invalid", problem: "tooLong" });
    expect(parseResidentMessage("/rm -rf")).toEqual({ kind: "invalid", problem: "unknownCommand" });
    expect(parseResidentMessage("/town ../../etc")).toEqual({ kind: "town", query: "../../etc" });
  });
});

describe("guessLanguage", () => {
  it("prefers Telegram's app language when it is one of ours", () => {
    expect(guessLanguage("Lysychansk", "ru-RU")).toBe("ru");
    expect(guessLanguage("Лисичанськ", "en")).toBe("en");
  });

  it("reads a town's name as only Russian spells it as Russian, whatever its letters", () => {
    const towns = [
      { nameUk: "Кремінна", nameRu: "Кременная", nameEn: "Kreminna" },
      { nameUk: "Лисичанськ", nameRu: "Лисичанск", nameEn: "Lysychansk" },
      { nameUk: "Бахмут", nameRu: "Бахмут", nameEn: "Bakhmut" },
    ];
    expect(guessLanguage("Кременная", null, towns)).toBe("ru");
    expect(guessLanguage("лисичанск?", null, towns)).toBe("ru");
    expect(guessLanguage("SUB лисичанск", null, towns)).toBe("ru");
    expect(guessLanguage("Лисичанськ", null, towns)).toBe("uk");
    // The same in both languages tells nothing.
    expect(guessLanguage("Бахмут", null, towns)).toBe("uk");
    expect(guessLanguage("Лисичанск", "uk", towns)).toBe("uk");
  });

  it("else reads the script", () => {
    expect(guessLanguage("Лисичанськ", null)).toBe("uk");
    expect(guessLanguage("Северодонецк? ы", null)).toBe("ru");
    expect(guessLanguage("ЛИСИЧАНСК", null)).toBe("uk");
    expect(guessLanguage("Lysychansk", "de")).toBe("en");
    expect(guessLanguage("123", null)).toBe("uk");
  });
});
