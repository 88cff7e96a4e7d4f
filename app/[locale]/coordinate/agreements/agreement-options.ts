import "server-only";
import type { Db } from "@/db/client";
import { listRoutesForCoordinators } from "@/db/queries/routes";
import { localizedName } from "@/lib/localized-name";
import type { SessionUser } from "@/lib/session-user";

/** Every route an agreement can cover, as "Origin → Destination" in the page's language. */
export async function routeOptions(db: Db, user: SessionUser, locale: string) {
  const routes = await listRoutesForCoordinators(db, user);
  return routes
    .map((route) => ({ value: route.id, label: `${localizedName(route.origin, locale)} → ${localizedName(route.destination, locale)}` }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}
