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

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number };

/** The parts of a datetime-local value ("2022-03-27T10:00"), or null when it is not one. */
export function parseWallClockInput(value: string): WallClock | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { year, month, day, hour, minute };
}

/**
 * False for a wall-clock time the zone skipped: on 27 March 2022 Kyiv's clocks went from 03:00
 * straight to 04:00, so 03:30 never happened there. TZDate would quietly read it as 04:30; a
 * ceasefire window is better refused than shifted by an hour nobody typed.
 * (A time that happened twice, 03:30 on 30 October 2022, exists: TZDate takes the second one, +02:00.)
 */
export function wallClockExists(parts: WallClock, timeZone = PLACE_TIME_ZONE): boolean {
  let utc: Date;
  try {
    utc = zonedWallClockToUtc(parts, timeZone);
  } catch {
    return false;
  }
  const back = new TZDate(utc.getTime(), timeZone);
  return back.getFullYear() === parts.year && back.getMonth() + 1 === parts.month && back.getDate() === parts.day && back.getHours() === parts.hour && back.getMinutes() === parts.minute;
}

/**
 * The instant a calendar day ("2022-03-27") starts in the zone, `plusDays` later; null for a date
 * that does not exist. Days are 23 or 25 hours long around daylight-saving changes, so "the next
 * day" is a new midnight, never start + 24 h.
 */
export function placeDayStart(date: string, plusDays = 0, timeZone = PLACE_TIME_ZONE): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [year, month, day] = m.slice(1).map(Number) as [number, number, number];
  try {
    zonedWallClockToUtc({ year, month, day, hour: 0, minute: 0 }, timeZone);
  } catch {
    return null;
  }
  const target = new Date(Date.UTC(year, month - 1, day + plusDays));
  return zonedWallClockToUtc(
    { year: target.getUTCFullYear(), month: target.getUTCMonth() + 1, day: target.getUTCDate(), hour: 0, minute: 0 },
    timeZone,
  );
}
