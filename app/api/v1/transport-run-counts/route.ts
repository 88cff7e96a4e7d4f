import { getDb } from "@/db";
import type { ApiTransportRunCounts } from "@/db/public/api-schemas";
import { getPublicTown } from "@/db/public/towns";
import { getPublicTransportRunCounts } from "@/db/public/transport-runs";
import { toPlaceIso } from "@/lib/iso-time";
import { nameSet } from "@/lib/localized-name";
import { READ_ONLY, townNotFound, withApiErrors } from "@/server/http/problem";
import { publicJson, publicOptions } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { transportRunCountsQuery } from "../schemas";

export const dynamic = "force-dynamic";

/**
 * How many runs leave from a town today and tomorrow: the counts the town page shows and nothing
 * of any run itself. The copy ends when a count next changes (a window passing, midnight in Kyiv).
 */
export async function GET(request: Request) {
  const query = parseQuery(request, transportRunCountsQuery);
  if (!query.ok) return query.response;
  return withApiErrors(request, async () => {
    const db = await getDb();
    const slug = query.value.town;
    const town = await getPublicTown(db, { slug });
    if (!town) return townNotFound(request, slug);
    const now = new Date();
    const counts = await getPublicTransportRunCounts(db, { slug, now });
    if (!counts) return townNotFound(request, slug);
    const { changesAt, today, todayAccessible, tomorrow, tomorrowAccessible } = counts;
    const tagged = { town: town.slug, today, todayAccessible, tomorrow, tomorrowAccessible, changesAt: toPlaceIso(changesAt) };
    const body: ApiTransportRunCounts = { generatedAt: toPlaceIso(now), ...tagged, town: { slug: town.slug, name: nameSet(town) } };
    return publicJson(request, body, undefined, { tagged, nextChange: changesAt });
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
