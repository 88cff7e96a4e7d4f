import { useTranslations } from "next-intl";
import type { ClaimStance } from "@/db/schema/enums";
import { agreementPhase, type AgreementPhase, type AgreementWindowFacts } from "@/lib/agreement-window";
import { formatDuration, formatPlaceTime, formatStaffTime, isSamePlaceDay, placeOffset } from "@/lib/time";

// Phases and stances are never shown by colour alone: each carries its word, the icon is decoration.
const PHASE_ICON: Record<AgreementPhase, string> = {
  proposed: "✎",
  upcoming: "◔",
  active: "✓",
  expired: "–",
  suspended: "‖",
  violated: "⚠",
  rejected: "✕",
  cancelled: "⊘",
};

const STANCE_ICON: Record<ClaimStance, string> = { affirms: "✓", disputes: "≠", denies: "✕", neutral: "○" };

export function PhaseBadge({ phase }: { phase: AgreementPhase }) {
  const t = useTranslations("agreements");
  return (
    <span className={`phase phase-${phase}`} data-phase={phase}>
      <span aria-hidden="true" className="phase-icon">
        {PHASE_ICON[phase]}
      </span>
      {t(`phase_${phase}`)}
    </span>
  );
}

export function StanceBadge({ stance }: { stance: ClaimStance }) {
  const t = useTranslations("agreements");
  return (
    <span className={`stance stance-${stance}`} data-stance={stance}>
      <span aria-hidden="true">{STANCE_ICON[stance]} </span>
      {t(`stance_${stance}`)}
    </span>
  );
}

/** The phase at `now`, with how long until the window opens or closes ("Closes in 45 minutes"). */
export function AgreementPhaseLine({ agreement, now, locale }: { agreement: AgreementWindowFacts; now: Date; locale: string }) {
  const t = useTranslations("agreements");
  const { phase, timeLeftMs, windowOver } = agreementPhase(agreement, now);
  const left =
    timeLeftMs === null
      ? windowOver && phase !== "expired"
        ? t("windowEnded")
        : null
      : t(phase === "upcoming" ? "opensIn" : "closesIn", { duration: formatDuration(timeLeftMs, locale) });
  return (
    <p className="phase-line">
      <PhaseBadge phase={phase} />
      {left && <span className="time-left"> {left}</span>}
    </p>
  );
}

/**
 * "tomorrow 09:00 – 15:00", "3 Mar 2022, 22:00 – 4 Mar 2022, 06:00": Kyiv clock times (the page
 * says the offset once); the end repeats its day only when it is not the start's.
 */
export function WindowRange({ start, end, locale }: { start: Date; end: Date; locale: string }) {
  const sameDay = isSamePlaceDay(start, end) && placeOffset(start) === placeOffset(end);
  return (
    <>
      <time dateTime={start.toISOString()}>{formatStaffTime(start, locale)}</time> –{" "}
      <time dateTime={end.toISOString()}>{sameDay ? formatPlaceTime(end, locale) : formatStaffTime(end, locale)}</time>
    </>
  );
}
