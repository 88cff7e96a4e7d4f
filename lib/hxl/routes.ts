import type { RouteMode, RouteStatus, SourceKind, StatusReasonCode } from "@/lib/enum-values";
import type { LocalizedText } from "@/lib/localized-text";
import { reasonLabels, sortedReasonCodes } from "@/lib/reason-codes";
import { exportTime } from "./time";
import type { HxlColumn } from "./columns";
import type { ExportScope } from "./scope";
import { countryOfPcode } from "./vocabulary";

type ExportTown = { nameEn: string; nameUk: string; pcode: string | null; oblastEn: string; oblastPcode: string | null; hromadaEn: string | null; hromadaPcode: string | null };

/** One route status event (an update or a re-confirmation) with its route. */
export type RouteStatusExportRow = {
  id: string;
  routeSlug: string;
  mode: RouteMode;
  organisation: string;
  origin: ExportTown;
  destination: ExportTown;
  kind: "update" | "confirm";
  status: RouteStatus;
  reasonCodes: StatusReasonCode[];
  reason: LocalizedText;
  confirmedAt: Date;
  recordedAt: Date;
  source: { kind: SourceKind; outlet: string | null; url: string | null } | null;
  /** Only in the internal scope: the confirming account's organisation, never the person. */
  internal: { confirmedByOrganisation: string | null } | null;
};

// Core hashtags; +origin and +dest are HXL's own attributes for the two ends (see ./vocabulary.ts
// for the x_ ones). A route is not a point, so its slug is #loc+x_route+code.
const PARTNER_COLUMNS: HxlColumn<RouteStatusExportRow>[] = [
  { header: "Status event ID", hashtag: "#event+id", value: (r) => r.id },
  { header: "Route", hashtag: "#loc+x_route+code", value: (r) => r.routeSlug },
  { header: "From", hashtag: "#loc+name+origin", value: (r) => r.origin.nameEn },
  { header: "From (Ukrainian)", hashtag: "#loc+name+origin+i_uk", value: (r) => r.origin.nameUk },
  { header: "From P-code", hashtag: "#loc+code+origin", value: (r) => r.origin.pcode || null },
  // The hromada (admin level 3, OCHA P-code): how partners join a route's ends to their own data.
  { header: "From hromada", hashtag: "#adm3+name+origin", value: (r) => r.origin.hromadaEn || null },
  { header: "From hromada P-code", hashtag: "#adm3+code+origin", value: (r) => r.origin.hromadaPcode || null },
  { header: "From oblast", hashtag: "#adm1+name+origin", value: (r) => r.origin.oblastEn },
  { header: "From oblast P-code", hashtag: "#adm1+code+origin", value: (r) => r.origin.oblastPcode || null },
  { header: "From country (ISO 3166-1 alpha-3)", hashtag: "#country+code+origin", value: (r) => countryOfPcode(r.origin.oblastPcode)?.code ?? null },
  { header: "To", hashtag: "#loc+name+dest", value: (r) => r.destination.nameEn },
  { header: "To (Ukrainian)", hashtag: "#loc+name+dest+i_uk", value: (r) => r.destination.nameUk },
  { header: "To P-code", hashtag: "#loc+code+dest", value: (r) => r.destination.pcode || null },
  { header: "To hromada", hashtag: "#adm3+name+dest", value: (r) => r.destination.hromadaEn || null },
  { header: "To hromada P-code", hashtag: "#adm3+code+dest", value: (r) => r.destination.hromadaPcode || null },
  { header: "To oblast", hashtag: "#adm1+name+dest", value: (r) => r.destination.oblastEn },
  { header: "To oblast P-code", hashtag: "#adm1+code+dest", value: (r) => r.destination.oblastPcode || null },
  { header: "To country (ISO 3166-1 alpha-3)", hashtag: "#country+code+dest", value: (r) => countryOfPcode(r.destination.oblastPcode)?.code ?? null },
  { header: "Mode", hashtag: "#meta+x_mode", value: (r) => r.mode },
  { header: "Organising organisation", hashtag: "#org+impl+name", value: (r) => r.organisation || null },
  { header: "Change (update or confirm)", hashtag: "#meta+x_change", value: (r) => r.kind },
  { header: "Status", hashtag: "#status+code", value: (r) => r.status },
  // Why: HXL's #cause ("the cause of an event") is the core hashtag for it.
  { header: "Reason codes", hashtag: "#cause+code", value: (r) => sortedReasonCodes(r.reasonCodes).join(" | ") || null },
  { header: "Reasons", hashtag: "#cause+name+i_en", value: (r) => reasonLabels(r.reasonCodes, "en") || null },
  { header: "Reason details (Ukrainian)", hashtag: "#description+i_uk", value: (r) => r.reason.uk || null },
  { header: "Reason details (Russian)", hashtag: "#description+i_ru", value: (r) => r.reason.ru || null },
  { header: "Reason details (English)", hashtag: "#description+i_en", value: (r) => r.reason.en || null },
  { header: "Confirmed (ISO 8601, Kyiv time with offset)", hashtag: "#date+x_confirmed", value: (r) => exportTime(r.confirmedAt) },
  { header: "Recorded (ISO 8601, Kyiv time with offset)", hashtag: "#date+reported", value: (r) => exportTime(r.recordedAt) },
  { header: "Source outlet", hashtag: "#meta+source", value: (r) => r.source?.outlet ?? null },
  { header: "Source URL", hashtag: "#meta+url", value: (r) => r.source?.url ?? null },
  { header: "Source kind", hashtag: "#meta+source+type", value: (r) => r.source?.kind ?? null },
];

const INTERNAL_COLUMNS: HxlColumn<RouteStatusExportRow>[] = [
  {
    header: "Confirmed by (organisation)",
    hashtag: "#org+name+x_confirming",
    value: (r) => r.internal?.confirmedByOrganisation || null,
  },
];

/** The route status history export's columns; who confirmed a status is internal. */
export function routeStatusColumns(scope: ExportScope): readonly HxlColumn<RouteStatusExportRow>[] {
  return scope === "partner" ? PARTNER_COLUMNS : [...PARTNER_COLUMNS, ...INTERNAL_COLUMNS];
}
