import { TZDate } from "@date-fns/tz";
import { addDays, format, startOfDay } from "date-fns";
// Times are stored in UTC and shown in the place's zone with that date's offset. Display uses
// Intl (ICU ships with Node and every browser); converting a local wall-clock time to UTC uses
// @date-fns/tz (see lib/local-time.ts), never a fixed offset: Kyiv moves between +02:00 and +03:00.

export const PLACE_TIME_ZONE = "Europe/Kyiv";

const INTL_LOCALE: Record<string, string> = { uk: "uk-UA", ru: "ru-RU", en: "en-GB" };

function intlLocale(locale: string): string {
  return INTL_LOCALE[locale] ?? locale;
}

const CLOCK = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

// Intl formatters are costly to build (each resolves its locale data and, for dates, the zone's
// rules: tens of microseconds) and a town page formats hundreds of times. They are immutable once
// built, so one per locale and options is kept for the life of the process. The keys come from a
// closed set (three locales, the zones and options this module passes), so the maps stay small.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function memoised<F, O extends object>(cache: Map<string, F>, build: new (locale: string, options: O) => F, locale: string, options: O): F {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (format === undefined) {
    format = new build(locale, options);
    cache.set(key, format);
  }
  return format;
}

/** A shared Intl.DateTimeFormat for this locale and options (built once, then reused). */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return memoised(dateTimeFormats, Intl.DateTimeFormat, locale, options);
}

/** A shared Intl.RelativeTimeFormat for this locale and options. */
export function relativeTimeFormat(locale: string, options: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  return memoised(relativeTimeFormats, Intl.RelativeTimeFormat, locale, options);
}

/** A shared Intl.NumberFormat for this locale and options. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return memoised(numberFormats, Intl.NumberFormat, locale, options);
}

/** "14:05" in Kyiv. */
export function formatPlaceTime(date: Date, locale: string, timeZone = PLACE_TIME_ZONE): string {
  return dateTimeFormat(intlLocale(locale), { timeZone, ...CLOCK }).format(date);
}

/** "+02:00" or "+03:00": the zone's UTC offset on that date. */
export function placeOffset(date: Date, timeZone = PLACE_TIME_ZONE): string {
  const part = dateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName")?.value;
  // "GMT+02:00"; plain "GMT" for a zero offset.
  const offset = part?.replace("GMT", "") ?? "";
  return offset === "" ? "+00:00" : offset;
}

/** "28 Mar" (uk "28 бер.") in Kyiv: a day near enough that the year goes without saying. */
export function formatPlaceDayMonth(date: Date, locale: string, timeZone = PLACE_TIME_ZONE): string {
  return dateTimeFormat(intlLocale(locale), { timeZone, day: "numeric", month: "short" }).format(date);
}

/** Whether two instants fall on the same calendar day in the place's zone. */
export function isSamePlaceDay(a: Date, b: Date, timeZone = PLACE_TIME_ZONE): boolean {
  const day = dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return day.format(a) === day.format(b);
}

/** "21 Nov 2026, 14:05 (UTC+02:00)" in the locale's words. */
export function formatPlaceDateTime(date: Date, locale: string, timeZone = PLACE_TIME_ZONE): string {
  return `${formatPlaceDayTime(date, locale, timeZone)} (UTC${placeOffset(date, timeZone)})`;
}

/**
 * "21 Nov 2026, 14:05" without the offset: for a page that says "Kyiv time (UTC+02:00)" once
 * (its "as of" line), so the offset is not repeated after every time.
 */
export function formatPlaceDayTime(date: Date, locale: string, timeZone = PLACE_TIME_ZONE): string {
  return dateTimeFormat(intlLocale(locale), { timeZone, day: "numeric", month: "short", year: "numeric", ...CLOCK }).format(date);
}

/**
 * "today 14:05", "tomorrow 09:00", "yesterday 23:10", else "21 Nov 2026, 14:05", from `now`'s
 * day in Kyiv: for a page that says the offset once (the staff pages' "Kyiv time (UTC+02:00)").
 * A time whose offset is not `now`'s (the other side of a clock change) still says its own, or
 * it would read an hour off. The day words are the locale's own (Intl), so client components
 * need no messages for them.
 */
export function formatPlaceWhen(date: Date, now: Date, locale: string, timeZone = PLACE_TIME_ZONE): string {
  const day = (d: Date) => dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const [y, m, d] = day(now).split("-").map(Number) as [number, number, number];
  // Calendar days, not 24-hour steps: the day the clocks change is 23 or 25 hours long.
  const offsetDays = [-1, 0, 1].find((n) => new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10) === day(date));
  const when =
    offsetDays === undefined
      ? formatPlaceDayTime(date, locale, timeZone)
      : `${relativeTimeFormat(intlLocale(locale), { numeric: "auto" }).format(offsetDays, "day")} ${formatPlaceTime(date, locale, timeZone)}`;
  const offset = placeOffset(date, timeZone);
  return offset === placeOffset(now, timeZone) ? when : `${when} (UTC${offset})`;
}

/** `formatPlaceWhen` from the present: the staff pages' times (their note says the offset once). */
export function formatStaffTime(date: Date, locale: string): string {
  return formatPlaceWhen(date, new Date(), locale);
}

/** "5 minutes ago", "3 hours ago", in the locale's words; "5 min ago" in the short style. */
export function formatAge(minutes: number, locale: string, style: "long" | "short" = "long"): string {
  const rtf = relativeTimeFormat(intlLocale(locale), { numeric: "always", style });
  if (minutes < 60) return rtf.format(-minutes, "minute");
  if (minutes < 48 * 60) return rtf.format(-Math.floor(minutes / 60), "hour");
  return rtf.format(-Math.floor(minutes / (24 * 60)), "day");
}

/**
 * A span of time in the locale's words, to the minute: "3 hours 20 minutes", "45 minutes",
 * "2 days 4 hours" (uk "3 години 20 хвилин", ru "3 часа 20 минут"). Rounded up to a whole
 * minute, so a window still open for 30 seconds does not read "0 minutes".
 */
export function formatDuration(ms: number, locale: string): string {
  const totalMinutes = Math.max(1, Math.ceil(ms / 60_000));
  const unit = (unit: "day" | "hour" | "minute", n: number) =>
    numberFormat(intlLocale(locale), { style: "unit", unit, unitDisplay: "long" }).format(n);
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  // Beyond a day, minutes are noise; within it, they are what people plan by.
  const parts: string[] =
    days > 0
      ? [unit("day", days), ...(hours > 0 ? [unit("hour", hours)] : [])]
      : [...(hours > 0 ? [unit("hour", hours)] : []), ...(minutes > 0 ? [unit("minute", minutes)] : [])];
  return parts.join(" ");
}

/** The value a datetime-local input shows for an instant: its wall-clock time in the place's zone. */
export function toPlaceLocalInput(date: Date, timeZone = PLACE_TIME_ZONE): string {
  return format(new TZDate(date.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm");
}

/** The next midnight in the place's zone after `now`: when "today" and "tomorrow" change meaning. */
export function nextPlaceMidnight(now: Date, timeZone = PLACE_TIME_ZONE): Date {
  return new Date(startOfDay(addDays(new TZDate(now.getTime(), timeZone), 1)).getTime());
}
