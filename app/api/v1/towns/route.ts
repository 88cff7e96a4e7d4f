import { getDb } from "@/db";
import type { ApiTowns } from "@/db/public/api-schemas";
import { listPublicTowns } from "@/db/public/towns";
import { nameSet } from "@/lib/localized-name";
import { READ_ONLY, withApiErrors } from "@/server/http/problem";
import { publicJson, publicOptions } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { townsQuery } from "../schemas";

export const dynamic = "force-dynamic";

/** Towns that have routes: slug, names, aliases, oblast, point. */
export async function GET(request: Request) {
  const query = parseQuery(request, townsQuery);
  if (!query.ok) return query.response;
  return withApiErrors(request, async () => {
    const towns = await listPublicTowns(await getDb());
    const body: ApiTowns = {
      towns: towns.map((t) => ({
        slug: t.slug,
        name: nameSet(t),
        aliases: t.aliases,
        pcode: t.pcode,
        oblast: { slug: t.oblast.slug, name: nameSet(t.oblast), pcode: t.oblast.pcode },
        point: { lat: t.lat, lon: t.lon },
      })),
    };
    return publicJson(request, body);
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
