import "server-only";
import { getDb } from "@/db";
import { listIncidentLinkOptions } from "@/db/queries/incidents";
import { listTownPoints } from "@/db/queries/towns";
import { getFlagDistanceKm, getMapTiles } from "@/env";
import { pointFieldLabels } from "@/components/map/labels";
import { localizedName } from "@/lib/localized-name";
import type { SessionUser } from "@/lib/session-user";
import { mapTownsOf } from "../towns/map-towns";

/** Everything the incident form offers: towns, routes (with lines, for suggestions), agreements, the map. */
export async function incidentFormOptions(user: SessionUser, locale: string) {
  const db = await getDb();
  const [towns, links] = await Promise.all([listTownPoints(db, user), listIncidentLinkOptions(db, user)]);
  return {
    towns: mapTownsOf(towns, locale),
    routes: links.routes.map((r) => ({ id: r.id, label: `${localizedName(r.origin, locale)} → ${localizedName(r.destination, locale)}`, waypoints: r.waypoints })),
    agreements: links.agreements,
    flagKm: getFlagDistanceKm(),
    tiles: getMapTiles(),
    mapLabels: await pointFieldLabels(),
  };
}
