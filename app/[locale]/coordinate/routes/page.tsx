import { getTranslations } from "next-intl/server";
import { FilterSelect } from "@/components/forms/filter-fields";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listRoutesForCoordinators } from "@/db/queries/routes";
import { listTownsForCoordinators } from "@/db/queries/towns";
import { ROUTE_STATUSES } from "@/db/schema/enums";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { sortByAttention } from "@/lib/attention";
import { localizedName } from "@/lib/localized-name";
import { RouteSummary } from "../route-summary";
import { routeFiltersSchema } from "./schemas";

export const dynamic = "force-dynamic";

/** All routes, filterable by origin, status, staleness and review flag; the filters live in the URL. */
export default async function RoutesPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const filters = routeFiltersSchema.parse(await searchParams);
  const db = await getDb();
  const now = new Date();
  const [routes, towns] = await Promise.all([listRoutesForCoordinators(db, user, filters, now), listTownsForCoordinators(db, user)]);
  const t = await getTranslations("coordinate");
  const ts = await getTranslations("status");
  const origins = towns.filter((town) => town.routeCount > 0);
  return (
    <main id="main" className="wide">
      <h1>{t("routesTitle")}</h1>
      <p>
        <Link href="/coordinate/routes/new" className="button">
          {t("newRoute")}
        </Link>
      </p>
      <form method="get" className="filters" aria-label={t("filters")}>
        <FilterSelect
          id="filter-origin"
          name="origin"
          label={t("filterOrigin")}
          anyLabel={t("any")}
          value={filters.origin}
          options={origins.map((town) => ({ value: town.slug, label: localizedName(town, locale) }))}
        />
        <FilterSelect id="filter-status" name="status" label={t("filterStatus")} anyLabel={t("any")} value={filters.status} options={ROUTE_STATUSES.map((s) => ({ value: s, label: ts(s) }))} />
        <label className="checkbox">
          <input type="checkbox" name="stale" value="1" defaultChecked={filters.stale} /> {t("filterStale")}
        </label>
        <label className="checkbox">
          <input type="checkbox" name="flagged" value="1" defaultChecked={filters.flagged} /> {t("filterFlagged")}
        </label>
        <div className="filter-actions">
          <button type="submit" className="button">
            {t("apply")}
          </button>{" "}
          <Link href="/coordinate/routes">{t("clear")}</Link>
        </div>
      </form>
      <p role="status">{t("count", { count: routes.length })}</p>
      <ul className="dashboard-routes">
        {sortByAttention(routes, now).map((route) => (
          <li key={route.id} className="dashboard-route" data-route={route.slug}>
            <h2>
              <Link href={`/coordinate/routes/${route.slug}`}>
                {localizedName(route.origin, locale)} → {localizedName(route.destination, locale)}
              </Link>
            </h2>
            <RouteSummary route={route} now={now} locale={locale} />
          </li>
        ))}
      </ul>
    </main>
  );
}
