import { getDb } from "@/db";
import { publicJson, publicOptions, withPublicErrors } from "@/server/http/public-response";
import { toPlaceIso } from "@/lib/iso-time";
import { loadPublicRoutes } from "@/lib/public-api";

export const dynamic = "force-dynamic";

/** Every route with its status as the public sees it now (stale → "unconfirmed", never "open"). */
export async function GET(request: Request) {
  return withPublicErrors(async () => {
    const now = new Date();
    const routes = await loadPublicRoutes(await getDb(), now);
    return publicJson(request, { generatedAt: toPlaceIso(now), routes: routes.map((r) => r.route) });
  });
}

export const OPTIONS = publicOptions;
