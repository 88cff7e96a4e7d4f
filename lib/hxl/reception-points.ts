import type { LocalizedText } from "@/lib/localized-text";
import type { ReceptionReport } from "@/lib/reception-report";
import type { HxlColumn } from "./columns";
import { exportTime } from "./time";

/** A reception point as the public API gives it: already judged at the answer's instant. */
export type ReceptionPointHxlRow = {
  id: string;
  town: { nameEn: string; nameUk: string; nameRu: string };
  name: LocalizedText;
  address: LocalizedText;
  report: ReceptionReport;
};

// Public by construction: every value comes from the report (lib/reception-report.ts), so a
// stale point has EMPTY free-bed cells and the status "unconfirmed", never its old count. No
// column names who keeps or confirmed it.
export const RECEPTION_POINT_COLUMNS: readonly HxlColumn<ReceptionPointHxlRow>[] = [
  { header: "Reception point ID", hashtag: "#loc+id", value: (r) => r.id },
  { header: "Reception point", hashtag: "#loc+name+i_en", value: (r) => r.name.en || null },
  { header: "Reception point (Ukrainian)", hashtag: "#loc+name+i_uk", value: (r) => r.name.uk || null },
  { header: "Reception point (Russian)", hashtag: "#loc+name+i_ru", value: (r) => r.name.ru || null },
  { header: "Address", hashtag: "#loc+x_address+i_en", value: (r) => r.address.en || null },
  { header: "Address (Ukrainian)", hashtag: "#loc+x_address+i_uk", value: (r) => r.address.uk || null },
  { header: "Town", hashtag: "#adm4+name+i_en", value: (r) => r.town.nameEn },
  { header: "Town (Ukrainian)", hashtag: "#adm4+name+i_uk", value: (r) => r.town.nameUk },
  { header: "Status (unconfirmed once stale)", hashtag: "#status+code", value: (r) => r.report.status },
  { header: "Fresh (yes or no)", hashtag: "#meta+x_fresh", value: (r) => (r.report.fresh ? "yes" : "no") },
  { header: "Confirmed (ISO 8601, Kyiv time with offset)", hashtag: "#date+x_confirmed", value: (r) => (r.report.confirmedAt ? exportTime(r.report.confirmedAt) : null) },
  { header: "Fresh until (ISO 8601, Kyiv time with offset)", hashtag: "#date+end", value: (r) => (r.report.staleAt ? exportTime(r.report.staleAt) : null) },
  { header: "Beds", hashtag: "#capacity+num", value: (r) => r.report.capacity.beds },
  { header: "Accessible beds", hashtag: "#capacity+num+x_accessible", value: (r) => r.report.capacity.accessibleBeds },
  { header: "Free beds (empty unless fresh)", hashtag: "#capacity+num+x_free", value: (r) => r.report.free?.beds ?? null },
  { header: "Free accessible beds (empty unless fresh)", hashtag: "#capacity+num+x_free+x_accessible", value: (r) => r.report.free?.accessibleBeds ?? null },
  { header: "Services", hashtag: "#service+type", value: (r) => r.report.services.join(" | ") || null },
];
