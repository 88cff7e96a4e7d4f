import { createTranslator } from "next-intl";
import { LOCALES, type Locale } from "@/i18n/routing";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import { sortedInstructions, type StatusInstruction } from "./instruction-codes";

// The instruction codes in the reader's language (messages `instructionCode`, and the short
// `instructionCodeSms` for SMS), for every output alike.

const MESSAGES = { uk, ru, en } as const;
type Translate = (key: string, values?: Record<string, string>) => string;
const translators = (namespace: "instructionCode" | "instructionCodeSms") =>
  Object.fromEntries(LOCALES.map((l) => [l, createTranslator({ locale: l, messages: MESSAGES[l], namespace })])) as unknown as Record<Locale, Translate>;
const LONG = translators("instructionCode");
const SHORT = translators("instructionCodeSms");
const asLocale = (locale: string): Locale => ((LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : "en");

/**
 * One instruction in the reader's language. `time` words a timed code's instant (the caller
 * passes lib/route-report-text.ts dayTime, so "today 09:00" reads as every other time on the page).
 */
export function instructionLabel(item: StatusInstruction, locale: string, time: (at: Date) => string, { short = false } = {}): string {
  const t = (short ? SHORT : LONG)[asLocale(locale)];
  return t(item.code, item.at ? { time: time(new Date(item.at)) } : {});
}

/** All of them as one text: sentences on a page, a short "; "-joined list by SMS. */
export function instructionLabels(items: readonly StatusInstruction[], locale: string, time: (at: Date) => string, { short = false } = {}): string {
  return sortedInstructions(items)
    .map((i) => instructionLabel(i, locale, time, { short }))
    .join(short ? "; " : " ");
}
