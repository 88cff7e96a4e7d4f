import "server-only";
import type { Db } from "@/db/client";
import { listSearchableTowns } from "@/db/public/towns";
import { listRouteChoices, ROUTE_CHOICES_MAX } from "@/db/queries/routes";
import { localizedName } from "@/lib/localized-name";
import { routeTownQuerySchema } from "@/lib/route-choices";
import type { SessionUser } from "@/lib/session-user";
import { townFilter } from "@/lib/town-search";

/**
 * What an agreement's or an incident's form offers to tick: the routes from and to the town named
 * in the address (RouteTownPicker), and those the record already names. `picker` is the picker's props.
 */
export async function loadRouteChoices(
  db: Db,
  user: SessionUser,
  locale: string,
  { searchParams, include, basePath }: { searchParams: Record<string, string | string[] | undefined>; include: string[]; basePath: string },
) {
  const asked = routeTownQuerySchema.parse(searchParams);
  const town = townFilter(await listSearchableTowns(db), asked.town, asked.townName);
  const { routes, more } = await listRouteChoices(db, user, { town: town.town?.slug, include });
  const label = (r: (typeof routes)[number]) => `${localizedName(r.origin, locale)} → ${localizedName(r.destination, locale)}`;
  return {
    routes: routes.map((r) => ({ id: r.id, label: label(r), waypoints: r.waypoints })),
    /** The chosen town, if any: a new incident starts in it. */
    townSlug: town.town?.slug,
    picker: {
      basePath,
      town,
      typed: asked.townName ?? (town.town ? localizedName(town.town, locale) : ""),
      more,
      max: ROUTE_CHOICES_MAX,
      locale,
    },
  };
}
