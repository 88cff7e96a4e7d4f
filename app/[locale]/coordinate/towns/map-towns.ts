import "server-only";
import type { TownPoint } from "@/db/queries/towns";
import { localizedName } from "@/lib/localized-name";

/** Towns as every map and town picker in the workspace shows them, in the page's language. */
export function mapTownsOf(towns: TownPoint[], locale: string) {
  return towns.map((town) => ({ id: town.id, slug: town.slug, name: localizedName(town, locale), lat: town.lat, lon: town.lon }));
}
