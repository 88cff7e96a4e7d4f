// use-intl/core (what next-intl re-exports) rather than next-intl: under the react-server condition
// next-intl also loads its React hooks, which fails outside Next's bundler (the export bench).
import { createTranslator } from "use-intl/core";
import { LOCALES, type Locale } from "@/i18n/routing";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import { sortedReasonCodes, type StatusReasonCode } from "./enum-values";

export { sortedReasonCodes };
import { shownText, type LocalizedText } from "./localized-text";

// A status's reasons from the closed list, worded in the reader's language (messages `reasonCode`).
// Pages, the lite pages, SMS text, Atom and CAP all word them here, so every output agrees.

const MESSAGES = { uk, ru, en } as const;
const translators = Object.fromEntries(
  LOCALES.map((l) => [l, createTranslator({ locale: l, messages: MESSAGES[l], namespace: "reasonCode" })]),
) as Record<Locale, (code: StatusReasonCode) => string>;
const writtenIn = Object.fromEntries(
  LOCALES.map((l) => [l, createTranslator({ locale: l, messages: MESSAGES[l], namespace: "writtenIn" })]),
) as Record<Locale, (lang: Locale) => string>;

const asLocale = (locale: string): Locale => (LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : "en";

export function reasonLabel(code: StatusReasonCode, locale: string): string {
  return translators[asLocale(locale)](code);
}

/** "Shelling or air strikes on the route; Checkpoint closed", in the list's own order. */
export function reasonLabels(codes: readonly StatusReasonCode[], locale: string): string {
  return sortedReasonCodes(codes).map((c) => reasonLabel(c, locale)).join("; ");
}

/** The same in all three languages, as the API gives it. */
export function reasonLabelSet(codes: readonly StatusReasonCode[]): LocalizedText {
  return { uk: reasonLabels(codes, "uk"), ru: reasonLabels(codes, "ru"), en: reasonLabels(codes, "en") };
}

/**
 * A text in the reader's language as one plain string, for outputs that cannot mark a span's
 * language (SMS, feed titles, CAP descriptions): a fallback carries "(in Ukrainian)" in words.
 */
export function plainLocalizedText(value: LocalizedText, locale: string): string {
  const shown = shownText(value, locale);
  if (!shown) return "";
  return shown.fallback ? `${shown.text} ${writtenIn[asLocale(locale)](shown.lang)}` : shown.text;
}

/**
 * A status's reason as one plain sentence in the reader's language: the coded reasons, then the
 * coordinator's detail. Detail in another language is added only when there are no codes, since
 * then it is all the reader has (marked with its language).
 */
export function reasonSentence(codes: readonly StatusReasonCode[], text: LocalizedText, locale: string): string {
  const labels = reasonLabels(codes, locale);
  const shown = shownText(text, locale);
  const detail = !shown ? "" : !shown.fallback ? shown.text : labels ? "" : plainLocalizedText(text, locale);
  return [labels, detail.trim()].filter(Boolean).join(". ");
}
