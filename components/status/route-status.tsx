import { useLocale, useTranslations } from "next-intl";
import type { RouteStatus } from "@/db/schema/enums";
import type { StatusReasonCode } from "@/lib/enum-values";
import { confidenceText, flagVerificationText, type StatusConfidence } from "@/lib/status-confidence";
import type { RouteStatusFacts } from "@/lib/freshness";
import { routeReport, STATUS_ICON, type WindowBounds } from "@/lib/route-report";
import { reportInstructionText, reportStateText } from "@/lib/route-report-text";
import type { StatusInstruction } from "@/lib/instruction-codes";
import type { LocalizedText } from "@/lib/localized-text";
import { formatAge, formatPlaceTime } from "@/lib/time";
import { StatusReason } from "./status-reason";

export function StatusBadge({ status }: { status: RouteStatus | "unconfirmed" }) {
  const t = useTranslations("status");
  return (
    <span className={`status status-${status}`} data-status={status}>
      <span aria-hidden="true" className="status-icon">
        {STATUS_ICON[status]}
      </span>
      {t(status)}
    </span>
  );
}

/**
 * A route's status as the public may see it (lib/route-report.ts): degraded to "unconfirmed" once
 * past its freshness window, with the time of the last confirmation always visible, and with the
 * corridor window in the same sentence as the status, so the two never contradict each other.
 */
export function RouteStatus({
  route,
  now,
  flagged,
  confidence,
}: {
  route: RouteStatusFacts & {
    statusReasonCodes: StatusReasonCode[];
    statusReason: LocalizedText;
    statusInstructions?: readonly StatusInstruction[];
    windows?: readonly WindowBounds[];
  };
  now: Date;
  flagged: boolean;
  /** How sure the status is: the kind of source behind it and whether it was re-confirmed unchanged. */
  confidence?: StatusConfidence;
}) {
  const t = useTranslations("freshness");
  const ts = useTranslations("status");
  const locale = useLocale();
  const report = routeReport({ ...route, flaggedForReview: flagged, windows: route.windows ?? [] }, now);
  const f = report.freshness;
  const state = reportStateText(report, now, locale);
  const time = f.confirmedAt ? formatPlaceTime(f.confirmedAt, locale) : null;
  const age = f.ageMinutes !== null ? formatAge(f.ageMinutes, locale) : null;
  return (
    <div className="route-status">
      <StatusBadge status={report.status} />
      {state && (
        <p className="route-state" data-state={report.state}>
          <strong>{state}</strong>
        </p>
      )}
      {/* data-freshness: a copy kept offline (public/sw.js) says when it was saved here instead of an age. */}
      <p className={f.fresh ? "freshness" : "freshness stale"} data-freshness="">
        {time && age ? (f.fresh ? t("confirmed", { time, age }) : t("unconfirmedSince", { time, age })) : t("neverConfirmed")}
      </p>
      {confidence && f.confirmedAt && (
        <p className="confidence meta">
          {confidenceText(confidence, locale)}
        </p>
      )}
      {report.lastReportedWarning && <p className="last-report">{t("lastReported", { status: ts(report.lastReportedWarning) })}</p>}
      {report.showReason && <StatusReason codes={report.reasonCodes} text={route.statusReason} />}
      {report.flagged && (
        <p className="flag">
          <span aria-hidden="true">⚑ </span>
          {confidence?.flagVerification ? t("flaggedVerification", { verification: flagVerificationText(confidence, locale)! }) : t("flagged")}
        </p>
      )}
      {/* data-instruction-codes: the coordinator's chosen codes, empty when the derived instruction shows. */}
      <p className="route-instruction" data-instruction={report.instruction} data-instruction-codes={report.instructions.map((i) => i.code).join(" ")}>
        {reportInstructionText(report, now, locale)}
      </p>
    </div>
  );
}
