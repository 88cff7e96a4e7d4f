import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { IncidentFilterForm } from "@/components/incidents/incident-filter-form";
import { IncidentList } from "@/components/incidents/incident-list";
import { getDb } from "@/db";
import { listIncidentRouteFilterOptions, listIncidentsForCoordinators } from "@/db/queries/incidents";
import { listSearchableTowns } from "@/db/public/towns";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { incidentFiltersSchema, incidentQueryFilters, withTownFilter } from "@/lib/incident-filters";
import { localizedName } from "@/lib/localized-name";
import { townFilter } from "@/lib/town-search";
import { loadPageWithin } from "@/lib/pagination";

export const dynamic = "force-dynamic";

export default async function IncidentLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const asked = incidentFiltersSchema.parse(await searchParams);
  const db = await getDb();
  // The town by name, as residents search (500 towns at national scale are no list to scroll).
  const town = townFilter(await listSearchableTowns(db), asked.town, asked.townName);
  const filters = withTownFilter(asked, town, (t) => localizedName(t, locale));
  const [{ list, page }, routes] = await Promise.all([
    loadPageWithin(filters.page ?? 1, (p) => listIncidentsForCoordinators(db, user, incidentQueryFilters(filters), p)),
    listIncidentRouteFilterOptions(db, user, { town: filters.town, route: filters.route }),
  ]);
  const t = await getTranslations("incidents");
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p>
        <Link href="/coordinate/incidents/new" className="button">
          {t("new")}
        </Link>
      </p>
      <IncidentFilterForm basePath="/coordinate/incidents" filters={filters} town={town} routes={routes} locale={locale} />
      <IncidentList list={list} page={page} basePath="/coordinate/incidents" filters={filters} locale={locale} />
    </main>
  );
}
