import { getDb } from "@/db";
import type { ApiRoutes } from "@/db/public/api-schemas";
import { listPublicRouteStatuses } from "@/db/public/route-statuses";
import { getPublicTown } from "@/db/public/towns";
import { toPlaceIso } from "@/lib/iso-time";
import { READ_ONLY, townNotFound, withApiErrors } from "@/server/http/problem";
import { publicJson, publicOptions } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { routesQuery } from "../schemas";
import { filterRoutes, nextChangeOfRoutes } from "../filter-routes";

export const dynamic = "force-dynamic";

/** Every route with its status as the public sees it now (stale → "unconfirmed", never "open"). */
export async function GET(request: Request) {
  const query = parseQuery(request, routesQuery);
  if (!query.ok) return query.response;
  return withApiErrors(request, async () => {
    const db = await getDb();
    if (query.value.town && !(await getPublicTown(db, { slug: query.value.town }))) return townNotFound(request, query.value.town);
    const now = new Date();
    const all = await listPublicRouteStatuses(db, { now });
    const list = filterRoutes(all, query.value).map((r) => r.route);
    const body: ApiRoutes = { generatedAt: toPlaceIso(now), routes: list };
    // The tag stands for the routes, not the generation time: a poller gets 304 while nothing changed.
    return publicJson(request, body, undefined, { tagged: list, nextChange: nextChangeOfRoutes(now, all) });
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
