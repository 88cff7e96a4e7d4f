import "server-only";
import { createTranslator } from "next-intl";
import type { PublicAreaNotice, PublicOblastSummary, PublicOblastView, PublicRoute, PublicRouteView, PublicStatusCounts, PublicReceptionPoint, PublicTown, PublicTransportRequestCounts, PublicTransportRunCounts } from "@/db/public/types";
import { LOCALES, type Locale } from "@/i18n/routing";
import { publicAssemblyPoint } from "@/lib/assembly-point";
import { receptionReportText } from "@/lib/reception-report-text";
import { routeReport } from "@/lib/route-report";
import { dayTime, reportInstructionText, reportStateText } from "@/lib/route-report-text";
import { localizedName, noticeText } from "@/lib/localized-name";
import { shownText, type LocalizedText } from "@/lib/localized-text";
import { reasonLabels } from "@/lib/reason-codes";
import { formatAge, formatDuration, formatPlaceDateTime, formatPlaceDayTime, formatPlaceTime } from "@/lib/time";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import { Html, html } from "@/lib/lite/html";
import { confidenceText, flagVerificationText, statusConfidence } from "@/lib/status-confidence";

// The lite pages: plain HTML for cheap phones on 2G. No JavaScript, no web fonts, no images, one
// small inline <style>; every page stays well under 14 KB gzip (db/public/lite-pages.db.test.ts).
// What each route says comes from lib/route-report.ts, as on the rich pages.

const MESSAGES = { uk, ru, en } as const;
const LANGUAGE_NAME: Record<Locale, string> = { uk: "Українська", ru: "Русский", en: "English" };

// Every link on the lite pages stands alone (a heading, a list item, "All towns"), never inside a sentence:
// each gets a box 44 px tall, a tap target a thumb hits (WCAG 2.2, 2.5.8).
const STYLE =
  "body{font:16px/1.4 sans-serif;max-width:40em;margin:0 auto;padding:0 .5em;color:#111;background:#fff}" +
  "h1{font-size:1.3em}h2{font-size:1.15em;margin-top:1.2em}h3{font-size:1em;margin:.8em 0 .2em}" +
  "ul{padding-left:1.2em}li{margin:.4em 0}p{margin:.3em 0}a{color:#00e;display:inline-block;padding:.7em 0}" +
  ".s{font-weight:bold}.s-open{color:#060}.s-caution{color:#850}.s-closed{color:#b00}.s-unknown,.s-unconfirmed{color:#444}" +
  ".n{border:2px solid #b00;padding:.3em .5em;margin:.5em 0}.m{color:#444;font-size:.9em}" +
  ".links li{display:inline;margin-right:.8em}";
/** Our own constant, not data: inserted as markup. */
const STYLE_HTML = new Html(STYLE);

function translators(locale: Locale) {
  const messages = MESSAGES[locale];
  return {
    t: createTranslator({ locale, messages, namespace: "lite" }),
    th: createTranslator({ locale, messages, namespace: "home" }),
    ts: createTranslator({ locale, messages, namespace: "status" }),
    tf: createTranslator({ locale, messages, namespace: "freshness" }),
    tm: createTranslator({ locale, messages, namespace: "mode" }),
    to: createTranslator({ locale, messages, namespace: "offline" }),
    tt: createTranslator({ locale, messages, namespace: "town" }),
    tw: createTranslator({ locale, messages, namespace: "writtenIn" }),
    tsr: createTranslator({ locale, messages, namespace: "search" }),
    tob: createTranslator({ locale, messages, namespace: "oblast" }),
    ta: createTranslator({ locale, messages, namespace: "askTransport" }),
    tr: createTranslator({ locale, messages, namespace: "receptionReport" }),
  };
}
type T = ReturnType<typeof translators>;

/** Links of the lite pages, always with the language prefix so a followed link keeps the language. */
export const liteHref = {
  home: (locale: Locale) => `/${locale}/lite`,
  town: (locale: Locale, slug: string) => `/${locale}/lite/towns/${encodeURIComponent(slug)}`,
  oblast: (locale: Locale, slug: string) => `/${locale}/lite/oblasts/${encodeURIComponent(slug)}`,
  /** The form to ask for transport (plain HTML, never cached), with the town chosen when there is one. */
  askTransport: (locale: Locale, slug?: string) => `/${locale}/transport${slug ? `?town=${encodeURIComponent(slug)}` : ""}`,
  withdrawTransport: (locale: Locale) => `/${locale}/transport/withdraw`,
};

/** The page around a body; a description for search results and link previews where there is one (not on the 404). */
function page(locale: Locale, tr: T, title: string, body: Html, description: string | null = null, extraStyle: Html | null = null): string {
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>${description === null ? null : html`<meta name="description" content="${description}">`}<style>${STYLE_HTML}${extraStyle}</style></head><body>
<p id="offline-banner-template" hidden data-template="${tr.to("banner", { time: "{time}" })}" data-stale="${tr.to("stale", { time: "{time}" })}"></p>
${body}</body></html>
`.value;
}

/** A lite page around `body`, for the other plain-HTML pages (the transport request form): the same head, style and offline banner. */
export function litePage(locale: Locale, title: string, body: Html, description: string, extraStyle: Html | null = null): string {
  return page(locale, translators(locale), title, body, description, extraStyle);
}

/** A coordinator's text in the page's language, else another marked with lang and "(in Ukrainian)". */
function localized(value: LocalizedText, locale: Locale, tr: T): Html | null {
  const shown = shownText(value, locale);
  if (!shown) return null;
  return shown.fallback ? html`<span lang="${shown.lang}">${shown.text}</span> ${tr.tw(shown.lang)}` : html`${shown.text}`;
}

/** What a resident acts on beyond the status: the corridor window, where and when to gather. */
function routeDetails(route: PublicRouteView, window: { phase: "active" | "upcoming"; windowStart: Date; windowEnd: Date } | null, now: Date, locale: Locale, tr: T): Html {
  const range = window ? tr.tt("windowRange", { start: dayTime(window.windowStart, now, locale), end: dayTime(window.windowEnd, now, locale) }) : null;
  const left = window ? (window.phase === "active" ? window.windowEnd : window.windowStart).getTime() - now.getTime() : 0;
  const assembly = localized(route.assemblyPoint, locale, tr);
  const hours = route.assemblyPointOpens && route.assemblyPointCloses ? ` ${tr.tt("assemblyPointHours", { opens: route.assemblyPointOpens, closes: route.assemblyPointCloses })}` : "";
  const area = route.assemblyPointLat !== null && route.assemblyPointLon !== null ? ` ${tr.tt("assemblyPointArea", { lat: route.assemblyPointLat.toFixed(2), lon: route.assemblyPointLon.toFixed(2) })}` : "";
  const call = route.assemblyPointCall ? ` ${tr.tt("assemblyPointCall", { number: route.assemblyPointCall })}` : "";
  // Someone who cannot walk there and cannot get through on the line asks in writing instead.
  const request = publicAssemblyPoint(route) ? html` <a href="${liteHref.askTransport(locale, route.origin.slug)}">${tr.tt("assemblyPointRequest")}</a>` : null;
  const schedule = localized(route.schedule, locale, tr);
  return html`
<br><span data-window="${window?.phase ?? "none"}">${tr.tt("windowTitle")}: ${window ? html`${tr.tt(window.phase === "active" ? "windowActive" : "windowUpcoming", { duration: formatDuration(left, locale) })} ${range}` : tr.tt("windowNone")}</span>
<br>${tr.tt("assemblyPoint")}: ${assembly ?? tr.tt("notGiven")}${hours}${area}${call}${request}
<br>${tr.tt("schedule")}: ${schedule ?? tr.tt("notGiven")}`;
}

function routeItem(route: PublicRoute | PublicRouteView, now: Date, locale: Locale, tr: T): Html {
  const report = routeReport({ ...route, windows: "windows" in route ? route.windows : [] }, now);
  const f = report.freshness;
  const time = f.confirmedAt ? formatPlaceTime(f.confirmedAt, locale) : null;
  const age = f.ageMinutes !== null ? formatAge(f.ageMinutes, locale) : null;
  const freshness =
    time && age ? (f.fresh ? tr.tf("confirmed", { time, age }) : tr.tf("unconfirmedSince", { time, age })) : tr.tf("neverConfirmed");
  const state = reportStateText(report, now, locale);
  const reasons = report.showReason ? reasonLabels(report.reasonCodes, locale) : "";
  const detail = report.showReason ? localized(route.statusReason, locale, tr) : null;
  // Codes and the coordinator's note are one sentence each: a full stop between them, never run together.
  const reason = reasons && detail ? html`${reasons}. ${detail}` : reasons ? html`${reasons}` : detail;
  const confidence = statusConfidence(route);
  return html`<li id="route-${route.slug}" data-route="${route.slug}"><b>${tr.th("routeTo", { town: localizedName(route.destination, locale) })}</b> · ${tr.tm(route.mode)}
<br><span class="s s-${report.status}" data-status="${report.status}">${report.icon} ${tr.ts(report.status)}</span>${state ? html`
<br><b data-state="${report.state}">${state}</b>` : null}
<br><span class="m" data-freshness>${freshness}${f.confirmedAt ? ` · ${confidenceText(confidence, locale)}` : ""}</span>${report.lastReportedWarning ? html`
<br>${tr.tf("lastReported", { status: tr.ts(report.lastReportedWarning) })}` : null}${reason ? html`
<br><span data-reason>${reason}</span>` : null}${report.flagged ? html`
<br>⚑ ${confidence.flagVerification ? tr.tf("flaggedVerification", { verification: flagVerificationText(confidence, locale)! }) : tr.tf("flagged")}` : null}
<br><span data-instruction="${report.instruction}" data-instruction-codes="${report.instructions.map((i) => i.code).join(" ")}">${reportInstructionText(report, now, locale)}</span>${"windows" in route ? routeDetails(route, report.window, now, locale, tr) : null}</li>
`;
}

/** The notices shown; `more`: said after them when they are the newest of more, with where the rest are. */
function notices(list: PublicAreaNotice[], locale: Locale, tr: T, more: Html | null = null): Html | null {
  if (list.length === 0) return null;
  return html`<h2>${tr.t("noticesTitle")}</h2>
${list.map((n) => {
  return html`<div class="n"><p><b>⚠ ${localizedName(n.area, locale)}</b></p><p>${localized(noticeText(n), locale, tr)}</p><p class="m">${tr.t("noticeIssued", { time: formatPlaceDayTime(n.issuedAt, locale) })}</p></div>
`;
})}${more}`;
}

function languageLinks(locale: Locale, tr: T, pathFor: (l: Locale) => string): Html {
  return html`<nav><h2>${tr.t("languages")}</h2><ul class="links">${LOCALES.map((l) =>
    l === locale
      ? html`<li><b lang="${l}">${LANGUAGE_NAME[l]}</b></li>`
      : html`<li><a href="${pathFor(l)}" lang="${l}" hreflang="${l}">${LANGUAGE_NAME[l]}</a></li>`,
  )}</ul></nav>
`;
}

/** A destination's reception points, as lib/reception-report.ts judged them: free beds only while fresh. */
function reception(points: PublicReceptionPoint[], locale: Locale, tr: T): Html | null {
  if (points.length === 0) return null;
  return html`<h2>${tr.tr("title")}</h2>
<ul>
${points.map((p) => {
  const text = receptionReportText(p.report, locale);
  return html`<li data-reception-point="${p.id}"><b>${localized(p.name, locale, tr)}</b>
<br><span data-reception-status="${p.report.status}">${text.status}</span>${text.warning ? html` · ${text.warning}` : null}
<br>${text.beds}
<br><span class="m">${text.confirmation}</span>${text.services ? html`
<br>${tr.tr("services", { list: text.services })}` : null}
<br>${tr.tr("addressLabel")} ${localized(p.address, locale, tr)}</li>
`;
})}</ul>
`;
}

/**
 * How to ask for transport, how many requests are waiting here and how many runs leave today and
 * tomorrow: counts only, as on the town page, so nobody and no pickup can be picked out.
 */
function askTransport(slug: string, counts: PublicTransportRequestCounts, runs: PublicTransportRunCounts | null, locale: Locale, tr: T): Html {
  return html`<h2>${tr.ta("sectionTitle")}</h2>
<p data-transport-requests="${counts.open}">${tr.ta("counts", { open: counts.open, handled: counts.beingHandled })}</p>
${runs && runs.today + runs.tomorrow > 0 ? html`<p data-transport-runs="${runs.today}/${runs.tomorrow}">${tr.ta("runCounts", { today: runs.today, todayAccessible: runs.todayAccessible, tomorrow: runs.tomorrow, tomorrowAccessible: runs.tomorrowAccessible })}</p>
` : null}<p><a href="${liteHref.askTransport(locale, slug)}">${tr.ta("linkText")}</a></p>
`;
}

function asOf(now: Date, locale: Locale, tr: T): Html {
  return html`<p class="m">${tr.t("asOf", { time: formatPlaceDateTime(now, locale) })}</p>
`;
}

export type LiteHomeData = {
  locale: Locale;
  now: Date;
  oblasts: PublicOblastSummary[];
  /** The newest notices in force (HOME_NOTICES_MAX), and how many are in force per oblast. */
  notices: PublicAreaNotice[];
  noticeCounts: ReadonlyMap<string, number>;
  /** What the resident searched for ("" for none) and the towns it may mean, best first. */
  query: string;
  matches: PublicTown[];
};

const COUNT_ORDER = ["open", "caution", "closed", "unconfirmed", "unknown"] as const;

/** "Open: 3 · Closed: 1": the statuses that occur, in words (never colour alone). */
function countsText(counts: PublicStatusCounts, tr: T): string {
  return COUNT_ORDER.filter((s) => counts[s] > 0)
    .map((s) => `${tr.ts(s)}: ${counts[s]}`)
    .join(" · ");
}

/** The search box: a plain GET form to the lite home, first on the page. */
function searchForm(locale: Locale, query: string, tr: T): Html {
  return html`<form method="get" action="${liteHref.home(locale)}" role="search"><label for="q"><b>${tr.tsr("label")}</b></label>
<p class="m" id="q-hint">${tr.tsr("hint")}</p>
<input id="q" name="q" type="search" value="${query}" maxlength="60" aria-describedby="q-hint" style="font:inherit;padding:.5em;min-height:44px"> <button type="submit" style="font:inherit;padding:.5em 1em;min-height:44px">${tr.tsr("submit")}</button></form>
`;
}

function searchResults(query: string, matches: PublicTown[], locale: Locale, tr: T): Html | null {
  if (!query) return null;
  return html`<h2>${tr.tsr("resultsTitle", { query })}</h2>
${matches.length === 0 ? html`<p role="status">${tr.tsr("noResultsOblast", { query })}</p>` : html`<ul>${matches.map(
    (town) => html`<li><a href="${liteHref.town(locale, town.slug)}">${tr.tsr("inOblast", { town: localizedName(town, locale), oblast: localizedName(town.oblast, locale) })}</a></li>`,
  )}</ul>
`}`;
}

/** /lite and /{locale}/lite: the search box first, then the oblasts with their routes counted by status, then warnings. */
export function renderLiteHome({ locale, now, oblasts, notices: active, noticeCounts, query, matches }: LiteHomeData): string {
  const tr = translators(locale);
  const noticeTotal = [...noticeCounts.values()].reduce((a, b) => a + b, 0);
  const oblastNotices = (slug: string) => {
    const n = noticeCounts.get(slug) ?? 0;
    return n > 0 ? ` · ${tr.th("oblastNotices", { count: n })}` : "";
  };
  const body = html`<h1>${tr.t("title")}</h1>
${searchForm(locale, query, tr)}${searchResults(query, matches, locale, tr)}<p><a href="${liteHref.askTransport(locale)}">${tr.ta("linkText")}</a></p>
<h2 id="oblasts">${tr.t("oblastsTitle")}</h2>
${oblasts.length === 0 ? html`<p>${tr.t("noRoutes")}</p>` : html`<ul>
${oblasts.map(
    (o) => html`<li><a href="${liteHref.oblast(locale, o.slug)}">${localizedName(o, locale)}</a><br><span class="m">${tr.th("oblastTowns", { count: o.townCount })} · ${tr.tob("routeCount", { count: o.routeCount })}${oblastNotices(o.slug)}. ${tr.th("statusCounts", { counts: countsText(o.statusCounts, tr) })}</span></li>
`,
  )}</ul>
`}${notices(active, locale, tr, noticeTotal > active.length ? html`<p data-notices-total="${noticeTotal}">${tr.th("noticesMore", { shown: active.length, total: noticeTotal })} <a href="#oblasts">${tr.th("noticesChooseOblast")}</a></p>
` : null)}<p>${tr.t("intro")}</p>
${asOf(now, locale, tr)}${languageLinks(locale, tr, (l) => liteHref.home(l))}<p><a href="/${locale}">${tr.t("fullVersion")}</a></p>
`;
  return page(locale, tr, tr.t("title"), body, tr.t("metaDescription"));
}

/** The oblast's view, and its newest notices in force (OBLAST_NOTICES_MAX) of `noticeTotal`. */
export type LiteOblastData = { locale: Locale; now: Date; view: PublicOblastView; notices: PublicAreaNotice[]; noticeTotal: number };

/** /{locale}/lite/oblasts/{slug}: the oblast's towns with routes out, each with its routes counted by status. */
export function renderLiteOblast({ locale, now, view, notices: active, noticeTotal }: LiteOblastData): string {
  const tr = translators(locale);
  const name = localizedName(view.oblast, locale);
  const title = tr.t("oblastTitle", { oblast: name });
  const body = html`<p><a href="${liteHref.home(locale)}">${tr.t("allOblasts")}</a></p>
<h1>${title}</h1>
${view.towns.length === 0 ? html`<p>${tr.tob("noTowns", { oblast: name })}</p>` : html`<ul>
${view.towns.map(
    (town) => html`<li><a href="${liteHref.town(locale, town.slug)}">${localizedName(town, locale)}</a><br><span class="m">${tr.tob("routeCount", { count: town.routeCount })}. ${tr.th("statusCounts", { counts: countsText(town.statusCounts, tr) })}</span></li>
`,
  )}</ul>
`}${notices(active, locale, tr, noticeTotal > active.length ? html`<p data-notices-total="${noticeTotal}">${tr.tob("noticesMore", { shown: active.length, total: noticeTotal })}</p>
` : null)}${asOf(now, locale, tr)}${languageLinks(locale, tr, (l) => liteHref.oblast(l, view.oblast.slug))}<p><a href="/${locale}/oblasts/${encodeURIComponent(view.oblast.slug)}">${tr.t("fullVersion")}</a></p>
`;
  return page(locale, tr, title, body, tr.t("oblastMetaDescription", { oblast: name }));
}

/** The town's own view: its notices in force, its routes with windows; it links to its oblast, not to every town. */
export type LiteTownData = {
  locale: Locale;
  now: Date;
  town: PublicTown;
  notices: PublicAreaNotice[];
  townRoutes: PublicRouteView[];
  /** How many requests for transport are open here and being handled: counts only, never a request. */
  transportRequests: PublicTransportRequestCounts;
  /** The reception points here, each already judged at `now` (free beds only while fresh). */
  receptionPoints?: PublicReceptionPoint[];
  /** How many runs leave here today and tomorrow (counts only); null: none read. */
  transportRuns?: PublicTransportRunCounts | null;
};

/** /lite/towns/{slug}: the notices for this town or its oblast, then the routes out of it with all a resident acts on. */
export function renderLiteTown({ locale, now, notices: relevant, town, townRoutes: mine, transportRequests, receptionPoints = [], transportRuns = null }: LiteTownData): string {
  const tr = translators(locale);
  const name = localizedName(town, locale);
  const title = tr.t("townTitle", { town: name });
  const body = html`<p><a href="${liteHref.oblast(locale, town.oblast.slug)}">${tr.tob("oblastOf", { oblast: localizedName(town.oblast, locale) })}</a></p>
<h1>${title}</h1>
${notices(relevant, locale, tr)}${mine.length === 0 ? html`<p>${tr.t("noRoutes")}</p>` : html`<ul>
${mine.map((r) => routeItem(r, now, locale, tr))}</ul>
`}${reception(receptionPoints, locale, tr)}${askTransport(town.slug, transportRequests, transportRuns, locale, tr)}${asOf(now, locale, tr)}<p><a href="${liteHref.home(locale)}">${tr.t("allOblasts")}</a></p>
${languageLinks(locale, tr, (l) => liteHref.town(l, town.slug))}<p><a href="/${locale}/towns/${encodeURIComponent(town.slug)}">${tr.t("fullVersion")}</a></p>
`;
  return page(locale, tr, title, body, tr.t("townMetaDescription", { town: name }));
}

/** A plain 404 page in the visitor's language. */
export function renderLiteNotFound(locale: Locale): string {
  const tr = translators(locale);
  const body = html`<h1>${tr.t("notFoundTitle")}</h1>
<p>${tr.t("notFoundText")}</p>
<p><a href="${liteHref.home(locale)}">${tr.t("allTowns")}</a></p>
`;
  return page(locale, tr, tr.t("notFoundTitle"), body);
}
