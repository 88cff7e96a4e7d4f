import type { GeoPrecision, TimePrecision } from "@/lib/enum-values";

// What the exports' hashtags mean beyond the HXL core (standards/hxl/core-schema.json). Every
// hashtag is a core one; an attribute is core, a language (+i_uk), or one of the custom ones here
// (HXL's x_ convention). lib/hxl/hxl.test.ts fails on any other, and on a custom attribute
// that is not listed here with its meaning.

/** The custom attributes the exports use, each with what it says. docs/exports.md's table repeats them. */
export const CUSTOM_ATTRIBUTES = {
  x_precision: "with #geo: ACLED's geo_precision code, 1 the place itself, 2 near it, 3 the wider region (GEO_PRECISION_CODE)",
  x_time_precision: "with #meta: ACLED's time_precision code for #date+occurred, 1 the day, 2 the week, 3 the month (TIME_PRECISION_CODE)",
  x_basis: "what a point is: the incident's own point rounded to about 1 km, or its town's point",
  x_visibility: "who may see the record (public or internal): metadata about the row, not access constraints",
  x_verification: "how far the report has been checked: unverified, corroborated, verified, disputed, false",
  x_missing: "people missing (HXL's +abducted says more than a report of missing people does)",
  x_updated: "when the record was last changed (HXL has +reported and +occurred, no 'updated')",
  x_confirmed: "when a coordinator last confirmed a route status or a reception point's counts",
  x_route: "a route (a line between two towns) rather than a point location",
  x_mode: "how a route is travelled: bus, train, private vehicle, on foot, mixed",
  x_change: "whether a status event changed the status (update) or re-confirmed it (confirm)",
  x_internal: "an internal field: only in the internal scope, never in a partner file",
  x_reporting: "the organisation of the account that logged a record (internal scope only, never the person)",
  x_confirming: "the organisation of the account that confirmed a status (internal scope only, never the person)",
  x_address: "with #loc: a street address people are sent to (a reception point's), public by nature",
  x_fresh: "whether a reception point's counts were confirmed within its freshness window at the time of the answer",
  x_free: "with #capacity: beds free as last confirmed; empty when the confirmation is too old to repeat",
  x_accessible: "with #capacity: beds for people with limited mobility",
} as const satisfies Record<`x_${string}`, string>;

/**
 * ACLED's geo_precision: 1 the event's own place is known (the town itself), 2 it happened near
 * it or in a small part of a region, 3 only the wider region is known.
 */
export const GEO_PRECISION_CODE: Record<GeoPrecision, 1 | 2 | 3> = { place: 1, near: 2, region: 3 };

/** ACLED's time_precision: 1 the exact day is known, 2 only the week, 3 only the month. */
export const TIME_PRECISION_CODE: Record<TimePrecision, 1 | 2 | 3> = { day: 1, week: 2, month: 3 };

/** ISO 3166-1 alpha-3 for an OCHA admin P-code's two-letter prefix (UA44 → UKR). */
const COUNTRY_OF_PCODE_PREFIX: Record<string, { code: string; name: string }> = { UA: { code: "UKR", name: "Ukraine" } };

/** The country of a place from its oblast's P-code; null when the P-code is unknown or from elsewhere. */
export function countryOfPcode(pcode: string | null | undefined): { code: string; name: string } | null {
  return (pcode && COUNTRY_OF_PCODE_PREFIX[pcode.slice(0, 2).toUpperCase()]) || null;
}
