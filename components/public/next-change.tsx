import { getDb } from "@/db";
import { getNextNoticeChange } from "@/db/public/next-change";
import type { PublicRoute, PublicRouteView, PublicStatusEvent } from "@/db/public/types";
import { NEXT_CHANGE_META, nextTimeBasedChange } from "@/lib/next-change";

type Props = {
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
 * changes by the clock alone (lib/next-change.ts): React hoists the <meta> into the head. Renders
 * nothing when nothing on the page is due to change.
 */
export async function NextChange({ now, routes, events, notices, instants = [] }: Props) {
  const noticeChange = notices === undefined ? null : await getNextNoticeChange(await getDb(), { now, slug: notices === "all" ? undefined : notices.town });
  const at = nextTimeBasedChange(now, {
    routes,
    events,
    windows: routes.flatMap((route) => ("windows" in route ? route.windows : [])),
    instants: [noticeChange, ...instants],
  });
  return at ? <meta name={NEXT_CHANGE_META} content={at.toISOString()} /> : null;
}
