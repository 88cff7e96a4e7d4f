import type {
  GeoPrecision,
  IncidentCategory,
  SourceKind,
  TimePrecision,
  VerificationState,
  Visibility,
} from "@/lib/enum-values";
import type { LocalizedName } from "@/lib/localized-name";
import type { LocalizedText } from "@/lib/localized-text";
import { exportTime } from "./time";
import { countryOfPcode, GEO_PRECISION_CODE, TIME_PRECISION_CODE } from "./vocabulary";
import { joinList, type HxlColumn } from "./columns";
import type { ExportScope } from "./scope";

export type ExportSource = {
  kind: SourceKind;
  /** Null where the export withholds it (an eyewitness in the partner scope). */
  outlet: string | null;
  url: string | null;
  publishedAt: Date | null;
};

/** What the position in an export is: the exact point (internal), rounded to ~1 km, or the town's point. */
export type PositionBasis = "exact" | "rounded" | "town";

export type IncidentExportRow = {
  id: string;
  category: IncidentCategory;
  occurredAt: Date;
  occurredPrecision: TimePrecision;
  reportedAt: Date;
  updatedAt: Date;
  town: (LocalizedName & { slug: string; pcode: string | null }) | null;
  oblast: { nameEn: string; nameUk: string; pcode: string | null } | null;
  /** The town's hromada (admin level 3), when it has one recorded. */
  hromada?: { nameEn: string | null; pcode: string | null } | null;
  position: { lat: number; lon: number; basis: PositionBasis } | null;
  /** How exactly the place is known (public: the public API gives it too). */
  geoPrecision: GeoPrecision;
  killed: number | null;
  injured: number | null;
  missing: number | null;
  verification: VerificationState;
  visibility: Visibility;
  publicSummary: LocalizedText;
  sources: ExportSource[];
  /** Only in the internal scope; the partner query never selects these. */
  internal: {
    description: string;
    /** The reporting account's organisation, never the person. */
    reportingOrganisation: string | null;
  } | null;
};

const time = (d: Date | null) => (d ? exportTime(d) : null);

// Hashtags: HXL core hashtags with core attributes, languages (+i_uk) or the documented custom
// attributes of ./vocabulary.ts; attribute names follow HDX's ACLED tagging (#adm1+name, #adm1+code,
// #country+code, #affected+killed) where the data is the same.
const PARTNER_COLUMNS: HxlColumn<IncidentExportRow>[] = [
  { header: "Incident ID", hashtag: "#event+id", value: (r) => r.id },
  { header: "Occurred (ISO 8601, Kyiv time with offset)", hashtag: "#date+occurred", value: (r) => time(r.occurredAt) },
  {
    header: "Occurred date precision (1 the day, 2 the week, 3 the month; ACLED time_precision)",
    hashtag: "#meta+x_time_precision",
    value: (r) => TIME_PRECISION_CODE[r.occurredPrecision],
  },
  { header: "Reported (ISO 8601, Kyiv time with offset)", hashtag: "#date+reported", value: (r) => time(r.reportedAt) },
  { header: "Category code", hashtag: "#event+type+code", value: (r) => r.category },
  { header: "Town", hashtag: "#loc+name", value: (r) => r.town?.nameEn ?? null },
  { header: "Town (Ukrainian)", hashtag: "#loc+name+i_uk", value: (r) => r.town?.nameUk ?? null },
  { header: "Town (Russian)", hashtag: "#loc+name+i_ru", value: (r) => r.town?.nameRu ?? null },
  // Empty only when the town has no P-code recorded (or the incident has no town).
  { header: "Town P-code", hashtag: "#loc+code", value: (r) => r.town?.pcode || null },
  // No #adm2: towns record their oblast and hromada but no raion, and a raion guessed here would be wrong.
  { header: "Hromada", hashtag: "#adm3+name", value: (r) => r.hromada?.nameEn || null },
  { header: "Hromada P-code", hashtag: "#adm3+code", value: (r) => r.hromada?.pcode || null },
  { header: "Oblast", hashtag: "#adm1+name", value: (r) => r.oblast?.nameEn ?? null },
  { header: "Oblast (Ukrainian)", hashtag: "#adm1+name+i_uk", value: (r) => r.oblast?.nameUk ?? null },
  { header: "Oblast P-code", hashtag: "#adm1+code", value: (r) => r.oblast?.pcode || null },
  { header: "Country (ISO 3166-1 alpha-3)", hashtag: "#country+code", value: (r) => countryOfPcode(r.oblast?.pcode)?.code ?? null },
  { header: "Latitude", hashtag: "#geo+lat", value: (r) => r.position?.lat ?? null },
  { header: "Longitude", hashtag: "#geo+lon", value: (r) => r.position?.lon ?? null },
  {
    header: "Location precision (1 the place itself, 2 near it, 3 the wider region; ACLED geo_precision)",
    hashtag: "#geo+x_precision",
    value: (r) => GEO_PRECISION_CODE[r.geoPrecision],
  },
  {
    header: "Point (exact, rounded to about 1 km, or the town's point)",
    hashtag: "#geo+x_basis",
    value: (r) => r.position?.basis ?? null,
  },
  { header: "Killed (empty: unknown)", hashtag: "#affected+killed", value: (r) => r.killed },
  { header: "Injured (empty: unknown)", hashtag: "#affected+injured", value: (r) => r.injured },
  { header: "Missing (empty: unknown)", hashtag: "#affected+x_missing", value: (r) => r.missing },
  { header: "Verification", hashtag: "#status+x_verification", value: (r) => r.verification },
  // Who may see the row (#meta: about the record). Not #access, which is about humanitarian access.
  { header: "Visibility", hashtag: "#meta+x_visibility", value: (r) => r.visibility },
  { header: "Summary (Ukrainian)", hashtag: "#description+i_uk", value: (r) => r.publicSummary.uk || null },
  { header: "Summary (Russian)", hashtag: "#description+i_ru", value: (r) => r.publicSummary.ru || null },
  { header: "Summary (English)", hashtag: "#description+i_en", value: (r) => r.publicSummary.en || null },
  { header: "Source outlets", hashtag: "#meta+source", value: (r) => joinList(r.sources.map((s) => s.outlet)) },
  { header: "Source URLs (in the order of the outlets)", hashtag: "#meta+url", value: (r) => joinList(r.sources.map((s) => s.url)) },
  { header: "Source kinds", hashtag: "#meta+source+type", value: (r) => joinList(r.sources.map((s) => s.kind)) },
  { header: "Updated (ISO 8601, Kyiv time with offset)", hashtag: "#date+x_updated", value: (r) => time(r.updatedAt) },
];

const INTERNAL_COLUMNS: HxlColumn<IncidentExportRow>[] = [
  { header: "Internal description", hashtag: "#description+x_internal", value: (r) => r.internal?.description ?? null },
  { header: "Reporting organisation", hashtag: "#org+name+x_reporting", value: (r) => r.internal?.reportingOrganisation || null },
];

/** The incident export's columns. The partner scope has no column that could hold an internal field. */
export function incidentColumns(scope: ExportScope): readonly HxlColumn<IncidentExportRow>[] {
  return scope === "partner" ? PARTNER_COLUMNS : [...PARTNER_COLUMNS, ...INTERNAL_COLUMNS];
}

/**
 * One incident as an RFC 7946 Feature: a Point in [longitude, latitude] order, or a null geometry
 * when there is no position; properties mirror the CSV columns (times with the Kyiv offset).
 */
export function incidentFeature(row: IncidentExportRow) {
  return {
    type: "Feature" as const,
    id: row.id,
    geometry: row.position ? { type: "Point" as const, coordinates: [row.position.lon, row.position.lat] } : null,
    properties: {
      id: row.id,
      category: row.category,
      occurredAt: exportTime(row.occurredAt),
      occurredPrecision: row.occurredPrecision,
      reportedAt: exportTime(row.reportedAt),
      updatedAt: exportTime(row.updatedAt),
      /** exact, rounded (to about 1 km) or town: what the geometry is. */
      position: row.position?.basis ?? null,
      /** place, near or region: how exactly the place is known. */
      geoPrecision: row.geoPrecision,
      town: row.town,
      oblast: row.oblast,
      killed: row.killed,
      injured: row.injured,
      missing: row.missing,
      verification: row.verification,
      visibility: row.visibility,
      publicSummary: row.publicSummary,
      sources: row.sources.map((s) => ({ ...s, publishedAt: time(s.publishedAt) })),
      ...(row.internal
        ? {
            internalDescription: row.internal.description,
            reportingOrganisation: row.internal.reportingOrganisation,
          }
        : {}),
    },
  };
}
