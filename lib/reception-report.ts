import { MAX_CLOCK_SKEW_MS } from "./freshness";
import { sortedServices, type ReceptionService, type ReceptionStatus } from "./reception-points";

// What a resident is told about one reception point at one instant, decided once. The town page,
// its lite page, the API and HXL all take the status, the free beds and the confirmation from
// here, so no output can repeat an old count as current (the same rule as a route's status,
// lib/freshness.ts and lib/route-report.ts).

export type ShownReceptionStatus = ReceptionStatus | "unconfirmed";

/** A status is never shown by colour alone: each carries an icon and its word too. */
export const RECEPTION_STATUS_ICON: Record<ShownReceptionStatus, string> = { open: "✓", nearly_full: "◔", full: "●", closed: "✕", unconfirmed: "⏱" };

export type ReceptionFacts = {
  status: ReceptionStatus;
  bedsTotal: number;
  bedsAccessible: number;
  bedsFree: number;
  bedsAccessibleFree: number;
  services: readonly string[];
  confirmedAt: Date | null;
  freshnessWindowHours: number;
};

export type ReceptionReport = {
  /** True while the confirmation is within the point's freshness window. */
  fresh: boolean;
  /** The status to show: "unconfirmed" once stale (an old "open" sends people to a full hall). */
  status: ShownReceptionStatus;
  icon: string;
  /** An old "full" or "closed" is still worth knowing beside "unconfirmed"; an old "open" is not. */
  lastReportedWarning: Extract<ReceptionStatus, "full" | "closed"> | null;
  /** Free beds, only while fresh and not closed: an old count of free beds is never repeated. */
  free: { beds: number; accessibleBeds: number } | null;
  /** The capacity does not change by the hour, so it is shown fresh or not. */
  capacity: { beds: number; accessibleBeds: number };
  services: ReceptionService[];
  confirmedAt: Date | null;
  /** Whole minutes since confirmation (0 for one stamped slightly in the future). */
  ageMinutes: number | null;
  /** When the counts stop (or stopped) being fresh: the pages' next change by the clock. */
  staleAt: Date | null;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Computed from the clock at read time, never stored: the same row degrades as time passes. */
export function receptionReport(point: ReceptionFacts, now: Date): ReceptionReport {
  const confirmedAt = point.confirmedAt;
  const capacity = { beds: point.bedsTotal, accessibleBeds: point.bedsAccessible };
  const services = sortedServices(point.services);
  const ageMs = confirmedAt ? Math.max(0, now.getTime() - confirmedAt.getTime()) : 0;
  // A confirmation well in the future (a wrong clock) would otherwise stay fresh for its window after it.
  const fromTheFuture = confirmedAt !== null && confirmedAt.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS;
  const staleAt = confirmedAt ? new Date(confirmedAt.getTime() + point.freshnessWindowHours * HOUR) : null;
  // The window includes its end, as a route's does (lib/freshness.ts).
  const fresh = confirmedAt !== null && !fromTheFuture && ageMs <= point.freshnessWindowHours * HOUR;
  const status: ShownReceptionStatus = fresh ? point.status : "unconfirmed";
  const warning = point.status === "full" || point.status === "closed" ? point.status : null;
  return {
    fresh,
    status,
    icon: RECEPTION_STATUS_ICON[status],
    lastReportedWarning: fresh ? null : warning,
    free: fresh && point.status !== "closed" ? { beds: point.bedsFree, accessibleBeds: point.bedsAccessibleFree } : null,
    capacity,
    services,
    confirmedAt,
    ageMinutes: confirmedAt ? Math.floor(ageMs / MINUTE) : null,
    staleAt,
  };
}
