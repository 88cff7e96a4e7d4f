import { exportIncidentPages } from "@/db/queries/exports";
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
    body: (db, user, { scope, category, verification, ...days }) =>
      pagedStream(exportIncidentPages(db, user, { scope, filters: { category, verification, ...dayRange(days) } }), geoJsonBody(incidentFeature)),
  });
}
