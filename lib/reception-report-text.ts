import { createTranslator } from "next-intl";
import { LOCALES, type Locale } from "@/i18n/routing";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import type { ReceptionReport } from "./reception-report";
import { formatAge } from "./time";

// A reception report in words, for every output that shows one (town page, lite page). Only what
// receptionReport() decided is worded: a stale report has no free beds to word.

const MESSAGES = { uk, ru, en } as const;
type Key = keyof typeof en.receptionReport;
const translators = Object.fromEntries(
  LOCALES.map((l) => [l, createTranslator({ locale: l, messages: MESSAGES[l], namespace: "receptionReport" })]),
) as unknown as Record<Locale, (key: Key, values?: Record<string, string | number>) => string>;
const asLocale = (locale: string): Locale => ((LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : "en");

export type ReceptionReportText = {
  /** The icon and the status word: "✓ Open", "⏱ Not confirmed recently". */
  status: string;
  /** "120 of 400 beds free, 4 of 20 accessible", or only the capacity once the counts are old. */
  beds: string;
  /** "confirmed 40 minutes ago" while fresh; "last confirmed 7 hours ago" after; "never confirmed". */
  confirmation: string;
  /** "Last reported: full", beside a stale status only. */
  warning: string | null;
  /** "Medical help, food", or null. */
  services: string | null;
};

export function receptionReportText(report: ReceptionReport, locale: string): ReceptionReportText {
  const t = translators[asLocale(locale)];
  const beds = report.free
    ? t("bedsFree", { free: report.free.beds, total: report.capacity.beds, accessibleFree: report.free.accessibleBeds, accessible: report.capacity.accessibleBeds })
    : t("bedsCapacity", { total: report.capacity.beds, accessible: report.capacity.accessibleBeds });
  const age = report.ageMinutes === null ? null : formatAge(report.ageMinutes, locale);
  return {
    status: `${report.icon} ${t(`status_${report.status}`)}`,
    beds,
    confirmation: age === null ? t("neverConfirmed") : report.fresh ? t("confirmed", { age }) : t("lastConfirmed", { age }),
    warning: report.lastReportedWarning ? t("lastReported", { status: t(`status_${report.lastReportedWarning}`) }) : null,
    services: report.services.length === 0 ? null : report.services.map((s) => t(`service_${s}`)).join(", "),
  };
}
