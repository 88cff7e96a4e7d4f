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
