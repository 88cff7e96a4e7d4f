import { toPlaceIso } from "@/lib/iso-time";
import { PLACE_TIME_ZONE } from "@/lib/time";

// toPlaceIso formats through a time-zone library (~30 µs a call): 100,000 incidents with three
// times each spent more time there than in the database. Exports format with the same result
// from the zone's offset, which is looked up once per quarter hour of UTC time and cached: zones
// change their offset only on quarter-hour boundaries (Kyiv's at 01:00 UTC), so every instant in
// one quarter hour has the same offset.

const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED = 50_000;
const offsets = new Map<number, { minutes: number; text: string }>();

function offsetAt(ms: number, timeZone: string): { minutes: number; text: string } {
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  // Only the place's own zone is cached (one cache, one zone).
  const cacheable = timeZone === PLACE_TIME_ZONE;
  const cached = cacheable ? offsets.get(bucket) : undefined;
  if (cached) return cached;
  // "+03:00" from the library itself, so both functions agree by construction.
  const text = toPlaceIso(new Date(bucket * QUARTER_HOUR_MS), timeZone).slice(19);
  const sign = text.startsWith("-") ? -1 : 1;
  const minutes = sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)));
  const value = { minutes, text };
  if (cacheable) {
    if (offsets.size >= MAX_CACHED) offsets.clear();
    offsets.set(bucket, value);
  }
  return value;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Exactly toPlaceIso(date): "2022-04-18T10:00:00+03:00", the place's offset on that date, to the second. */
export function exportTime(date: Date, timeZone = PLACE_TIME_ZONE): string {
  const ms = date.getTime();
  const offset = offsetAt(ms, timeZone);
  const local = new Date(ms + offset.minutes * 60_000);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${offset.text}`
  );
}
