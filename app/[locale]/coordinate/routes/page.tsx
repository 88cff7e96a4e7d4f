import { getTranslations } from "next-intl/server";
import { FilterSelect } from "@/components/forms/filter-fields";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listCoordinatorOriginTowns, pageRoutesForCoordinators } from "@/db/queries/routes";
import { staffRoutesCursor, staffRoutesHref } from "@/lib/staff-route-pages";
import { ROUTE_STATUSES } from "@/db/schema/enums";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { sortByAttention } from "@/lib/attention";
import { localizedName } from "@/lib/localized-name";
import { RouteSummary } from "../route-summary";
import { routeFiltersSchema } from "./schemas";

export const dynamic = "force-dynamic";

/**
 * All routes, filterable by origin, status, staleness and review flag, a page at a time (paged in
 * SQL: a national deployment has thousands); the filters and the page live in the URL.
 */
export default async function RoutesPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const query = await searchParams;
  const filters = routeFiltersSchema.parse(query);
  const after = staffRoutesCursor.read("/coordinate/routes", query.after);
  const db = await getDb();
  const now = new Date();
  const { origin, ...rest } = filters;
  const [page, origins] = await Promise.all([
    pageRoutesForCoordinators(db, user, { ...rest, origins: origin ? [origin] : undefined, after }, now),
    listCoordinatorOriginTowns(db, user),
  ]);
  const routes = page.items;
  const t = await getTranslations("coordinate");
  const ts = await getTranslations("status");
  const tl = await getTranslations("list");
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
      <p role="status">{t("count", { count: page.total })}</p>
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
      {page.next && (
        <p>
          <Link href={staffRoutesHref("/coordinate/routes", query, page.next)}>{tl("next")}</Link>
        </p>
      )}
    </main>
  );
}
