import { useLocale, useTranslations } from "next-intl";
import type { RouteStatus } from "@/db/schema/enums";
import type { StatusReasonCode } from "@/lib/enum-values";
import { confidenceText, flagVerificationText, type StatusConfidence } from "@/lib/status-confidence";
import { routeFreshness, type RouteStatusFacts } from "@/lib/freshness";
import type { LocalizedText } from "@/lib/localized-text";
import { formatAge, formatPlaceTime } from "@/lib/time";
import { StatusReason } from "./status-reason";

// Status is never shown by colour alone: each carries an icon and its word too.
const ICON: Record<RouteStatus | "unconfirmed", string> = {
  open: "✓",
  caution: "⚠",
  closed: "✕",
  unknown: "?",
  unconfirmed: "⏱",
};

export function StatusBadge({ status }: { status: RouteStatus | "unconfirmed" }) {
  const t = useTranslations("status");
  return (
    <span className={`status status-${status}`} data-status={status}>
      <span aria-hidden="true" className="status-icon">
        {ICON[status]}
      </span>
      {t(status)}
    </span>
  );
}

/**
 * A route's status as the public may see it: degraded to "unconfirmed" once past its freshness
 * window, with the time of the last confirmation always visible.
 */
export function RouteStatus({
  route,
  now,
  flagged,
  confidence,
}: {
  route: RouteStatusFacts & { statusReasonCodes: StatusReasonCode[]; statusReason: LocalizedText };
  now: Date;
  flagged: boolean;
  /** How sure the status is: the kind of source behind it and whether it was re-confirmed unchanged. */
  confidence?: StatusConfidence;
}) {
  const t = useTranslations("freshness");
  const ts = useTranslations("status");
  const locale = useLocale();
  const f = routeFreshness(route, now);
  const time = f.confirmedAt ? formatPlaceTime(f.confirmedAt, locale) : null;
  const age = f.ageMinutes !== null ? formatAge(f.ageMinutes, locale) : null;
  return (
    <div className="route-status">
      <StatusBadge status={f.shownStatus} />
      {/* data-freshness: a copy kept offline (public/sw.js) says when it was saved here instead of an age. */}
      <p className={f.fresh ? "freshness" : "freshness stale"} data-freshness="">
        {time && age ? (f.fresh ? t("confirmed", { time, age }) : t("unconfirmedSince", { time, age })) : t("neverConfirmed")}
      </p>
      {confidence && f.confirmedAt && (
        <p className="confidence meta">
          {confidenceText(confidence, locale)}
        </p>
      )}
      {f.lastReportedWarning && <p className="last-report">{t("lastReported", { status: ts(f.lastReportedWarning) })}</p>}
      {/* An old "open" reason could read as current; reasons are shown only while fresh or for warnings. */}
      {(f.fresh || f.lastReportedWarning) && <StatusReason codes={route.statusReasonCodes} text={route.statusReason} />}
      {flagged && (
        <p className="flag">
          <span aria-hidden="true">⚑ </span>
          {confidence?.flagVerification ? t("flaggedVerification", { verification: flagVerificationText(confidence, locale)! }) : t("flagged")}
        </p>
      )}
    </div>
  );
}
