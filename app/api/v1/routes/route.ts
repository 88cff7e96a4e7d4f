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
    return publicJson(request, { generatedAt: toPlaceIso(now), routes: routes.map((r) => r.route) });
  });
}

export const OPTIONS = publicOptions;
