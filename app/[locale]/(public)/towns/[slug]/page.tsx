import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import { reportPageNextChange } from "@/components/public/next-change";
import { AreaNotices } from "@/components/public/area-notices";
import { RouteDetails } from "@/components/public/route-details";
import { routeAnchor, TownSummary } from "@/components/public/town-summary";
import { getDb } from "@/db";
import { getPublicTownView } from "@/db/public/route-views";
import { getPublicTransportRequestCounts } from "@/db/public/transport-requests";
import { getPublicTransportRunCounts } from "@/db/public/transport-runs";
import { LocaleLink as Link } from "@/components/layout/locale-link";
import { pageLocale } from "@/i18n/page-locale";
import { localizedName } from "@/lib/localized-name";
import { SLUG_PATTERN } from "@/lib/slug";
import { formatPlaceDateTime } from "@/lib/time";
import { liteHref } from "@/server/lite/render";

// Statuses change by the minute and freshness depends on the clock: rendered on every request.
export const dynamic = "force-dynamic";

type Params = Promise<{ locale: string; slug: string }>;

/** One read per request, shared by the metadata and the page. */
const loadTown = cache(async (slug: string) => {
  // Only a well-formed slug reaches the database.
  if (!SLUG_PATTERN.test(slug)) return null;
  return getPublicTownView(await getDb(), { slug, now: new Date() });
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const locale = await pageLocale(params);
  const { slug } = await params;
  const view = await loadTown(slug);
  if (!view) return {};
  const t = await getTranslations("town");
  const town = localizedName(view.town, locale);
  return { title: t("metaTitle", { town }), description: t("metaDescription", { town }) };
}

export default async function TownPage({ params }: { params: Params }) {
  const locale = await pageLocale(params);
  const { slug } = await params;
  const view = await loadTown(slug);
  if (!view) notFound();
  const now = new Date();
  // Counts only, like the requests: never a run's time, place, vehicle or anyone on it.
  const runs = await getPublicTransportRunCounts(await getDb(), { slug: view.town.slug, now });
  await reportPageNextChange({ now, routes: view.routes, notices: { town: view.town.slug }, instants: [runs?.changesAt ?? null] });
  const t = await getTranslations("town");
  const th = await getTranslations("home");
  const tm = await getTranslations("mode");
  const ta = await getTranslations("askTransport");
  // Counts only: how many are waiting here, never who or where (a write moves the public version).
  const waiting = (await getPublicTransportRequestCounts(await getDb(), { slug: view.town.slug })) ?? { open: 0, beingHandled: 0 };
  const town = localizedName(view.town, locale);
  return (
    <>
      <SiteHeader liteHref={liteHref.town(locale, view.town.slug)} />
      <main id="main">
        <h1>{town}</h1>
        <p className="meta">
          {/* Back up one step: the oblast's other towns, as the home page leads down to this one. */}
          <Link href={`/oblasts/${view.town.oblast.slug}`} className="main-link">{(await getTranslations("oblast"))("oblastOf", { oblast: localizedName(view.town.oblast, locale) })}</Link>
        </p>
        <TownSummary routes={view.routes} noticeCount={view.notices.length} noticesAnchor="notices-title" now={now} locale={locale} />
        {view.notices.length > 0 && <AreaNotices notices={view.notices} locale={locale} title={t("noticesTitle")} />}
        <section aria-labelledby="routes-title">
          <h2 id="routes-title">{t("routesTitle", { town })}</h2>
          {view.routes.length === 0 && <p>{t("noRoutes", { town })}</p>}
          <ul className="routes">
            {view.routes.map((route) => (
              <li key={route.slug} id={routeAnchor(route.slug)} className="route" data-route={route.slug}>
                <h3 className="route-title">
                  {th("routeTo", { town: localizedName(route.destination, locale) })}
                  <span className="mode"> · {tm(route.mode)}</span>
                </h3>
                <RouteDetails route={route} now={now} locale={locale} headingLevel={3} />
                <p>
                  <Link href={`/routes/${route.slug}`} className="main-link">
                    {t("routeDetails")}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="transport-title">
          <h2 id="transport-title">{ta("sectionTitle")}</h2>
          <p data-transport-requests={waiting.open}>{ta("counts", { open: waiting.open, handled: waiting.beingHandled })}</p>
          {runs && runs.today + runs.tomorrow > 0 && (
            <p data-transport-runs={`${runs.today}/${runs.tomorrow}`}>
              {ta("runCounts", { today: runs.today, todayAccessible: runs.todayAccessible, tomorrow: runs.tomorrow, tomorrowAccessible: runs.tomorrowAccessible })}
            </p>
          )}
          <p>
            {/* A plain link to the zero-JavaScript form (a route handler, never cached). */}
            <a href={liteHref.askTransport(locale, view.town.slug)} className="main-link">
              {ta("linkText")}
            </a>
          </p>
        </section>
        <p>
          <Link href="/" className="main-link">
            {t("allTowns")}
          </Link>
        </p>
        <p className="generated">{th("generatedAt", { time: formatPlaceDateTime(now, locale) })}</p>
      </main>
    </>
  );
}
