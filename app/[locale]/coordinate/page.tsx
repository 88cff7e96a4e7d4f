import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { StateConflicts } from "@/components/coordinate/state-conflicts";
import { requireUser } from "@/auth";
import { FilterSelect } from "@/components/forms/filter-fields";
import { getDb } from "@/db";
import { listAgreementWindowsForRoutes } from "@/db/queries/agreements";
import { listCoordinatorOriginTowns, pageRoutesForCoordinators, type CoordinatorRoute } from "@/db/queries/routes";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { attentionReasons } from "@/lib/attention";
import { localizedName } from "@/lib/localized-name";
import { dashboardTownFilter } from "@/lib/organisation";
import { staffRoutesCursor, staffRoutesHref } from "@/lib/staff-route-pages";
import { TownConfirmForm, TownStatusForm } from "./area-forms";
import { DashboardRow, type NextWindow } from "./dashboard-row";
import { RunAlerts } from "./run-alerts";
import { WaitingRequests } from "./waiting-requests";

export const dynamic = "force-dynamic";

/** `?town=lysychansk` or `?town=all`; anything else is ignored rather than an error page. */
const filterSchema = z.object({ town: z.string().regex(/^[a-z0-9-]{1,80}$/).optional().catch(undefined) });

/**
 * The coordinator's phone view: one compact row per route, grouped by the town it leaves from, in
 * a fixed order (town, then destination) so a row never moves when it is saved. A row opens its
 * forms in place; a town's group opens one form for all its routes.
 */
export default async function CoordinatorDashboard({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const query = await searchParams;
  const { town } = filterSchema.parse(query);
  const db = await getDb();
  const now = new Date();
  // The towns and the organisation's own come from SQL; the routes a page at a time (a national
  // deployment has thousands), filtered there too.
  const originTowns = await listCoordinatorOriginTowns(db, user);
  const filter = dashboardTownFilter(town, originTowns.filter((o) => o.own).map((o) => o.slug));
  const after = staffRoutesCursor.read("/coordinate", query.after);
  const page = await pageRoutesForCoordinators(db, user, { origins: filter.kind === "all" ? undefined : filter.slugs, after }, now);
  const routes = page.items;
  const windows = await listAgreementWindowsForRoutes(db, user, routes.map((r) => r.id), now);
  const t = await getTranslations("coordinate");
  const tl = await getTranslations("list");

  const groups = new Map<string, CoordinatorRoute[]>();
  for (const route of routes) groups.set(route.origin.slug, [...(groups.get(route.origin.slug) ?? []), route]);
  const origins = new Map(originTowns.map((o) => [o.slug, o]));
  const nextWindow = (routeId: string): NextWindow | null => {
    const w = windows.filter((w) => w.routes.some((r) => r.id === routeId)).sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime())[0];
    return w ? { phase: w.phase, timeLeftMs: w.timeLeftMs } : null;
  };

  return (
    <main id="main" className="wide dashboard">
      <h1>{t("title")}</h1>
      {/* A crisis is a status, an incident, a corridor and a notice: each form one tap from the first screen. */}
      <p className="dashboard-links">
        <Link href="/coordinate/incidents/new">{t("logIncident")}</Link>
        {" · "}
        <Link href="/coordinate/agreements/new">{t("newCorridorAgreement")}</Link>
        {" · "}
        <Link href="/coordinate/notices/new">{t("oblastNotice")}</Link>
        {" · "}
        <Link href="/coordinate/routes/new">{t("newRoute")}</Link>
      </p>
      {/* What the coordinator must settle before anything else, above the filter. */}
      <StateConflicts user={user} now={now} locale={locale} />
      <RunAlerts db={db} user={user} />
      <WaitingRequests db={db} user={user} now={now} locale={locale} />
      {/* Showing a town lands on its routes (the fragment survives the GET), so its area action is on screen. */}
      <form method="get" action="#dashboard-routes" className="filters dashboard-filter" aria-label={t("townFilter")}>
        <FilterSelect
          id="dashboard-town"
          name="town"
          label={t("townFilter")}
          anyLabel={filter.kind === "all" && town !== "all" ? t("townFilterAll") : t("townFilterOwn")}
          value={town}
          options={[
            ...(filter.kind === "all" && town !== "all" ? [] : [{ value: "all", label: t("townFilterAll") }]),
            ...[...origins.values()].map((o) => ({ value: o.slug, label: localizedName(o, locale) })),
          ]}
        />
        <button type="submit" className="button button-secondary">
          {t("show")}
        </button>
      </form>
      <p className="meta" id="dashboard-routes">
        {t("count", { count: page.total })}
      </p>
      {routes.length === 0 && <p>{t("none")}</p>}
      {[...groups.entries()].map(([slug, townRoutes]) => {
        const townName = localizedName(townRoutes[0]!.origin, locale);
        const needing = townRoutes.filter((r) => attentionReasons(r, now).length > 0).length;
        const seen = townRoutes.map((r) => `${r.id}:${r.version}`);
        return (
          <section key={slug} className="dashboard-town" data-town={slug} aria-labelledby={`town-${slug}`}>
            <h2 id={`town-${slug}`}>
              {townName}{" "}
              {needing > 0 && (
                <span className="attention meta">
                  <span aria-hidden="true">⚠ </span>
                  {t("townNeedsAttention", { count: needing })}
                </span>
              )}
            </h2>
            {/* Under the town's name, not after its rows: with nine routes the whole town's form would be a scroll away. */}
            <details className="area-action">
              <summary>{t("areaSummary", { town: townName, count: townRoutes.length })}</summary>
              <TownStatusForm townId={townRoutes[0]!.originTownId} townName={townName} seen={seen} />
              <TownConfirmForm townId={townRoutes[0]!.originTownId} townName={townName} seen={seen} />
            </details>
            <ul className="dashboard-routes">
              {townRoutes.map((route) => (
                <DashboardRow key={route.id} route={route} now={now} locale={locale} window={nextWindow(route.id)} />
              ))}
            </ul>
          </section>
        );
      })}
      {page.next && (
        <p>
          <Link href={staffRoutesHref("/coordinate", query, page.next)}>{tl("next")}</Link>
        </p>
      )}
    </main>
  );
}
