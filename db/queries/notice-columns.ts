import "server-only";
import { areaNotices } from "../schema/places";

/** What residents may see of a notice; internal listings add their fields on top. */
export const publicNoticeColumns = {
  id: areaNotices.id,
  severity: areaNotices.severity,
  textUk: areaNotices.textUk,
  textRu: areaNotices.textRu,
  textEn: areaNotices.textEn,
  issuedAt: areaNotices.issuedAt,
};
