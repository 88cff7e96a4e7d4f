import "server-only";
import { getDb } from "@/db";
import { listIncidentAgreementOptions } from "@/db/queries/incidents";
import { listTownPoints } from "@/db/queries/towns";
import { getFlagDistanceKm, getMapTiles } from "@/env";
import { pointFieldLabels } from "@/components/map/labels";
import type { SessionUser } from "@/lib/session-user";
import { loadRouteChoices } from "../route-choices";
import { mapTownsOf } from "../towns/map-towns";

/**
 * Everything the incident form offers: towns, the routes of the town chosen above the form and
 * those the incident already names (with lines, for suggestions), agreements, the map; and the
 * town chooser's props (`picker`).
 */
export async function incidentFormOptions(
  user: SessionUser,
  locale: string,
  route: { searchParams: Record<string, string | string[] | undefined>; include: string[]; basePath: string },
) {
  const db = await getDb();
  const [towns, agreements, choices] = await Promise.all([listTownPoints(db, user), listIncidentAgreementOptions(db, user), loadRouteChoices(db, user, locale, route)]);
  const mapTowns = mapTownsOf(towns, locale);
  return {
    picker: choices.picker,
    /** A new incident starts in the town whose routes are listed. */
    chosenTownId: mapTowns.find((t) => t.slug === choices.townSlug)?.id,
    towns: mapTowns,
    routes: choices.routes,
    townChosen: choices.townSlug !== undefined,
    agreements,
    flagKm: getFlagDistanceKm(),
    tiles: getMapTiles(),
    mapLabels: await pointFieldLabels(),
  };
}
