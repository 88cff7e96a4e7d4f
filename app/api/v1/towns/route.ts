import { getDb } from "@/db";
import type { ApiTowns } from "@/db/public/api-schemas";
import { pagePublicTowns } from "@/db/public/towns";
import { nameSet } from "@/lib/localized-name";
import { READ_ONLY, withApiErrors } from "@/server/http/problem";
import { publicJson, publicOptions } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { pageHeaders, readCursor } from "../paging";
import { DEFAULT_PAGE, townsQuery } from "../schemas";

export const dynamic = "force-dynamic";

/** Towns are paged by slug: unique, ASCII, the same order in every language. */
const TOWN_CURSOR = ["string"] as const;

/** Towns that have routes: slug, names, aliases, oblast, point; a page at a time. */
export async function GET(request: Request) {
  const query = parseQuery(request, townsQuery);
  if (!query.ok) return query.response;
  const cursor = readCursor(request, query.value.cursor, TOWN_CURSOR);
  if (!cursor.ok) return cursor.response;
  const { oblast, changedSince, limit = DEFAULT_PAGE } = query.value;
  return withApiErrors(request, async () => {
    const page = await pagePublicTowns(await getDb(), { after: cursor.after, limit, oblast, changedSince });
    const body: ApiTowns = {
      towns: page.items.map((t) => ({
        slug: t.slug,
        name: nameSet(t),
        aliases: t.aliases,
        pcode: t.pcode,
        oblast: { slug: t.oblast.slug, name: nameSet(t.oblast), pcode: t.oblast.pcode },
        point: { lat: t.lat, lon: t.lon },
      })),
    };
    return publicJson(request, body, undefined, { extraHeaders: pageHeaders(request, page) });
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
