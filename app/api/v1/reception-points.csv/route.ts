import { getDb } from "@/db";
import { pagePublicReceptionPoints } from "@/db/public/reception-points";
import { getPublicTown } from "@/db/public/towns";
import { hxlCsvHead, hxlCsvRows } from "@/lib/hxl/csv";
import { RECEPTION_POINT_COLUMNS } from "@/lib/hxl/reception-points";
import { READ_ONLY, townNotFound, withApiErrors } from "@/server/http/problem";
import { CONTENT_TYPES, publicOptions, publicResponse } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { pageHeaders, readCursor } from "../paging";
import { DEFAULT_PAGE, receptionPointsQuery } from "../schemas";

export const dynamic = "force-dynamic";

const RECEPTION_CURSOR = ["string"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The same reception points as /api/v1/reception-points, as HXL-tagged CSV (lib/hxl/reception-points.ts). */
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
    const body = hxlCsvHead(RECEPTION_POINT_COLUMNS) + hxlCsvRows(RECEPTION_POINT_COLUMNS, page.items);
    // The copy ends when the first listed point's counts stop being fresh, as the JSON list's does.
    return publicResponse(request, body, CONTENT_TYPES.csv, { nextChange: page.nextChange, extraHeaders: pageHeaders(request, page) });
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
