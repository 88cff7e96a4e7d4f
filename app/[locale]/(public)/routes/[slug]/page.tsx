import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import { reportPageNextChange } from "@/components/public/next-change";
import { routeMapLabels } from "@/components/map/labels";
import { RouteMapIsland } from "@/components/public/route-map-island";
import { RouteDetails } from "@/components/public/route-details";
import { getDb } from "@/db";
import { listPublicReceptionPoints } from "@/db/public/reception-points";
import { getPublicRouteView } from "@/db/public/route-views";
import { listPublicTownsNearRoute } from "@/db/public/towns";
import { getMapTiles } from "@/env";
import { LocaleLink as Link } from "@/components/layout/locale-link";
import { pageLocale } from "@/i18n/page-locale";
import { routeFreshness } from "@/lib/freshness";
import { StatusReason } from "@/components/status/status-reason";
import { publicAssemblyPoint } from "@/lib/assembly-point";
import { localizedName } from "@/lib/localized-name";
import { receptionReportText } from "@/lib/reception-report-text";
import { shownText } from "@/lib/localized-text";
import { SLUG_PATTERN } from "@/lib/slug";
import { formatPlaceDateTime, formatPlaceDayTime } from "@/lib/time";
import { liteHref } from "@/server/lite/render";

// Statuses change by the minute and freshness depends on the clock: rendered on every request.
export const dynamic = "force-dynamic";

type Params = Promise<{ locale: string; slug: string }>;

const loadRoute = cache(async (slug: string) => {
  if (!SLUG_PATTERN.test(slug)) return null;
  return getPublicRouteView(await getDb(), { slug, now: new Date() });
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const locale = await pageLocale(params);
  const { slug } = await params;
  const view = await loadRoute(slug);
  if (!view) return {};
  const t = await getTranslations("routePage");
  return { title: t("metaTitle", { origin: localizedName(view.route.origin, locale), destination: localizedName(view.route.destination, locale) }) };
}

export default async function RoutePage({ params }: { params: Params }) {
  const locale = await pageLocale(params);
  const { slug } = await params;
  const view = await loadRoute(slug);
  if (!view) notFound();
  const { route, history } = view;
  const now = new Date();
  // The destination's reception points, judged at `now` as on its town page: the map says their status.
  const receptionPoints = await listPublicReceptionPoints(await getDb(), { now, slug: route.destination.slug });
  await reportPageNextChange({ now, routes: [route], events: history, instants: receptionPoints.map((p) => p.report.staleAt) });
  const t = await getTranslations("routePage");
  const ts = await getTranslations("status");
  const th = await getTranslations("home");
  const tm = await getTranslations("mode");
  const origin = localizedName(route.origin, locale);
  const destination = localizedName(route.destination, locale);
  const label = `${origin} → ${destination}`;
  // The route's own towns first (their names are kept when labels would overlap), then its neighbours.
  const nearby = (await listPublicTownsNearRoute(await getDb(), { slug: route.slug }))
    .filter((town) => town.slug !== route.origin.slug && town.slug !== route.destination.slug)
    .map((town) => ({ slug: town.slug, name: localizedName(town, locale), lat: town.lat, lon: town.lon }));
  const assembly = publicAssemblyPoint(route);
  // The rounded public point, named in the reader's language (else the route, never a blank title).
  const places = assembly?.point ? [{ ...assembly.point, name: shownText(assembly.name, locale)?.text ?? label }] : [];
  // At the destination town's public point: a reception point's public record has an address, no position.
  const reception =
    receptionPoints.length === 0
      ? []
      : [
          {
            lat: route.destination.lat,
            lon: route.destination.lon,
            town: destination,
            points: receptionPoints.map((p) => ({ name: shownText(p.name, locale)?.text ?? destination, status: receptionReportText(p.report, locale).status })),
          },
        ];
  return (
    <>
      {/* There is no lite route page: the lite page of the origin town lists this route among its own. */}
      <SiteHeader liteHref={`${liteHref.town(locale, route.origin.slug)}#route-${route.slug}`} />
      <main id="main">
        <h1>{label}</h1>
        <p className="meta">
          {t("mode")}: {tm(route.mode)}
        </p>
        <div className="route" data-route={route.slug}>
          <RouteDetails route={route} now={now} locale={locale} headingLevel={1} />
        </div>
        <p>
          <Link href={`/towns/${route.origin.slug}`} className="main-link">
            {t("moreFrom", { town: origin })}
          </Link>
        </p>

        <section aria-labelledby="history-title">
          <h2 id="history-title">{t("historyTitle")}</h2>
          {history.length === 0 ? (
            <p>{t("historyEmpty")}</p>
          ) : (
            <ol className="history">
              {history.map((event) => (
                <li key={event.id} data-kind={event.kind}>
                  {/* The record of what was said then: a plain word, not the live badge, so a past
                      "Open" never reads as the current status; and an old "open" reason is dropped
                      (it could read as today's). */}
                  <p>
                    <time dateTime={event.confirmedAt.toISOString()}>{formatPlaceDayTime(event.confirmedAt, locale)}</time>{" "}
                    <span className="status-past">{ts(event.status)}</span> · {t(`event_${event.kind}`)}
                  </p>
                  {(event.status !== "open" || routeFreshness({ ...route, status: event.status, statusConfirmedAt: event.confirmedAt }, now).fresh) && (
                    <StatusReason codes={event.reasonCodes} text={event.reason} />
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>

        {/* Last: the text above is complete without it, and its code loads only when scrolled near. */}
        <section aria-labelledby="map-title">
          <h2 id="map-title">{t("mapTitle")}</h2>
          <p className="meta">{t("mapNote")}</p>
          <RouteMapIsland
            id="route-map-island"
            routes={[{ slug: route.slug, label, status: routeFreshness(route, now).shownStatus, waypoints: route.waypoints }]}
            places={places}
            reception={reception}
            towns={[
              { slug: route.origin.slug, name: origin, lat: route.origin.lat, lon: route.origin.lon },
              { slug: route.destination.slug, name: destination, lat: route.destination.lat, lon: route.destination.lon },
              ...nearby,
            ]}
            tiles={getMapTiles()}
            labels={await routeMapLabels()}
          />
        </section>
        <p className="generated">{th("generatedAt", { time: formatPlaceDateTime(now, locale) })}</p>
      </main>
    </>
  );
}
