import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { IncidentFilterForm } from "@/components/incidents/incident-filter-form";
import { IncidentList } from "@/components/incidents/incident-list";
import { getDb } from "@/db";
import { listIncidentRouteFilterOptions, listIncidentsForReview } from "@/db/queries/incidents";
import { listSearchableTowns } from "@/db/public/towns";
import { pageLocale } from "@/i18n/page-locale";
import { incidentFiltersSchema, incidentQueryFilters, withTownFilter } from "@/lib/incident-filters";
import { localizedName } from "@/lib/localized-name";
import { townFilter } from "@/lib/town-search";
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
  const asked = incidentFiltersSchema.parse(await searchParams);
  const db = await getDb();
  // The town by name, as residents search (500 towns at national scale are no list to scroll).
  const town = townFilter(await listSearchableTowns(db), asked.town, asked.townName);
  const filters = withTownFilter(asked, town, (t) => localizedName(t, locale));
  const [{ list, page }, routes] = await Promise.all([
    loadPageWithin(filters.page ?? 1, (p) => listIncidentsForReview(db, user, incidentQueryFilters(filters), p)),
    listIncidentRouteFilterOptions(db, user, { town: filters.town, route: filters.route }),
  ]);
  const t = await getTranslations("review");
  return (
    <main id="main" className="wide">
      <h1>{t("queueTitle")}</h1>
      <p className="intro">{t("queueIntro")}</p>
      <IncidentFilterForm basePath="/admin/incidents" filters={filters} town={town} routes={routes} locale={locale} />
      <IncidentList list={list} page={page} basePath="/admin/incidents" filters={filters} locale={locale} />
    </main>
  );
}
