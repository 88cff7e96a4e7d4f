import "server-only";
import { isUuidText } from "@/lib/uuid-text";
import { and, asc, desc, eq, inArray, lt, ne, or, type SQL } from "drizzle-orm";
import { boundedLimit } from "@/lib/pagination";
import type { Db } from "../client";
import { routes, routeStatusEvents } from "../schema/routes";
import { statusEventColumns, withRouteTowns } from "./columns";
import type { PublicStatusEvent, PublicStatusEventWithPrevious } from "./types";

type EventRow = Awaited<ReturnType<typeof selectStatusEvents>>[number];

function toPublicEvent({ routeId, routeSlug, origin, destination, ...event }: EventRow): PublicStatusEvent {
  return { ...event, route: { id: routeId, slug: routeSlug, origin, destination } };
}

function selectStatusEvents(db: Db, where: SQL | undefined) {
  return withRouteTowns(db
    .select(statusEventColumns)
    .from(routeStatusEvents)
    .innerJoin(routes, eq(routeStatusEvents.routeId, routes.id))
    .$dynamic())
    .where(where);
}

const newestFirst = [desc(routeStatusEvents.confirmedAt), desc(routeStatusEvents.createdAt), desc(routeStatusEvents.id)];

/** The newest status events, newest first: across all routes, or of one route (by its `slug`). */
export async function listPublicStatusEvents(db: Db, { slug, limit }: { slug?: string; limit?: number } = {}): Promise<PublicStatusEvent[]> {
  const rows = await selectStatusEvents(db, slug === undefined ? undefined : eq(routes.slug, slug))
    .orderBy(...newestFirst)
    .limit(boundedLimit(limit, 50, 1000));
  return rows.map(toPublicEvent);
}

/** Each route's newest status event: the alerts currently in force (or lapsed, by their expiry). */
export async function listLatestPublicStatusEvents(db: Db): Promise<PublicStatusEvent[]> {
  const newest = db
    .selectDistinctOn([routeStatusEvents.routeId], { id: routeStatusEvents.id })
    .from(routeStatusEvents)
    .orderBy(routeStatusEvents.routeId, ...newestFirst);
  const rows = await selectStatusEvents(db, inArray(routeStatusEvents.id, newest)).orderBy(desc(routeStatusEvents.confirmedAt), asc(routeStatusEvents.id));
  return rows.map(toPublicEvent);
}

/** One status event, and the one before it on the same route (which a CAP Update references). */
export async function getPublicStatusEvent(
  db: Db,
  { id }: { id?: string },
): Promise<PublicStatusEventWithPrevious | null> {
  if (!id || !isUuidText(id)) return null;
  const [row] = await selectStatusEvents(db, eq(routeStatusEvents.id, id)).limit(1);
  if (!row) return null;
  const event = toPublicEvent(row);
  const [previous] = await db
    .select({ id: routeStatusEvents.id, recordedAt: routeStatusEvents.createdAt })
    .from(routeStatusEvents)
    .where(
      and(
        eq(routeStatusEvents.routeId, event.route.id),
        ne(routeStatusEvents.id, event.id),
        or(
          lt(routeStatusEvents.confirmedAt, event.confirmedAt),
          and(eq(routeStatusEvents.confirmedAt, event.confirmedAt), lt(routeStatusEvents.id, event.id)),
        ),
      ),
    )
    .orderBy(desc(routeStatusEvents.confirmedAt), desc(routeStatusEvents.id))
    .limit(1);
  return { ...event, previous: previous ?? null };
}
