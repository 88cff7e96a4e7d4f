import { getTranslations } from "next-intl/server";
import { StatusBadge } from "@/components/status/route-status";
import { StatusReason } from "@/components/status/status-reason";
import { attentionReasons, type AttentionFacts } from "@/lib/attention";
import type { StatusReasonCode } from "@/lib/enum-values";
import { routeFreshness } from "@/lib/freshness";
import { hasAnyText, type LocalizedText } from "@/lib/localized-text";
import { formatAge, formatStaffTime } from "@/lib/time";

/**
 * What a coordinator needs to judge a route at a glance: its stored status, why it needs
 * attention, and how long since anyone confirmed it (Kyiv time with the offset).
 */
export async function RouteSummary({
  route,
  now,
  locale,
}: {
  route: AttentionFacts & { statusReasonCodes: StatusReasonCode[]; statusReason: LocalizedText; confirmedByEmail: string | null };
  now: Date;
  locale: string;
}) {
  const t = await getTranslations("coordinate");
  const tf = await getTranslations("freshness");
  const reasons = attentionReasons(route, now);
  const freshness = routeFreshness(route, now);
  return (
    <>
      <p>
        <StatusBadge status={route.status} />
        {reasons.length > 0 && (
          <span className="attention">
            {" "}
            <span aria-hidden="true">⚠ </span>
            {t("attention")}: {reasons.map((r) => t(`attention_${r}`)).join(", ")}
          </span>
        )}
      </p>
      {route.reviewFlaggedAt && <p className="flag">{tf("flagged")}</p>}
      <p className={freshness.fresh ? "freshness" : "freshness stale"}>
        {t("confirmed")}:{" "}
        {route.statusConfirmedAt
          ? `${formatStaffTime(route.statusConfirmedAt, locale)}, ${formatAge(freshness.ageMinutes ?? 0, locale)}`
          : "—"}
        {route.confirmedByEmail && ` ${t("confirmedBy", { email: route.confirmedByEmail })}`}
      </p>
      {(route.statusReasonCodes.length > 0 || hasAnyText(route.statusReason)) && (
        <div className="current-reason">
          <p className="meta">{t("currentReasonLabel")}</p>
          <StatusReason codes={route.statusReasonCodes} text={route.statusReason} />
        </div>
      )}
    </>
  );
}
