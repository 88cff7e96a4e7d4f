import { otherMethods } from "@/server/http/methods";
import { countIncidentExport, exportIncidentPages } from "@/db/queries/exports";
import { incidentFeature } from "@/lib/hxl/incidents";
import { geoJsonBody, pagedStream } from "@/lib/hxl/stream";
import { exportResponse } from "../respond";
import { dayRange, incidentExportQuery } from "../schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Incidents as an RFC 7946 FeatureCollection, streamed feature by feature. ?scope=partner (default) | internal. */
export async function GET(request: Request) {
  return exportResponse(request, {
    action: "export.incidents_geojson",
    schema: incidentExportQuery,
    name: "incidents",
    extension: "geojson",
    count: (db, user, { scope, category, verification, ...days }, asOf) =>
      countIncidentExport(db, user, { scope, asOf, filters: { category, verification, ...dayRange(days) } }),
    body: (db, user, { scope, category, verification, ...days }, { asOf, total }) =>
      pagedStream(exportIncidentPages(db, user, { scope, asOf, filters: { category, verification, ...dayRange(days) } }), geoJsonBody(incidentFeature), { expectedRows: total }),
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "problem");
