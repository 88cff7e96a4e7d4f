import { getTranslations } from "next-intl/server";
import { StatusBadge } from "@/components/status/route-status";
import type { CoordinatorRoute } from "@/db/queries/routes";
import { Link } from "@/i18n/navigation";
import { attentionReasons } from "@/lib/attention";
import { routeFreshness } from "@/lib/freshness";
import { localizedName } from "@/lib/localized-name";
import { formatAge, formatDuration } from "@/lib/time";
import { RouteSummary } from "./route-summary";
import { ConfirmUnchangedForm, StatusForm } from "./routes/status-form";

export type NextWindow = { phase: "upcoming" | "active"; timeLeftMs: number };

/**
 * One route as one compact row: status icon and word, destination, age, flags and the next
 * corridor window. Tapping it opens the route's summary and forms in place, so the save's
 * confirmation appears where the tap was; closed, the forms take no room.
 */
export async function DashboardRow({ route, now, locale, window }: { route: CoordinatorRoute; now: Date; locale: string; window: NextWindow | null }) {
  const t = await getTranslations("coordinate");
  const ta = await getTranslations("agreements");
  const label = `${localizedName(route.origin, locale)} → ${localizedName(route.destination, locale)}`;
  const freshness = routeFreshness(route, now);
  const reasons = attentionReasons(route, now).filter((r) => r !== "closed");
  return (
    <li className="dashboard-route" data-route={route.slug}>
      <details>
        <summary className="route-row">
          <span className="route-row-main">
            <StatusBadge status={freshness.shownStatus} /> <span className="route-row-name">→ {localizedName(route.destination, locale)}</span>
          </span>
          <span className="route-row-meta">
            <span className={freshness.fresh ? "freshness" : "freshness stale"}>{freshness.ageMinutes === null ? t("neverConfirmed") : formatAge(freshness.ageMinutes, locale, "short")}</span>
            {reasons.map((r) => (
              <span key={r} className="attention">
                {" · "}
                <span aria-hidden="true">⚠ </span>
                {t(`attention_${r}`)}
              </span>
            ))}
            {window && (
              <span className="route-row-window">
                {" · "}
                <span aria-hidden="true">{window.phase === "active" ? "✓ " : "◔ "}</span>
                {ta(window.phase === "upcoming" ? "opensIn" : "closesIn", { duration: formatDuration(window.timeLeftMs, locale) })}
              </span>
            )}
          </span>
        </summary>
        <div className="route-row-body">
          <RouteSummary route={route} now={now} locale={locale} />
          <p>
            <Link href={`/coordinate/routes/${route.slug}`}>{t("openRouteNamed", { route: label })}</Link>
          </p>
          <StatusForm routeId={route.id} version={route.version} status={route.status} routeLabel={label} />
          <ConfirmUnchangedForm routeId={route.id} version={route.version} status={route.status} routeLabel={label} />
        </div>
      </details>
    </li>
  );
}
