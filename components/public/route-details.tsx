import { getTranslations } from "next-intl/server";
import { RouteStatus } from "@/components/status/route-status";
import type { PublicRouteView } from "@/db/public/types";
import type { RouteStatus as Status } from "@/db/schema/enums";
import { LocalizedTextView } from "@/components/status/localized-text";
import { publicAssemblyPoint } from "@/lib/assembly-point";
import type { Locale } from "@/i18n/routing";
import { liteHref } from "@/server/lite/render";
import { localizedName } from "@/lib/localized-name";
import { hasAnyText } from "@/lib/localized-text";
import { reasonSentence } from "@/lib/reason-codes";
import { routeReport } from "@/lib/route-report";
import { routeSmsSummary } from "@/lib/route-sms";
import { dayTime } from "@/lib/route-report-text";
import { formatDuration, formatPlaceDayTime } from "@/lib/time";
import { CopyButton } from "./copy-button";
import { statusConfidence } from "@/lib/status-confidence";

// What a resident needs about one route before setting out, all in the server HTML: the status
// (degraded once past its freshness window), the review flag, where and when to gather, the
// corridor window, recent public incidents, and a short text to forward.

export async function RouteDetails({ route, now, locale, headingLevel }: { route: PublicRouteView; now: Date; locale: string; headingLevel: 1 | 3 }) {
  const t = await getTranslations("town");
  const tsms = await getTranslations("sms");
  const ts = await getTranslations("status");
  const tc = await getTranslations("category");
  const tv = await getTranslations("verification");
  // Sub-headings sit one level below the route's own heading (h1 on the route page, h3 on a town page).
  const H = headingLevel === 1 ? "h2" : "h4";
  const report = routeReport(route, now);
  // The window the report names (placed again by the clock), with the title the agreement gives it.
  const window = report.window ? { ...report.window, title: route.windows.find((w) => w.windowStart.getTime() === report.window!.windowStart.getTime())?.title } : null;
  const sms = routeSmsSummary(
    {
      ...route,
      origin: localizedName(route.origin, locale),
      destination: localizedName(route.destination, locale),
      reason: reasonSentence(route.statusReasonCodes, route.statusReason, locale),
    },
    { now, locale, t: (key, values) => tsms(key, values), statusWord: (s: Status | "unconfirmed") => ts(s) },
  );
  const smsId = `sms-${route.slug}`;
  return (
    <>
      <RouteStatus route={route} now={now} flagged={route.flaggedForReview} confidence={statusConfidence(route)} />
      <dl className="details">
        <dt>{t("assemblyPoint")}</dt>
        <dd>
          {hasAnyText(route.assemblyPoint) ? <LocalizedTextView value={route.assemblyPoint} /> : t("notGiven")}
          {route.assemblyPointOpens && route.assemblyPointCloses && <> {t("assemblyPointHours", { opens: route.assemblyPointOpens, closes: route.assemblyPointCloses })}</>}
          {route.assemblyPointLat !== null && route.assemblyPointLon !== null && (
            <> {t("assemblyPointArea", { lat: route.assemblyPointLat.toFixed(2), lon: route.assemblyPointLon.toFixed(2) })}</>
          )}
          {route.assemblyPointCall && <> {t("assemblyPointCall", { number: route.assemblyPointCall })}</>}
          {publicAssemblyPoint(route) && (
            <>
              {" "}
              <a href={liteHref.askTransport(locale as Locale, route.origin.slug)}>{t("assemblyPointRequest")}</a>
            </>
          )}
        </dd>
        <dt>{t("schedule")}</dt>
        <dd>{hasAnyText(route.schedule) ? <LocalizedTextView value={route.schedule} /> : t("notGiven")}</dd>
      </dl>
      <section aria-labelledby={`window-${route.slug}`} className="corridor-window" data-phase={window?.phase ?? "none"}>
        <H id={`window-${route.slug}`}>{t("windowTitle")}</H>
        {window ? (
          <>
            <p>
              {t(window.phase === "active" ? "windowActive" : "windowUpcoming", {
                duration: formatDuration((window.phase === "active" ? window.windowEnd : window.windowStart).getTime() - now.getTime(), locale),
              })}
            </p>
            <p>
              {t("windowRange", { start: dayTime(window.windowStart, now, locale), end: dayTime(window.windowEnd, now, locale) })}
            </p>
            {window.title && <LocalizedTextView value={window.title} as="p" className="meta" />}
          </>
        ) : (
          <p>{t("windowNone")}</p>
        )}
      </section>
      <section aria-labelledby={`incidents-${route.slug}`} className="route-incidents">
        <H id={`incidents-${route.slug}`}>{t("incidentsTitle")}</H>
        {route.incidents.length === 0 ? (
          <p>{t("incidentsNone")}</p>
        ) : (
          <ul>
            {route.incidents.map((incident) => (
              <li key={incident.id} className="public-incident" data-verification={incident.verification}>
                <p>
                  <strong>{tc(incident.category)}</strong> ·{" "}
                  <time dateTime={incident.occurredAt.toISOString()}>{formatPlaceDayTime(incident.occurredAt, locale)}</time>
                  {incident.town && <> · {localizedName(incident.town, locale)}</>}
                </p>
                <LocalizedTextView value={incident.publicSummary} as="p" />
                <p className="meta">{t("verification", { state: tv(incident.verification) })}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="sms">
        <label htmlFor={smsId} id={`${smsId}-label`}>
          {t("smsLabel")}
        </label>
        <p id={`${smsId}-hint`} className="meta">
          {t("smsHint")}
        </p>
        <textarea id={smsId} readOnly rows={4} value={sms} aria-describedby={`${smsId}-hint`} data-sms-length={[...sms].length} />
        <CopyButton targetId={smsId} describedBy={`${smsId}-label`} label={t("copy")} copied={t("copied")} failed={t("copyFailed")} />
      </div>
    </>
  );
}
