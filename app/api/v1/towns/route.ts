import { getDb } from "@/db";
import { listPublicTowns } from "@/db/queries/public-api";
import { publicJson, publicOptions, withPublicErrors } from "@/server/http/public-response";

export const dynamic = "force-dynamic";

/** Towns that have routes: slug, names, aliases, oblast, point. */
export async function GET(request: Request) {
  return withPublicErrors(async () => {
    const towns = await listPublicTowns(await getDb());
    return publicJson(request, {
      towns: towns.map((t) => ({
        slug: t.slug,
        name: { uk: t.nameUk, ru: t.nameRu, en: t.nameEn },
        aliases: t.aliases,
        pcode: t.pcode,
        oblast: { slug: t.oblast.slug, name: { uk: t.oblast.nameUk, ru: t.oblast.nameRu, en: t.oblast.nameEn }, pcode: t.oblast.pcode },
        point: { lat: t.lat, lon: t.lon },
      })),
    });
  });
}

export const OPTIONS = publicOptions;
