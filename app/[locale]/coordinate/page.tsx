import { getTranslations } from "next-intl/server";
import { StateConflicts } from "@/components/coordinate/state-conflicts";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listRoutesForCoordinators } from "@/db/queries/routes";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { sortByAttention } from "@/lib/attention";
import { localizedName } from "@/lib/localized-name";
import { RouteSummary } from "./route-summary";
import { ConfirmUnchangedForm, StatusForm } from "./routes/status-form";

export const dynamic = "force-dynamic";

export default async function CoordinatorDashboard({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const now = new Date();
  const routes = sortByAttention(await listRoutesForCoordinators(await getDb(), user, {}, now), now);
  const t = await getTranslations("coordinate");
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <StateConflicts user={user} now={now} locale={locale} />
      <p className="intro">{t("intro")}</p>
      <p>
        <Link href="/coordinate/routes/new" className="button">
          {t("newRoute")}
        </Link>
      </p>
      {routes.length === 0 && <p>{t("none")}</p>}
      <ul className="dashboard-routes">
        {routes.map((route) => {
          const label = `${localizedName(route.origin, locale)} → ${localizedName(route.destination, locale)}`;
          return (
            <li key={route.id} className="dashboard-route" data-route={route.slug}>
              <h2>
                <Link href={`/coordinate/routes/${route.slug}`}>{label}</Link>
              </h2>
              <RouteSummary route={route} now={now} locale={locale} />
              {/* Inline, not behind a disclosure: tap a status, tap "Update status". */}
              <StatusForm routeId={route.id} version={route.version} status={route.status} routeLabel={label} />
              <ConfirmUnchangedForm routeId={route.id} version={route.version} status={route.status} routeLabel={label} />
            </li>
          );
        })}
      </ul>
    </main>
  );
}
