import { createTranslator } from "next-intl";
import { LOCALES, type Locale } from "@/i18n/routing";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import { instructionLabels } from "./instruction-text";
import type { RouteReport } from "./route-report";
import { dateTimeFormat, formatPlaceDayMonth, formatPlaceTime, isSamePlaceDay, PLACE_TIME_ZONE } from "./time";

// A route report in words: the one sentence that combines the status with the corridor window,
// and the instruction. Every output (page, lite page, bot, SMS) words it here. Times are Kyiv
// clock times without the offset: a page says the offset once, not after every time.

const MESSAGES = { uk, ru, en } as const;
type Key = keyof typeof en.routeReport;
const translators = Object.fromEntries(
  LOCALES.map((l) => [l, createTranslator({ locale: l, messages: MESSAGES[l], namespace: "routeReport" })]),
) as unknown as Record<Locale, (key: Key, values?: Record<string, string>) => string>;
const asLocale = (locale: string): Locale => ((LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : "en");

/** "2022-03-27": the calendar day in Kyiv. */
const placeDay = (at: Date) => dateTimeFormat("en-CA", { timeZone: PLACE_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);

/** "today 09:00", "tomorrow 09:00" or "28 Mar 09:00", from `now`'s day in Kyiv. */
export function dayTime(at: Date, now: Date, locale: string): string {
  const t = translators[asLocale(locale)];
  const time = formatPlaceTime(at, locale);
  if (isSamePlaceDay(at, now)) return t("today", { time });
  // The calendar day after `now`'s in Kyiv, by date, not by adding 24 hours: the day the clocks
  // go forward is 23 hours long.
  const [y, m, d] = placeDay(now).split("-").map(Number) as [number, number, number];
  const tomorrow = placeDay(at) === new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  if (tomorrow) return t("tomorrow", { time });
  return t("onDay", { date: formatPlaceDayMonth(at, locale), time });
}

/**
 * "today 09:00–15:00", "tomorrow 22:00–tomorrow 06:00"… the end repeats its day only when it is
 * not the start's. `dash` is "-" for SMS, where "–" would force a costlier encoding.
 */
export function windowSpan(start: Date, end: Date, now: Date, locale: string, dash = "–"): string {
  const endText = isSamePlaceDay(start, end) ? formatPlaceTime(end, locale) : dayTime(end, now, locale);
  return `${dayTime(start, now, locale)}${dash}${endText}`;
}

/**
 * The sentence that joins status and window; null when there is no window (the status alone
 * says it). `short` is the SMS form.
 */
export function reportStateText(report: RouteReport, now: Date, locale: string, { short = false }: { short?: boolean } = {}): string | null {
  if (!report.window || report.state === "plain") return null;
  const t = translators[asLocale(locale)];
  const dash = short ? "-" : "–";
  const span = windowSpan(report.window.windowStart, report.window.windowEnd, now, locale, dash);
  const end = isSamePlaceDay(report.window.windowEnd, now) ? formatPlaceTime(report.window.windowEnd, locale) : dayTime(report.window.windowEnd, now, locale);
  const key = `${report.state}${short ? "Sms" : ""}` as Key;
  return t(key, { span, end });
}

/**
 * What to do, in the reader's language: the instructions a coordinator chose, else the one the
 * state gives. `short` is the SMS form. Timed instructions say "today 09:00" like every other time.
 */
export function reportInstructionText(report: RouteReport, now: Date, locale: string, { short = false }: { short?: boolean } = {}): string {
  if (report.instructions.length > 0) return instructionLabels(report.instructions, locale, (at) => dayTime(at, now, locale), { short });
  return translators[asLocale(locale)](`instruction_${report.instruction}` as Key);
}
