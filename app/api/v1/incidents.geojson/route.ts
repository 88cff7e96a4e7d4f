import { getDb } from "@/db";
import { listPublicIncidents } from "@/db/public/incidents";
import { CONTENT_TYPES, publicJson, publicOptions, withPublicErrors } from "@/server/http/public-response";
import { toPlaceIso } from "@/lib/iso-time";
import { nameSet } from "@/lib/localized-name";

export const dynamic = "force-dynamic";

/**
 * Public incidents (not internal, not retracted as false) as GeoJSON Points. A position is the
 * exact point rounded to 0.01° (about 1 km), or the town's point when no point was recorded.
 */
export async function GET(request: Request) {
  return withPublicErrors(async () => {
    const incidents = await listPublicIncidents(await getDb());
    const features = incidents.flatMap((i) => {
      const position = i.roundedPoint ?? (i.town ? { lat: i.town.lat, lon: i.town.lon } : null);
      if (!position) return [];
      return [
        {
          type: "Feature",
          id: i.id,
          geometry: { type: "Point", coordinates: [position.lon, position.lat] },
          properties: {
            id: i.id,
            category: i.category,
            occurredAt: toPlaceIso(i.occurredAt),
            occurredPrecision: i.occurredPrecision,
            /** "rounded": the point to about 1 km; "town": the town's own point. */
            position: i.roundedPoint ? "rounded" : "town",
            town: i.town ? { slug: i.town.slug, name: nameSet(i.town) } : null,
            killed: i.killed,
            injured: i.injured,
            missing: i.missing,
            verification: i.verification,
            publicSummary: i.publicSummary,
          },
        },
      ];
    });
    return publicJson(request, { type: "FeatureCollection", features }, CONTENT_TYPES.geojson);
  });
}

export const OPTIONS = publicOptions;
