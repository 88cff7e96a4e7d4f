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
});
