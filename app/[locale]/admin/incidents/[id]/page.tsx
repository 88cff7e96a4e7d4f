import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireUser } from "@/auth";
import { IncidentRecord } from "@/components/incidents/incident-record";
import { RevisionList } from "@/components/incidents/revision-list";
import { routeMapLabels } from "@/components/map/labels";
import { RouteMap } from "@/components/map/route-map";
import { getDb } from "@/db";
import { getIncidentForCoordinator, listRevisionNames } from "@/db/queries/incidents";
import { listTownPoints } from "@/db/queries/towns";
import { getMapTiles } from "@/env";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { routeFreshness } from "@/lib/freshness";
import { availableReviewActions, REVIEW_ACTIONS } from "@/lib/incident-review";
import { localizedName } from "@/lib/localized-name";
import { mapTownsOf } from "@/app/[locale]/coordinate/towns/map-towns";
import { ReviewForm } from "./review-form";

export const dynamic = "force-dynamic";

const reviewedParam = z.enum(REVIEW_ACTIONS).optional().catch(undefined);

export default async function ReviewIncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<{ reviewed?: string }>;
}) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("admin");
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await getDb();
  const incident = await getIncidentForCoordinator(db, user, id);
  if (!incident) notFound();
  const [names, towns] = await Promise.all([listRevisionNames(db, user, incident.revisions, locale), listTownPoints(db, user)]);
  const reviewed = reviewedParam.parse((await searchParams).reviewed);
  const t = await getTranslations("review");
  const ti = await getTranslations("incidents");
  const tc = await getTranslations("category");
  const now = new Date();
  const townPoint = incident.town ? towns.find((town) => town.slug === incident.town!.slug) : undefined;
  const at = incident.lat !== null && incident.lon !== null ? { lat: incident.lat, lon: incident.lon } : townPoint ? { lat: townPoint.lat, lon: townPoint.lon } : null;
  const actions = availableReviewActions(incident);
  return (
    <main id="main" className="wide">
      <p>
        <Link href="/admin/incidents">{t("backToQueue")}</Link>
      </p>
      <h1>{tc(incident.category)}</h1>
      {reviewed && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t(`done_${reviewed}`)}
        </p>
      )}
      <section aria-labelledby="review-title" className="review">
        <h2 id="review-title">{t("title")}</h2>
        <ReviewForm id={incident.id} version={incident.version} locale={locale} actions={actions} />
        <p>
          <Link href={`/coordinate/incidents/${incident.id}/edit`}>{ti("edit")}</Link>
        </p>
      </section>
      <IncidentRecord incident={incident} locale={locale} />
      {at && (
        <RouteMap
          marker={{ ...at, title: t("mapMarker") }}
          routes={incident.routes.map((r) => ({
            slug: r.slug,
            label: `${localizedName(r.origin, locale)} → ${localizedName(r.destination, locale)}`,
            status: routeFreshness(r, now).shownStatus,
            waypoints: r.waypoints,
          }))}
          towns={mapTownsOf(towns, locale)}
          tiles={getMapTiles()}
          labels={await routeMapLabels()}
        />
      )}
      <h2>{ti("revisions")}</h2>
      <RevisionList revisions={incident.revisions} names={names} locale={locale} />
    </main>
  );
}
