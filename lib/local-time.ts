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
  // Date would silently roll over (month 13 becomes next January); a wrong window is worse than an error.
  const { year, month, day, hour, minute } = parts;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (![year, month, day, hour, minute].every(Number.isInteger) || month < 1 || month > 12 || day < 1 || day > daysInMonth || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    throw new RangeError(`Not a valid local date and time: ${JSON.stringify(parts)}`);
  }
  const zoned = new TZDate(year, month - 1, day, hour, minute, 0, timeZone);
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
