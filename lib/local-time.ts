import { TZDate } from "@date-fns/tz";
import { PLACE_TIME_ZONE } from "./time";

/**
 * The UTC instant of a wall-clock time in a zone, e.g. "10:00 local time" in Kyiv.
 * TZDate resolves the offset of that very date, so daylight-saving changes are handled.
 */
export function zonedWallClockToUtc(
  parts: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone = PLACE_TIME_ZONE,
): Date {
  const zoned = new TZDate(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, 0, timeZone);
  return new Date(zoned.getTime());
}

/** The first instant at or after `from` when the zone's clock shows hour:minute. */
export function nextWallClockTime(from: Date, hour: number, minute: number, timeZone = PLACE_TIME_ZONE): Date {
  const local = new TZDate(from.getTime(), timeZone);
  const candidate = zonedWallClockToUtc(
    { year: local.getFullYear(), month: local.getMonth() + 1, day: local.getDate(), hour, minute },
    timeZone,
  );
  if (candidate.getTime() >= from.getTime()) return candidate;
  const tomorrow = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, 12, 0, 0, timeZone);
  return zonedWallClockToUtc(
    { year: tomorrow.getFullYear(), month: tomorrow.getMonth() + 1, day: tomorrow.getDate(), hour, minute },
    timeZone,
  );
}
