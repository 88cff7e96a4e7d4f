import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { routes } from "../schema/routes";
import { users } from "../schema/users";
import { NotFoundError, StaleVersionError } from "./write-errors";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Locks the route and checks it is still the version the coordinator saw. Concurrent writers
 * queue on the row lock; the second finds a new version and is refused with what the first set.
 */
export async function lockRouteAtVersion(tx: Tx, routeId: string, baseVersion: number) {
  // Lock the row alone: with a join, PostgreSQL's re-check after waiting for the lock can pair the
  // new row with stale joined rows. Who changed it is read afterwards, in a fresh statement.
  const [route] = await tx.select().from(routes).where(eq(routes.id, routeId)).for("update");
  if (!route) throw new NotFoundError("route");
  if (route.version !== baseVersion) {
    const [by] = route.statusConfirmedBy
      ? await tx.select({ email: users.email }).from(users).where(eq(users.id, route.statusConfirmedBy))
      : [];
    throw new StaleVersionError({
      entity: "route",
      status: route.status,
      reason: route.statusReason,
      // The message names the current status, who set it and when (an edit of the line or
      // details also bumps the version; the status shown is still the one in force).
      changedAt: (route.statusConfirmedAt ?? route.updatedAt).toISOString(),
      changedBy: by?.email ?? null,
      version: route.version,
    });
  }
  return route;
}
