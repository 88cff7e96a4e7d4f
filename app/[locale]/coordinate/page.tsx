import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { StatusBadge } from "@/components/status/route-status";
import { getDb } from "@/db";
import { listRoutesForDashboard, type DashboardRoute } from "@/db/queries/routes";
import { attentionReasons, sortByAttention } from "@/lib/attention";
import { routeFreshness } from "@/lib/freshness";
import { localizedName } from "@/lib/localized-name";
import { formatAge, formatPlaceDateTime } from "@/lib/time";
import { pageLocale } from "@/i18n/page-locale";

export const dynamic = "force-dynamic";

export default async function CoordinatorDashboard({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("coordinator");
  const now = new Date();
  const routes = sortByAttention(await listRoutesForDashboard(await getDb(), user), now);
  const t = await getTranslations("coordinate");
  return (
    <main id="main">
      <h1>{t("title")}</h1>
      <p className="intro">{t("intro")}</p>
      {routes.length === 0 && <p>{t("none")}</p>}
      <ul className="dashboard-routes">
        {routes.map((route) => (
          <DashboardItem key={route.id} route={route} now={now} locale={locale} t={t} />
        ))}
      </ul>
    </main>
  );
}

function DashboardItem({
  route,
  now,
  locale,
  t,
}: {
  route: DashboardRoute;
  now: Date;
  locale: string;
  t: Awaited<ReturnType<typeof getTranslations<"coordinate">>>;
}) {
  const reasons = attentionReasons(route, now);
  const freshness = routeFreshness(route, now);
  const origin = localizedName(route.origin, locale);
  const destination = localizedName(route.destination, locale);
  return (
    <li className="dashboard-route" data-route={route.slug}>
      <h2>
        {origin} → {destination}
      </h2>
      <p>
        {/* Coordinators see the stored status and, separately, whether it is stale. */}
        <StatusBadge status={route.status} />
        {reasons.length > 0 && (
          <span className="attention">
            {" "}
            {t("attention")}: {reasons.map((r) => t(`attention_${r}`)).join(", ")}
          </span>
        )}
      </p>
      <p className="freshness">
        {t("confirmed")}:{" "}
        {route.statusConfirmedAt
          ? `${formatPlaceDateTime(route.statusConfirmedAt, locale)}, ${formatAge(freshness.ageMinutes ?? 0, locale)}`
          : "—"}
        {route.confirmedByEmail && ` ${t("confirmedBy", { email: route.confirmedByEmail })}`}
      </p>
      {route.statusReason && <p className="reason">{route.statusReason}</p>}
    </li>
  );
}
