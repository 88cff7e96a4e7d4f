import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { routeMapLabels } from "@/components/map/labels";
import { RouteMap } from "@/components/map/route-map";
import { SourceLink } from "@/components/sources/source-link";
import { LocalizedTextView } from "@/components/status/localized-text";
import { StatusBadge } from "@/components/status/route-status";
import { StatusReason } from "@/components/status/status-reason";
import { getDb } from "@/db";
import { listStatusHistoryForCoordinators } from "@/db/queries/route-status";
import { getRouteForCoordinator } from "@/db/queries/routes";
import { scenarioId } from "@/db/scenario/ids";
import { listTownPoints } from "@/db/queries/towns";
import { getMapTiles } from "@/env";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { SLUG_PATTERN } from "@/lib/slug";
import { routeFreshness } from "@/lib/freshness";
import { routeLengthKm } from "@/lib/geo/route-length";
import { hasAnyText } from "@/lib/localized-text";
import { localizedName } from "@/lib/localized-name";
import { formatStaffTime } from "@/lib/time";
import { mapTownsOf } from "../../towns/map-towns";
import { RouteSummary } from "../../route-summary";
import { ConfirmUnchangedForm, StatusForm } from "../status-form";
import { CorridorWindows } from "./corridor-windows";

export const dynamic = "force-dynamic";

export default async function CoordinatorRoutePage({ params }: { params: Promise<{ locale: string; slug: string }> }) {
  const locale = await pageLocale(params);
  const { slug } = await params;
  const user = await requireUser("coordinator");
  // Only a well-formed slug reaches the database (a NUL in the path would make it refuse the query).
  if (!SLUG_PATTERN.test(slug)) notFound();
  const db = await getDb();
  const route = await getRouteForCoordinator(db, user, slug);
  if (!route) notFound();
  const [history, towns] = await Promise.all([listStatusHistoryForCoordinators(db, user, route.id), listTownPoints(db, user)]);
  const t = await getTranslations("coordinate");
  const tm = await getTranslations("mode");
  const now = new Date();
  const label = `${localizedName(route.origin, locale)} → ${localizedName(route.destination, locale)}`;
  const km = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(routeLengthKm(route.waypoints));
  const shown = routeFreshness(route, now).shownStatus;
  // Who set each status. The demo scenario's first event was loaded, not typed by an account:
  // it is the route's organisation's, per its source, and is not "a deleted account".
  const seededEventId = scenarioId(`status-event:${route.slug}:1`);
  const setBy = (event: (typeof history)[number]) => {
    if (event.byEmail) return t("eventBy", { email: event.byEmail });
    if (event.id === seededEventId) return route.organisation ? t("eventSeeded", { organisation: route.organisation }) : t("eventSeededNoOrganisation");
    return t("eventBy", { email: t("unknownUser") });
  };
  return (
    <main id="main" className="wide">
      <h1>{label}</h1>
      <RouteSummary route={route} now={now} locale={locale} />
      <CorridorWindows routeId={route.id} user={user} now={now} locale={locale} />

      <section aria-labelledby="status-title">
        <h2 id="status-title">{t("updateStatus")}</h2>
        <StatusForm routeId={route.id} version={route.version} status={route.status} routeLabel={label} />
        <ConfirmUnchangedForm routeId={route.id} version={route.version} status={route.status} routeLabel={label} />
      </section>

      <section aria-labelledby="details-title">
        <h2 id="details-title">{t("details")}</h2>
        <dl className="details">
          <dt>{t("mode")}</dt>
          <dd>{tm(route.mode)}</dd>
          <dt>{t("length")}</dt>
          <dd>{t("km", { km })}</dd>
          <dt>{t("assemblyPoint")}</dt>
          <dd>{hasAnyText(route.assemblyPoint) ? <LocalizedTextView value={route.assemblyPoint} /> : "—"}</dd>
          <dt>{t("schedule")}</dt>
          <dd>{hasAnyText(route.schedule) ? <LocalizedTextView value={route.schedule} /> : "—"}</dd>
          <dt>{t("organisation")}</dt>
          <dd>{route.organisation || "—"}</dd>
          <dt>{t("freshnessWindow")}</dt>
          <dd>{t("hours", { count: route.freshnessWindowHours })}</dd>
        </dl>
        <p>
          <Link href={`/coordinate/routes/${route.slug}/edit`}>{t("editRoute")}</Link>
        </p>
        <RouteMap
          routes={[{ slug: route.slug, label, status: shown, waypoints: route.waypoints }]}
          towns={mapTownsOf(towns, locale)}
          tiles={getMapTiles()}
          labels={await routeMapLabels()}
        />
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("history")}</h2>
        {history.length === 0 ? (
          <p>{t("historyEmpty")}</p>
        ) : (
          <ol className="history">
            {history.map((event) => (
              <li key={event.id} data-kind={event.kind}>
                <p>
                  <time dateTime={event.confirmedAt.toISOString()}>{formatStaffTime(event.confirmedAt, locale)}</time>{" "}
                  <StatusBadge status={event.status} /> {t(`event_${event.kind}`)}{" "}
                  <span className="meta">{setBy(event)}</span>
                </p>
                <StatusReason codes={event.reasonCodes} text={event.reason} />
                {event.source?.outlet && (
                  <p className="meta">
                    <SourceLink url={event.source.url}>{t("eventSource", { outlet: event.source.outlet })}</SourceLink>
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </main>
  );
}
