import { getDb } from "@/db";
import { CONTENT_TYPES, publicJson, publicOptions, withPublicErrors } from "@/server/http/public-response";
import { listPublicRouteStatuses } from "@/db/public/route-statuses";

export const dynamic = "force-dynamic";

/** Routes as a GeoJSON FeatureCollection of LineStrings ([lon, lat]) with the public properties. */
export async function GET(request: Request) {
  return withPublicErrors(async () => {
    const routes = await listPublicRouteStatuses(await getDb(), { now: new Date() });
    return publicJson(
      request,
      {
        type: "FeatureCollection",
        features: routes.map(({ route, line }) => ({
          type: "Feature",
          id: route.id,
          geometry: { type: "LineString", coordinates: line },
          properties: route,
        })),
      },
      CONTENT_TYPES.geojson,
    );
  });
}

export const OPTIONS = publicOptions;
