import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "../client";
import { routes } from "../schema/routes";
import { staleVersionError } from "./stale-version";
import { NotFoundError } from "./write-errors";

/**
 * Locks the route and checks it is still the version the coordinator saw. Concurrent writers
 * queue on the row lock; the second finds a new version and is refused with what the first set.
 */
export async function lockRouteAtVersion(tx: Tx, routeId: string, baseVersion: number) {
  // Lock the row alone: with a join, PostgreSQL's re-check after waiting for the lock can pair the
  // new row with stale joined rows. Who changed it is read afterwards, in a fresh statement.
  const [route] = await tx.select().from(routes).where(eq(routes.id, routeId)).for("update");
  if (!route) throw new NotFoundError("route");
  // Flagging a route for review must also bump its version, so a confirmation made
  // from a page that did not show the flag is refused instead of silently clearing it.
  if (route.version !== baseVersion) throw await staleVersionError(tx, "route", route);
  return route;
}
