import { getTranslations } from "next-intl/server";
import { StatusBadge } from "@/components/status/route-status";
import type { PublicRouteView } from "@/db/public/types";
import { localizedName } from "@/lib/localized-name";
import { routeReport } from "@/lib/route-report";
import { reportStateText } from "@/lib/route-report-text";
import { formatAge } from "@/lib/time";

/** The anchor of a route's details card on its town page, which each summary line links to. */
export function routeAnchor(slug: string): string {
  return `route-${slug}`;
}

/**
 * The top of a town page on a phone: one tappable line per route (destination, the status as the
 * details show it, how long since it was confirmed, the corridor window in force or next), so a
 * resident sees every way out without scrolling through the cards. Warnings come first when
 * there are any, as a line that jumps to them.
 */
export async function TownSummary({
  routes,
  noticeCount,
  noticesAnchor,
  now,
  locale,
}: {
  routes: PublicRouteView[];
  noticeCount: number;
  noticesAnchor: string;
  now: Date;
  locale: string;
}) {
  const t = await getTranslations("townSummary");
  const th = await getTranslations("home");
  const tm = await getTranslations("mode");
  const ts = await getTranslations("status");
  const tf = await getTranslations("freshness");
  if (routes.length === 0 && noticeCount === 0) return null;
  return (
    <section aria-labelledby="summary-title" className="town-summary">
      <h2 id="summary-title">{t("title")}</h2>
      {routes.length > 0 && <p className="meta">{t("hint")}</p>}
      <ul>
        {noticeCount > 0 && (
          <li>
            <a href={`#${noticesAnchor}`} className="summary-line summary-notices">
              <span aria-hidden="true">⚠ </span>
              {t("notices", { count: noticeCount })}
            </a>
          </li>
        )}
        {routes.map((route) => {
          const report = routeReport(route, now);
          const f = report.freshness;
          const age = f.ageMinutes !== null ? t("confirmedAgo", { age: formatAge(f.ageMinutes, locale, "short") }) : tf("neverConfirmed");
          // Below the status, one line each: what the last report said once stale, the window in one
          // sentence with the status (never "closed" beside "open"), the review flag.
          const more = [
            report.lastReportedWarning && tf("lastReported", { status: ts(report.lastReportedWarning) }),
            reportStateText(report, now, locale),
            report.flagged && `⚑ ${tf("flagged")}`,
          ].filter((fact): fact is string => Boolean(fact));
          return (
            <li key={route.slug} data-summary-route={route.slug}>
              <a href={`#${routeAnchor(route.slug)}`} className="summary-line">
                <span className="summary-destination">
                  <strong>{th("routeTo", { town: localizedName(route.destination, locale) })}</strong> · {tm(route.mode)}
                </span>{" "}
                <span className="summary-facts">
                  <StatusBadge status={report.status} /> <span className="summary-age" data-freshness="">{age}</span>
                </span>
                {more.map((fact) => (
                  <span key={fact} className="summary-more">
                    {" "}
                    {fact}
                  </span>
                ))}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
