import { getDb } from "@/db";
import { listPublicTowns } from "@/db/public/towns";
import { nameSet } from "@/lib/localized-name";
import { publicJson, publicOptions, withPublicErrors } from "@/server/http/public-response";

export const dynamic = "force-dynamic";

/** Towns that have routes: slug, names, aliases, oblast, point. */
export async function GET(request: Request) {
  return withPublicErrors(async () => {
    const towns = await listPublicTowns(await getDb());
    return publicJson(request, {
      towns: towns.map((t) => ({
        slug: t.slug,
        name: nameSet(t),
        aliases: t.aliases,
        pcode: t.pcode,
        oblast: { slug: t.oblast.slug, name: nameSet(t.oblast), pcode: t.oblast.pcode },
        point: { lat: t.lat, lon: t.lon },
      })),
    });
  });
}

export const OPTIONS = publicOptions;
