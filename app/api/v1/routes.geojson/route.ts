import { getDb } from "@/db";
import type { ApiRouteFeatures } from "@/db/public/api-schemas";
import { pagePublicRouteStatuses } from "@/db/public/route-statuses";
import { getPublicTown } from "@/db/public/towns";
import { READ_ONLY, townNotFound, withApiErrors } from "@/server/http/problem";
import { CONTENT_TYPES, publicJson, publicOptions } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { ROUTE_CURSOR } from "../filter-routes";
import { pageHeaders, readCursor } from "../paging";
import { DEFAULT_PAGE, routesQuery } from "../schemas";

export const dynamic = "force-dynamic";

/** Routes as a GeoJSON FeatureCollection of LineStrings ([lon, lat]) with the public properties, a page at a time by slug. */
export async function GET(request: Request) {
  const query = parseQuery(request, routesQuery);
  if (!query.ok) return query.response;
  const cursor = readCursor(request, query.value.cursor, ROUTE_CURSOR);
  if (!cursor.ok) return cursor.response;
  return withApiErrors(request, async () => {
    const db = await getDb();
    if (query.value.town && !(await getPublicTown(db, { slug: query.value.town }))) return townNotFound(request, query.value.town);
    const now = new Date();
    const { town, oblast, status, changedSince, limit = DEFAULT_PAGE } = query.value;
    const page = await pagePublicRouteStatuses(db, { now, after: cursor.after, limit, town, oblast, status, changedSince });
    const body: ApiRouteFeatures = {
      type: "FeatureCollection",
      features: page.items.map(({ route, line }) => ({
        type: "Feature",
        id: route.id,
        geometry: { type: "LineString", coordinates: line },
        properties: route,
      })),
    };
    return publicJson(request, body, CONTENT_TYPES.geojson, { nextChange: page.nextChange, extraHeaders: pageHeaders(request, page) });
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
