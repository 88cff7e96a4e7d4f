import type { RouteStatus } from "@/lib/enum-values";
import { shownText, type LocalizedText } from "./localized-text";
import type { RouteStatusFacts } from "./freshness";
import { invitesGathering, routeReport, type WindowBounds } from "./route-report";
import { reportStateText } from "./route-report-text";
import { smsSegments } from "./messaging/sms-segments";
import { cutAtWord } from "./word-cut";
import { dateTimeFormat, formatPlaceTime, isSamePlaceDay, PLACE_TIME_ZONE } from "./time";

// A route's state as one short text residents can forward by SMS or Telegram to someone without
// a data connection. It says only what the page shows (the degraded status once past the freshness
// window, never an old "open"), in at most 160 characters; a reason is cut where a
// word ends.

export const SMS_MAX_LENGTH = 160;
/** The SMS parts a reason may fill the text to (two UCS-2 parts are 134 characters). */
export const SMS_REASON_SEGMENTS = 2;

/** The `sms` messages, formatted by the caller's translator (next-intl's `t`). */
export type SmsKey = "summary" | "confirmed" | "unconfirmedSince" | "neverConfirmed" | "flagged" | "call" | "gather" | "gatherHours";
export type SmsTranslate = (key: SmsKey, values?: Record<string, string>) => string;

export type RouteSmsFacts = RouteStatusFacts & {
  origin: string;
  destination: string;
  /** The reason in the reader's language as one sentence (lib/reason-codes.ts reasonSentence). */
  reason: string;
  /** An incident nearby is under review: the forwarded text must say so, as the page does. */
  flaggedForReview?: boolean;
  /** Agreed corridor windows covering the route: the report names the one in force or the next. */
  windows: readonly WindowBounds[];
  /** The official number people who cannot walk to the assembly point call. */
  assemblyPointCall?: string | null | undefined;
  /** Where to gather and when it is staffed ("08:00", "20:00"), as the page says them. */
  assemblyPoint?: LocalizedText | null | undefined;
  assemblyPointOpens?: string | null | undefined;
  assemblyPointCloses?: string | null | undefined;
};

const ELLIPSIS = "…";

function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return max <= 1 ? ELLIPSIS.slice(0, max) : chars.slice(0, max - 1).join("").trimEnd() + ELLIPSIS;
}

const length = (text: string) => [...text].length;

/** "14:05", or "14:05 23.11" when not on `now`'s day in Kyiv. */
export function smsTime(date: Date, now: Date, locale: string): string {
  const time = formatPlaceTime(date, locale);
  if (isSamePlaceDay(date, now)) return time;
  const day = dateTimeFormat("uk-UA", { timeZone: PLACE_TIME_ZONE, day: "2-digit", month: "2-digit" }).format(date);
  return `${time} ${day}`;
}

/**
 * "Lysychansk → Bakhmut: Caution, confirmed 14:05 Kyiv. Corridor open until 22:00. Shelling on…"
 * At most 160 characters: the reason is shortened first, then the town names.
 */
export function routeSmsSummary(
  facts: RouteSmsFacts,
  { now, locale, t, statusWord }: { now: Date; locale: string; t: SmsTranslate; statusWord: (status: RouteStatus | "unconfirmed") => string },
): string {
  const report = routeReport({ ...facts, statusReasonCodes: [], flaggedForReview: facts.flaggedForReview ?? false }, now);
  const f = report.freshness;
  const confirmation = f.confirmedAt
    ? t(f.fresh ? "confirmed" : "unconfirmedSince", { time: smsTime(f.confirmedAt, now, locale) })
    : t("neverConfirmed");
  // Past the window the word is "Unconfirmed"; an old warning is still worth repeating.
  const word = f.lastReportedWarning ? `${statusWord(f.shownStatus)} (${statusWord(f.lastReportedWarning)})` : statusWord(f.shownStatus);
  const status = report.flagged ? `${word}, ⚑ ${t("flagged")}` : word;
  // The window in the same sentence as the status: "Corridor agreed …, but the route is closed."
  const window = reportStateText(report, now, locale) ?? "";
  // An old reason could read as current: only while fresh, or with an old warning (as on the page).
  const reason = facts.reason.trim().replace(/\s+/g, " ");
  const showReason = reason !== "" && report.showReason;

  const build = (origin: string, destination: string, why: string) =>
    [t("summary", { origin, destination, status, confirmation }), window, why].filter(Boolean).join(" ");

  let text = build(facts.origin, facts.destination, "");
  if (showReason) {
    // The reason takes what is left of the 160 characters, and never a segment more than two
    // (or than the text already needs): Cyrillic, or the arrow, makes the text UCS-2, where 160
    // characters would be three parts, each one more chance to be lost on a weak signal.
    const segments = Math.max(SMS_REASON_SEGMENTS, smsSegments(text).segments);
    const fits = (why: string) => {
      const whole = build(facts.origin, facts.destination, why);
      return length(whole) <= SMS_MAX_LENGTH && smsSegments(whole).segments <= segments;
    };
    const why = cutAtWord(reason, fits);
    // A reason cut to a few characters says nothing: a cut one is kept only with some words.
    if (why !== null && (why === reason || length(why) >= 16)) text = build(facts.origin, facts.destination, why);
  }
  // The number for those who cannot walk goes in whole or not at all: a cut number is a wrong one.
  if (facts.assemblyPointCall) {
    const call = t("call", { number: facts.assemblyPointCall });
    if (length(text) + 1 + length(call) <= SMS_MAX_LENGTH) text = `${text} ${call}`;
  }
  // Where to gather, likewise whole or not at all: half a street name sends people to the wrong door;
  // and only while the report tells people to go or get ready (lib/route-report.ts).
  const place = shownText(facts.assemblyPoint, locale)?.text.trim().replace(/\s+/g, " ");
  if (place && invitesGathering(report.instruction)) {
    const gather =
      facts.assemblyPointOpens && facts.assemblyPointCloses
        ? t("gatherHours", { place, opens: facts.assemblyPointOpens, closes: facts.assemblyPointCloses })
        : t("gather", { place });
    if (length(text) + 1 + length(gather) <= SMS_MAX_LENGTH) text = `${text} ${gather}`;
  }
  if (length(text) > SMS_MAX_LENGTH) {
    // Long names: share what is left between them, keeping the status, time and window whole.
    const fixed = length(build("", "", ""));
    const each = Math.max(4, Math.floor((SMS_MAX_LENGTH - fixed) / 2));
    text = build(clip(facts.origin, each), clip(facts.destination, each), "");
  }
  return clip(text, SMS_MAX_LENGTH);
}
