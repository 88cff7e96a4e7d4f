import { otherMethods } from "@/server/http/methods";
import { countRouteStatusExport, exportRouteStatusCsvPages } from "@/db/queries/exports";
import { hxlCsvLinesBody } from "@/lib/hxl/csv";
import { routeStatusColumns } from "@/lib/hxl/routes";
import { pagedStream } from "@/lib/hxl/stream";
import { exportResponse } from "../respond";
import { dayRange, routeExportQuery } from "../schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Every route's status history (one row per status event) as HXL-tagged CSV. ?scope=partner (default) | internal. */
export async function GET(request: Request) {
  return exportResponse(request, {
    action: "export.routes_csv",
    schema: routeExportQuery,
    name: "route-status-history",
    extension: "csv",
    count: (db, user, { scope, ...days }, asOf) => countRouteStatusExport(db, user, { scope, asOf, filters: dayRange(days) }),
    body: (db, user, { scope, ...days }, { asOf, total }) =>
      pagedStream(exportRouteStatusCsvPages(db, user, { scope, asOf, filters: dayRange(days) }), hxlCsvLinesBody(routeStatusColumns(scope)), {
        expectedRows: total,
      }),
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "problem");
