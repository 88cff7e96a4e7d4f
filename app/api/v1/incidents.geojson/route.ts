import { getDb } from "@/db";
import type { ApiIncidentFeatures } from "@/db/public/api-schemas";
import { listPublicIncidentPage } from "@/db/public/incidents";
import { getPublicTown } from "@/db/public/towns";
import { toPlaceIso } from "@/lib/iso-time";
import { nameSet } from "@/lib/localized-name";
import { isApiInstant } from "@/lib/iso-time";
import { isUuidText } from "@/lib/uuid-text";
import { READ_ONLY, townNotFound, withApiErrors } from "@/server/http/problem";
import { CONTENT_TYPES, publicJson, publicOptions } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { pageHeaders, readCursor } from "../paging";
import { DEFAULT_INCIDENTS, incidentsQuery } from "../schemas";

/** Incidents are paged by (occurredAt, id): newest first, and one order among equal times. */
const INCIDENT_CURSOR = ["string", "string"] as const;
/** Only an instant as the API writes it (toISOString, a year PostgreSQL takes): a forged one is a 400, not a failed query. */
const validIncidentKey = ([at, id]: readonly (string | number)[]) => isApiInstant(String(at)) && isUuidText(String(id));

export const dynamic = "force-dynamic";

/**
 * Public incidents (not internal, not retracted as false) as GeoJSON Points. A position is the
 * exact point rounded to 0.01° (about 1 km), or the town's point when no point was recorded.
 */
export async function GET(request: Request) {
  const query = parseQuery(request, incidentsQuery);
  if (!query.ok) return query.response;
  const { town, oblast, changedSince, limit = DEFAULT_INCIDENTS } = query.value;
  const cursor = readCursor(request, query.value.cursor, INCIDENT_CURSOR, validIncidentKey);
  if (!cursor.ok) return cursor.response;
  return withApiErrors(request, async () => {
    const db = await getDb();
    if (town && !(await getPublicTown(db, { slug: town }))) return townNotFound(request, town);
    const page = await listPublicIncidentPage(db, { limit, slug: town, oblast, changedSince, after: cursor.after });
    const incidents = page.items;
    const body: ApiIncidentFeatures = {
      type: "FeatureCollection",
      features: incidents.flatMap((i) => {
        const position = i.roundedPoint ?? (i.town ? { lat: i.town.lat, lon: i.town.lon } : null);
        if (!position) return [];
        return [
          {
            type: "Feature" as const,
            id: i.id,
            geometry: { type: "Point" as const, coordinates: [position.lon, position.lat] as [number, number] },
            properties: {
              id: i.id,
              category: i.category,
              occurredAt: toPlaceIso(i.occurredAt),
              occurredPrecision: i.occurredPrecision,
              position: i.roundedPoint ? ("rounded" as const) : ("town" as const),
              town: i.town ? { slug: i.town.slug, name: nameSet(i.town) } : null,
              killed: i.killed,
              injured: i.injured,
              missing: i.missing,
              verification: i.verification,
              publicSummary: i.publicSummary,
            },
          },
        ];
      }),
    };
    return publicJson(request, body, CONTENT_TYPES.geojson, { extraHeaders: pageHeaders(request, page) });
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
