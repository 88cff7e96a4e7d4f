import "server-only";
import type { Db } from "@/db/client";
import { listPublicRoutes } from "@/db/public/routes";
import { getPublicTownView } from "@/db/public/route-views";
import { getPublicTransportRequestCounts } from "@/db/public/transport-requests";
import type { LiteTownData } from "./render";

/** What a lite town page shows (its own view and every route, for the towns list), or null if no such town. */
export async function liteTownData(db: Db, { slug, now }: { slug: string; now: Date }): Promise<Omit<LiteTownData, "locale"> | null> {
  const [view, routes, transportRequests] = await Promise.all([getPublicTownView(db, { slug, now }), listPublicRoutes(db), getPublicTransportRequestCounts(db, { slug })]);
  if (!view) return null;
  return { now, routes, town: view.town, notices: view.notices, townRoutes: view.routes, transportRequests: transportRequests ?? { open: 0, beingHandled: 0 } };
}
