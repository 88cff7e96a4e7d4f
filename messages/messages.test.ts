import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "./en.json";
import ru from "./ru.json";
import uk from "./uk.json";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(messages: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of keysOf(messages)) {
    const text = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
    out[key] = [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
  }
  return out;
}

describe("translations", () => {
  it.each([
    ["uk", uk],
    ["ru", ru],
  ])("%s has exactly the English keys", (_locale, messages) => {
    expect(keysOf(messages).sort()).toEqual(keysOf(en).sort());
  });

  it.each([
    ["uk", uk],
    ["ru", ru],
  ])("%s uses the same placeholders as English", (_locale, messages) => {
    expect(placeholders(messages)).toEqual(placeholders(en));
  });

  it("has no empty message", () => {
    for (const messages of [en, uk, ru]) {
      const texts = keysOf(messages).map((k) => k.split(".").reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], messages));
      expect(texts.every((t) => typeof t === "string" && t.trim().length > 0)).toBe(true);
    }
  });

  // A resident reads the transport form in their language: no English word left in it (a
  // "@username" was). A name (Telegram) and examples are not English words.
  it.each([
    ["uk", uk],
    ["ru", ru],
  ])("%s transport form has no English word", (_locale, messages) => {
    const words = Object.values(messages.askTransport)
      .flatMap((text) => (typeof text === "string" ? [text] : Object.values(text)))
      // ICU's own words out ("{count, plural, one {…}}"), then placeholders, example handles (@olena_k), Telegram, codes (7QX2-…).
      .map((text) =>
        String(text)
          .replace(/\{\s*\w+\s*,\s*(?:plural|select|selectordinal)\s*,/g, "")
          .replace(/(?:=\d+|\w+)\s*\{/g, "")
          .replace(/\{\w+(?:,\s*number)?\}/g, "")
          .replace(/@[a-z]+_[a-z]+/g, "") // an example handle, not a word
          .replace(/\bTelegram\b/g, "")
          .replace(/\b[0-9A-Z]{4}-[0-9A-Z]{4}\b/g, ""),
      )
      .flatMap((text) => text.match(/[A-Za-z]{2,}/g) ?? []);
    expect(words).toEqual([]);
  });
});

describe("the public counts of requests for transport", () => {
  // "no requests; none being handled by an organisation yet" read as if some were waiting unhandled.
  it.each([
    ["uk", uk, /організаці/],
    ["ru", ru, /организаци/],
    ["en", en, /organisation/],
  ] as const)("%s: none waiting is said alone; some waiting names how many are handled", (locale, messages, organisation) => {
    const t = createTranslator({ locale, messages, namespace: "askTransport" });
    expect(t("counts", { open: 0, handled: 0 })).not.toMatch(organisation);
    for (const [open, handled] of [[1, 0], [3, 1], [5, 5]] as const) {
      const text = t("counts", { open, handled });
      expect(text, `${open}/${handled}`).toMatch(organisation);
      expect(text, `${open}/${handled}`).toContain(String(open));
    }
    expect(t("counts", { open: 3, handled: 1 })).toContain("1");
  });
});
