import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { PLACE_TIME_ZONE } from "./time";

/**
 * An instant as ISO 8601 with the place's UTC offset on that date, to the second:
 * "2022-04-18T10:00:00+03:00" in summer, "2022-01-18T10:00:00+02:00" in winter. Never "Z"
 * (CAP 1.2 forbids it, and residents read the local wall-clock time straight off the string).
 * The public API uses the same format, so one time reads the same in JSON, GeoJSON and CAP.
 */
export function toPlaceIso(date: Date, timeZone = PLACE_TIME_ZONE): string {
  // "xxx" is "+03:00", and "+00:00" for a zero offset ("XXX" would print "Z").
  return format(new TZDate(date.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm:ssxxx");
}

/** The earliest and latest instants the API takes: years PostgreSQL's timestamptz and every client can hold. */
const API_INSTANT_MIN = Date.UTC(1970, 0, 1);
const API_INSTANT_MAX = Date.UTC(10_000, 0, 1) - 1;

/** Whether an instant lies in the years the API takes (1970–9999); outside them a query would fail. */
export function isApiInstantInRange(date: Date): boolean {
  const t = date.getTime();
  return !Number.isNaN(t) && t >= API_INSTANT_MIN && t <= API_INSTANT_MAX;
}

/** Whether `text` is an instant exactly as the API writes one in a cursor (Date#toISOString), in range. */
export function isApiInstant(text: string): boolean {
  const date = new Date(text);
  return isApiInstantInRange(date) && date.toISOString() === text;
}
