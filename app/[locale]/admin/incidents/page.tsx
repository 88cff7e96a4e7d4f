import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { IncidentFilterForm } from "@/components/incidents/incident-filter-form";
import { IncidentList } from "@/components/incidents/incident-list";
import { getDb } from "@/db";
import { listIncidentRouteFilterOptions, listIncidentsForReview } from "@/db/queries/incidents";
import { listTownPoints } from "@/db/queries/towns";
import { pageLocale } from "@/i18n/page-locale";
import { incidentFiltersSchema, incidentQueryFilters } from "@/lib/incident-filters";
import { loadPageWithin } from "@/lib/pagination";

export const dynamic = "force-dynamic";

export default async function ReviewQueuePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("admin");
  const filters = incidentFiltersSchema.parse(await searchParams);
  const db = await getDb();
  const [{ list, page }, towns, routes] = await Promise.all([
    loadPageWithin(filters.page ?? 1, (p) => listIncidentsForReview(db, user, incidentQueryFilters(filters), p)),
    listTownPoints(db, user),
    listIncidentRouteFilterOptions(db, user, { town: filters.town, route: filters.route }),
  ]);
  const t = await getTranslations("review");
  return (
    <main id="main" className="wide">
      <h1>{t("queueTitle")}</h1>
      <p className="intro">{t("queueIntro")}</p>
      <IncidentFilterForm basePath="/admin/incidents" filters={filters} towns={towns} routes={routes} locale={locale} />
      <IncidentList list={list} page={page} basePath="/admin/incidents" filters={filters} locale={locale} />
    </main>
  );
}
