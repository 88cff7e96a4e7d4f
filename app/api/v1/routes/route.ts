import { getDb } from "@/db";
import type { ApiRoutes } from "@/db/public/api-schemas";
import { pagePublicRouteStatuses } from "@/db/public/route-statuses";
import { getPublicTown } from "@/db/public/towns";
import { toPlaceIso } from "@/lib/iso-time";
import { READ_ONLY, townNotFound, withApiErrors } from "@/server/http/problem";
import { publicJson, publicOptions } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { DEFAULT_PAGE, routesQuery } from "../schemas";
import { ROUTE_CURSOR } from "../filter-routes";
import { pageHeaders, readCursor } from "../paging";

export const dynamic = "force-dynamic";

/** The routes with their status as the public sees it now (stale → "unconfirmed", never "open"), a page at a time by slug. */
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
    const list = page.items.map((r) => r.route);
    const body: ApiRoutes = { generatedAt: toPlaceIso(now), routes: list };
    // The tag stands for the routes, not the generation time: a poller gets 304 while nothing changed.
    return publicJson(request, body, undefined, { tagged: list, nextChange: page.nextChange, extraHeaders: pageHeaders(request, page) });
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
