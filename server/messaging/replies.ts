import "server-only";
import { createTranslator } from "next-intl";
import { getPublicCorridorWindow } from "@/db/public/corridor-windows";
import { getPublicTownView } from "@/db/public/route-views";
import type { PublicRouteView, PublicTownView } from "@/db/public/types";
import type { Db } from "@/db";
import { getLinkBaseUrl } from "@/env";
import type { Locale } from "@/i18n/routing";
import type { MessageTopicKind, RouteStatus } from "@/lib/enum-values";
import { routeReport } from "@/lib/route-report";
import { reportInstructionText, reportStateText } from "@/lib/route-report-text";
import { localizedName, noticeText } from "@/lib/localized-name";
import { fitsOneSms } from "@/lib/messaging/sms-segments";
import { plainLocalizedText, reasonLabels, reasonSentence } from "@/lib/reason-codes";
import { routeSmsSummary, smsTime } from "@/lib/route-sms";
import { characterCount, cutAtWord } from "@/lib/word-cut";
import { confidenceText, flagVerificationText, statusConfidence } from "@/lib/status-confidence";
import { liteHref } from "@/server/lite/render";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";

// Everything the bot and SMS say about routes, windows and notices. It reads only through the
// public boundary (db/public), so a bot message can never say more than the public pages: the
// degraded status once a confirmation is old, the review flag, no reporter, no internal note.
// Texts are written from the state at the time of sending, so a change corrected within the
// minute is told as corrected, never as it briefly was.

const MESSAGES = { uk, ru, en } as const;

/** "telegram" (chats and linked channels) gets full lines and a link; "sms" the compact form that fits one message where it can. */
export type ReplyFormat = "telegram" | "sms";

function makeTranslators(locale: Locale) {
  const messages = MESSAGES[locale];
  return {
    t: createTranslator({ locale, messages, namespace: "bot" }),
    ts: createTranslator({ locale, messages, namespace: "status" }),
    tsms: createTranslator({ locale, messages, namespace: "sms" }),
  };
}
type Translators = ReturnType<typeof makeTranslators>;
// One set per language for the process: made per message, they were a large share of a
// fan-out's CPU, and a busy event loop starts the paced sends late.
const translatorsByLocale = new Map<Locale, Translators>();
function translators(locale: Locale): Translators {
  let made = translatorsByLocale.get(locale);
  if (!made) translatorsByLocale.set(locale, (made = makeTranslators(locale)));
  return made;
}

function statusWord(tr: Translators, status: RouteStatus | "unconfirmed"): string {
  return tr.ts(status);
}

/** A coordinator's reason longer than this is cut at a word, with the link to the whole page. */
export const TELEGRAM_REASON_MAX = 400;

/** The reason as a Telegram line shows it: whole, or cut where a word ends and followed by the link. */
function telegramReason(reason: string, link: string): string {
  const fits = (text: string) => characterCount(text) <= TELEGRAM_REASON_MAX;
  if (fits(reason)) return reason;
  // One "word" longer than the limit (a pasted link) has nowhere to be cut but inside it.
  const cut = cutAtWord(reason, fits) ?? `${[...reason].slice(0, TELEGRAM_REASON_MAX - 1).join("")}…`;
  return `${cut} ${link}`;
}

/**
 * One route: by Telegram, the forwardable 160-character summary and then the whole reason (codes
 * in the reader's language, the coordinator's detail) and how sure it is; by SMS the compact form
 * with the reason codes. Status, window, reason and flag all come from the one route report.
 */
function routeLine(route: PublicRouteView, locale: Locale, now: Date, tr: Translators, format: ReplyFormat): string {
  const report = routeReport(route, now);
  const reason = report.showReason ? reasonSentence(report.reasonCodes, route.statusReason, locale) : "";
  if (format === "telegram") {
    const summary = routeSmsSummary(
      { ...route, origin: localizedName(route.origin, locale), destination: localizedName(route.destination, locale), reason: "" },
      { now, locale, t: (key, values) => tr.tsms(key, values), statusWord: (s) => statusWord(tr, s) },
    );
    const why = reason ? `\n  ${telegramReason(reason, `${liteUrl(locale, route.origin.slug)}#route-${route.slug}`)}` : "";
    // How sure, on its own line (the summary above stays the forwardable 160 characters). By SMS
    // it is left out: it would cost a second segment on every answer.
    const confidence = statusConfidence(route);
    const verification = flagVerificationText(confidence, locale);
    // The coordinator's instructions, always in the reader's language (the summary above stays forwardable).
    const todo = report.instructions.length > 0 ? `\n  ${reportInstructionText(report, now, locale)}` : "";
    return route.statusConfirmedAt ? `${summary}${why}${todo}\n  ${confidenceText(confidence, locale)}${verification ? ` · ⚑ ${verification}` : ""}` : `${summary}${why}${todo}`;
  }
  const f = report.freshness;
  const word = f.lastReportedWarning ? `${statusWord(tr, f.shownStatus)} (${statusWord(tr, f.lastReportedWarning)})` : statusWord(tr, f.shownStatus);
  // The codes only (the free text would cost segments): always in the reader's language.
  const codes = report.showReason ? reasonLabels(report.reasonCodes, locale) : "";
  const confirmation = f.confirmedAt
    ? tr.t(f.fresh ? "smsConfirmed" : "smsUnconfirmedSince", { time: smsTime(f.confirmedAt, now, locale) })
    : tr.t("smsNeverConfirmed");
  const parts = [tr.t("smsRoute", { destination: localizedName(route.destination, locale), status: codes ? `${word} (${codes})` : word, confirmation })];
  // The flag and the window are never dropped to save a segment: they are what a resident acts on.
  if (report.flagged) parts.push(tr.t("smsFlagged"));
  const state = reportStateText(report, now, locale, { short: true });
  if (state) parts.push(state);
  // Chosen instructions in their short form: what to do is worth a segment; the derived one is not said by SMS.
  if (report.instructions.length > 0) parts.push(reportInstructionText(report, now, locale, { short: true }));
  return parts.join(", ");
}

function noticeLine(notice: PublicTownView["notices"][number], locale: Locale, tr: Translators): string {
  return tr.t("notice", { area: localizedName(notice.area, locale), text: plainLocalizedText(noticeText(notice), locale) });
}

/** The first candidate that fits one SMS, else the last (shortest) one: a long answer still goes, in parts. */
function shortestFitting(candidates: string[]): string {
  return candidates.find(fitsOneSms) ?? candidates[candidates.length - 1]!;
}

function liteUrl(locale: Locale, slug: string): string {
  return getLinkBaseUrl() + liteHref.town(locale, slug);
}

export type TownStatusReply = { text: string; followUps: string[] };

/**
 * The answer to "Лисичанськ?": every route out of the town, its notices, and how to follow it.
 * By SMS the routes fit one message where they can and each notice follows as its own. Null: no such town.
 */
export async function townStatusReply(
  db: Db,
  { slug, locale, now, format }: { slug: string; locale: Locale; now: Date; format: ReplyFormat },
): Promise<TownStatusReply | null> {
  const view = await getPublicTownView(db, { slug, now });
  if (!view) return null;
  const tr = translators(locale);
  const town = localizedName(view.town, locale);
  const notices = view.notices.map((n) => noticeLine(n, locale, tr));
  if (format === "telegram") {
    const routes = view.routes.length > 0 ? view.routes.map((r) => `• ${routeLine(r, locale, now, tr, format)}`) : [tr.t("noRoutes", { town })];
    const text = [tr.t("townHeader", { town }), ...routes, ...notices, "", tr.t("liteLink", { url: liteUrl(locale, view.town.slug) }), tr.t("subscribeHint", { slug: view.town.slug })];
    return { text: text.join("\n").trim(), followUps: [] };
  }
  if (view.routes.length === 0) return { text: tr.t("noRoutes", { town }), followUps: notices };
  const routes = view.routes.map((r) => routeLine(r, locale, now, tr, format)).join("; ");
  const body = `${town} (${tr.t("smsKyivTime")}): ${routes}.`;
  return { text: shortestFitting([`${body} ${tr.t("subscribeHintSms", { town })}`, body]), followUps: notices };
}

export type NotificationTopic = {
  kind: MessageTopicKind;
  id: string;
  /** Set by the relay when the change was queued (server/messaging/relay.ts). */
  townSlugs: string[];
  routeIds?: string[];
  withdrawnWindow?: { windowStart: string; windowEnd: string };
};

/**
 * One message telling what changed for one subscriber or channel, town by town, as things stand
 * at `now`. Null when nothing is left to tell (a notice already expired, a route removed).
 */
/** The public reads a notification is written from; one set may serve many messages (below). */
export type NotificationReads = {
  townView(slug: string): Promise<PublicTownView | null>;
  corridorWindow(id: string): ReturnType<typeof getPublicCorridorWindow>;
};

/**
 * Reads made once and shared by every message written from them: a batch of deliveries reads
 * each town once, not once per subscriber. Made only after the batch's pending rows are claimed,
 * so a change committed later is left pending for the next message, never lost.
 */
export function sharedNotificationReads(db: Db, now: Date): NotificationReads {
  const views = new Map<string, Promise<PublicTownView | null>>();
  const windows = new Map<string, ReturnType<typeof getPublicCorridorWindow>>();
  const once = <T>(cache: Map<string, T>, key: string, read: () => T): T => {
    if (!cache.has(key)) cache.set(key, read());
    return cache.get(key)!;
  };
  return {
    townView: (slug) => once(views, slug, () => getPublicTownView(db, { slug, now })),
    corridorWindow: (id) => once(windows, id, () => getPublicCorridorWindow(db, { now, id })),
  };
}

export async function notificationText(
  db: Db,
  {
    topics,
    townSlugs,
    locale,
    now,
    format,
    reads = sharedNotificationReads(db, now),
  }: { topics: NotificationTopic[]; townSlugs: string[] | null; locale: Locale; now: Date; format: ReplyFormat; reads?: NotificationReads },
): Promise<string | null> {
  const tr = translators(locale);
  const towns = [...new Set(topics.flatMap((t) => t.townSlugs))].filter((slug) => townSlugs === null || townSlugs.includes(slug)).sort();
  const sections: string[] = [];
  for (const slug of towns) {
    const view = await reads.townView(slug);
    if (!view) continue;
    const lines: string[] = [];
    const routeIds = new Set<string>();
    for (const topic of topics.filter((t) => t.townSlugs.includes(slug))) {
      if (topic.kind === "route") routeIds.add(topic.id);
      if (topic.kind === "notice") {
        const notice = view.notices.find((n) => n.id === topic.id);
        if (notice) lines.push(noticeLine(notice, locale, tr));
      }
      if (topic.kind === "agreement" && topic.withdrawnWindow) {
        const start = smsTime(new Date(topic.withdrawnWindow.windowStart), now, locale);
        const end = smsTime(new Date(topic.withdrawnWindow.windowEnd), now, locale);
        lines.push(tr.t("windowWithdrawn", { start, end }));
        for (const id of topic.routeIds ?? []) routeIds.add(id);
      } else if (topic.kind === "agreement") {
        const window = await reads.corridorWindow(topic.id);
        if (!window || window.phase === "ended") continue;
        const title = plainLocalizedText(window.title, locale);
        lines.push(
          window.phase === "active"
            ? tr.t("windowOpen", { title, end: smsTime(window.windowEnd, now, locale) })
            : tr.t("windowAgreed", { title, start: smsTime(window.windowStart, now, locale), end: smsTime(window.windowEnd, now, locale) }),
        );
        for (const route of window.routes) routeIds.add(route.id);
      }
    }
    const routes = view.routes.filter((r) => routeIds.has(r.id)).map((r) => routeLine(r, locale, now, tr, format));
    if (lines.length === 0 && routes.length === 0) continue;
    const town = localizedName(view.town, locale);
    sections.push(
      format === "telegram"
        ? [tr.t("changesIn", { town }), ...lines, ...routes.map((r) => `• ${r}`), tr.t("liteLink", { url: liteUrl(locale, slug) })].join("\n")
        : `${town} (${tr.t("smsKyivTime")}): ${[...lines, ...routes].join("; ")}`,
    );
  }
  if (sections.length === 0) return null;
  // A linked channel (no towns of its own) is read by everyone: a personal command there would
  // reach no one's subscription, so only a subscriber's chat gets the footer.
  if (format === "telegram") return [...sections, ...(townSlugs === null ? [] : ["", tr.t("unsubscribeFooter")])].join("\n\n").replace(/\n{3,}/g, "\n\n");
  // Carriers require the opt-out word on every message we start (replies to the resident's own
  // message are answers, and go without): it is never dropped to save a segment.
  return `${sections.join(" | ")}. ${tr.t("unsubscribeFooterSms")}`;
}

export function replyTranslator(locale: Locale) {
  return translators(locale).t;
}
