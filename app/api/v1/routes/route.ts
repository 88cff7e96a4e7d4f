import { getDb } from "@/db";
import { publicJson, publicOptions, withPublicErrors } from "@/server/http/public-response";
import { toPlaceIso } from "@/lib/iso-time";
import { listPublicRouteStatuses } from "@/db/public/route-statuses";

export const dynamic = "force-dynamic";

/** Every route with its status as the public sees it now (stale → "unconfirmed", never "open"). */
export async function GET(request: Request) {
  return withPublicErrors(async () => {
    const now = new Date();
    const routes = await listPublicRouteStatuses(await getDb(), { now });
    const list = routes.map((r) => r.route);
    // The tag stands for the routes, not the generation time: a poller gets 304 while nothing changed.
    return publicJson(request, { generatedAt: toPlaceIso(now), routes: list }, undefined, { tagged: list });
  });
}

export const OPTIONS = publicOptions;
