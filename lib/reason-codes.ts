import { createTranslator } from "next-intl";
import { LOCALES, type Locale } from "@/i18n/routing";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import { sortedReasonCodes, type StatusReasonCode } from "./enum-values";

export { sortedReasonCodes };
import type { LocalizedText } from "./localized-text";

// A status's reasons from the closed list, worded in the reader's language (messages `reasonCode`).
// Pages, the lite pages, SMS text, Atom and CAP all word them here, so every output agrees.

const MESSAGES = { uk, ru, en } as const;
const translators = Object.fromEntries(
  LOCALES.map((l) => [l, createTranslator({ locale: l, messages: MESSAGES[l], namespace: "reasonCode" })]),
) as Record<Locale, (code: StatusReasonCode) => string>;

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
