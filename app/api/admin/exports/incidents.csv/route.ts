import { otherMethods } from "@/server/http/methods";
import { countIncidentExport, exportIncidentPages } from "@/db/queries/exports";
import { hxlCsvBody } from "@/lib/hxl/csv";
import { incidentColumns } from "@/lib/hxl/incidents";
import { pagedStream } from "@/lib/hxl/stream";
import { exportResponse } from "../respond";
import { dayRange, incidentExportQuery } from "../schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Incidents as HXL-tagged CSV, streamed page by page. ?scope=partner (default) | internal. */
export async function GET(request: Request) {
  return exportResponse(request, {
    action: "export.incidents_csv",
    schema: incidentExportQuery,
    name: "incidents",
    extension: "csv",
    count: (db, user, { scope, category, verification, ...days }, asOf) =>
      countIncidentExport(db, user, { scope, asOf, filters: { category, verification, ...dayRange(days) } }),
    body: (db, user, { scope, category, verification, ...days }, { asOf, total }) =>
      pagedStream(exportIncidentPages(db, user, { scope, asOf, filters: { category, verification, ...dayRange(days) } }), hxlCsvBody(incidentColumns(scope)), { expectedRows: total }),
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "problem");
