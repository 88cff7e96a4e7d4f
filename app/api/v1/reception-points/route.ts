import { getDb } from "@/db";
import type { ApiReceptionPoints } from "@/db/public/api-schemas";
import { pagePublicReceptionPoints } from "@/db/public/reception-points";
import { getPublicTown } from "@/db/public/towns";
import type { PublicReceptionPoint } from "@/db/public/types";
import { toPlaceIso } from "@/lib/iso-time";
import { nameSet } from "@/lib/localized-name";
import { READ_ONLY, townNotFound, withApiErrors } from "@/server/http/problem";
import { publicJson, publicOptions } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { pageHeaders, readCursor } from "../paging";
import { DEFAULT_PAGE, receptionPointsQuery } from "../schemas";

export const dynamic = "force-dynamic";

/** Reception points are paged by id: unique and the same in every language. */
const RECEPTION_CURSOR = ["string"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One point as the API gives it: only what its report allows (free beds only while fresh). */
function apiPoint({ id, town, name, address, report }: PublicReceptionPoint): ApiReceptionPoints["receptionPoints"][number] {
  return {
    id,
    town: { slug: town.slug, name: nameSet(town) },
    name,
    address,
    status: report.status,
    lastReportedWarning: report.lastReportedWarning,
    fresh: report.fresh,
    confirmedAt: report.confirmedAt ? toPlaceIso(report.confirmedAt) : null,
    freshUntil: report.staleAt ? toPlaceIso(report.staleAt) : null,
    capacity: report.capacity,
    free: report.free,
    services: report.services,
  };
}

/** Reception points at destinations, judged at the time of the answer; a page at a time. */
export async function GET(request: Request) {
  const query = parseQuery(request, receptionPointsQuery);
  if (!query.ok) return query.response;
  const cursor = readCursor(request, query.value.cursor, RECEPTION_CURSOR, (key) => typeof key[0] === "string" && UUID.test(key[0]));
  if (!cursor.ok) return cursor.response;
  return withApiErrors(request, async () => {
    const db = await getDb();
    if (query.value.town && !(await getPublicTown(db, { slug: query.value.town }))) return townNotFound(request, query.value.town);
    const now = new Date();
    const { town, changedSince, limit = DEFAULT_PAGE } = query.value;
    const page = await pagePublicReceptionPoints(db, { now, after: cursor.after, limit, town, changedSince });
    const list = page.items.map(apiPoint);
    const body: ApiReceptionPoints = { generatedAt: toPlaceIso(now), receptionPoints: list };
    // The copy ends when the first listed point's counts stop being fresh (docs/decisions/0005).
    return publicJson(request, body, undefined, { tagged: list, nextChange: page.nextChange, extraHeaders: pageHeaders(request, page) });
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
