import { expect } from "vitest";

// Shared by the tests of where a reason is cut (lib/word-cut, the SMS summary, the bot's Telegram lines).

// Real reasons as coordinators write them, one per language.
export const REASONS = {
  uk: "Обстріл траси біля Сіверська, міст через Сіверський Донець зруйновано, об'їзд через польові дороги небезпечний, є повідомлення про міни на узбіччях. Виїзд лише з дозволу військової адміністрації.",
  ru: "Обстрел трассы возле Северска, мост через Северский Донец разрушен, объезд по полевым дорогам опасен, есть сообщения о минах на обочинах. Выезд только с разрешения военной администрации.",
  en: "Shelling of the highway near Siversk, the bridge over the Siverskyi Donets is destroyed, the detour over field roads is dangerous, and mines are reported on the verges. Leave only with the military administration's permission.",
} as const;

/** The cut is the text's own start, ending where a word ends, then the mark, with nothing dangling. */
export function expectCutAtWord(cut: string, whole: string) {
  expect(cut.endsWith("…")).toBe(true);
  const kept = cut.slice(0, -1);
  expect(whole.startsWith(kept)).toBe(true);
  // The next character of the whole text is not a letter or digit: no word was split.
  expect(whole.slice(kept.length)).toMatch(/^[^\p{L}\p{N}]/u);
  expect(kept).toMatch(/[\p{L}\p{N}')»"]$/u);
}
