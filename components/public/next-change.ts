import { getDb } from "@/db";
import { getNextNoticeChange } from "@/db/public/next-change";
import type { PublicRoute, PublicRouteView, PublicStatusEvent } from "@/db/public/types";
import { nextTimeBasedChange } from "@/lib/next-change";
import { reportNextChange } from "@/server/public-cache/render-report";

type Facts = {
  /** The instant the page rendered its statuses for. */
  now: Date;
  /** The routes the page shows; a route view's corridor windows count too. */
  routes: readonly (PublicRoute | PublicRouteView)[];
  /** The past status events the page shows (the route page's history). */
  events?: readonly PublicStatusEvent[];
  /** The area notices the page shows: all of them (home), a town's (town page), or none. */
  notices?: "all" | { town: string };
  /** Other instants at which something the page shows changes (a count's route turning "unconfirmed"). */
  instants?: readonly (Date | null)[];
};

/**
 * Tells the response cache, and through its Cache-Control every HTTP cache, when this page next
 * changes by the clock alone (lib/next-change.ts), through the render's report
 * (server/public-cache/render-report.ts). Called by each residents' page with what it shows.
 */
export async function reportPageNextChange({ now, routes, events, notices, instants = [] }: Facts): Promise<void> {
  const noticeChange = notices === undefined ? null : await getNextNoticeChange(await getDb(), { now, slug: notices === "all" ? undefined : notices.town });
  reportNextChange(
    nextTimeBasedChange(now, {
      routes,
      events,
      windows: routes.flatMap((route) => ("windows" in route ? route.windows : [])),
      instants: [noticeChange, ...instants],
    }),
  );
}
