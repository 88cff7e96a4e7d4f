import { LOCALES, type Locale } from "@/i18n/routing";

/**
 * A coordinator-written text in the three languages every page is published in. All three keys are
 * always present; an empty string means "not written in that language". Stored as one jsonb column.
 */
export type LocalizedText = Record<Locale, string>;

export const EMPTY_LOCALIZED_TEXT: LocalizedText = Object.freeze({ uk: "", ru: "", en: "" });

/** Fallback order when the reader's language is missing: Ukrainian first, the region's language. */
const FALLBACK_ORDER: readonly Locale[] = ["uk", "en", "ru"];

/** What a page shows: the text, the language it is in, and whether that is not the reader's. */
export type ShownText = { text: string; lang: Locale; fallback: boolean };

/**
 * The text in the reader's language, else in another one with `fallback: true` so the page marks
 * it with `lang` and "(in Ukrainian)": never a silent mix of languages. Null when nothing is written.
 */
export function shownText(value: LocalizedText | null | undefined, locale: string): ShownText | null {
  if (!value) return null;
  const own = LOCALES.find((l) => l === locale);
  if (own && value[own]?.trim()) return { text: value[own], lang: own, fallback: false };
  const lang = FALLBACK_ORDER.find((l) => value[l]?.trim());
  return lang ? { text: value[lang], lang, fallback: lang !== locale } : null;
}

export function hasAnyText(value: LocalizedText | null | undefined): boolean {
  return !!value && LOCALES.some((l) => value[l]?.trim());
}

/** One text in a known language, the other two left empty (seeds, migrations, tests). */
export function inLanguage(lang: Locale, text: string): LocalizedText {
  return { ...EMPTY_LOCALIZED_TEXT, [lang]: text };
}

/** The languages a text is written in, in the fixed order uk, ru, en. */
export function languagesOf(value: LocalizedText): Locale[] {
  return LOCALES.filter((l) => value[l]?.trim());
}

/** Normalises whatever jsonb held (a missing key, null) into the three-key shape. */
export function asLocalizedText(value: unknown): LocalizedText {
  const v = (value ?? {}) as Partial<Record<Locale, unknown>>;
  return { uk: typeof v.uk === "string" ? v.uk : "", ru: typeof v.ru === "string" ? v.ru : "", en: typeof v.en === "string" ? v.en : "" };
}
