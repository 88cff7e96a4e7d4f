import "server-only";
import { isUuidText } from "@/lib/uuid-text";
import { and, asc, eq, gt, inArray, type SQL } from "drizzle-orm";
import { agreementPhase } from "@/lib/agreement-window";
import type { Db } from "../client";
import { agreementRoutes, corridorAgreements } from "../schema/agreements";
import { routes } from "../schema/routes";
import { corridorWindowColumns, destinationTown, originTown, routeRefColumns } from "./columns";
import type { PublicCorridorWindow, PublicOpenCorridorWindow, PublicWindowPhase } from "./types";

// Only agreed agreements have a public window: proposed, suspended, violated, rejected and
// cancelled ones stay on the coordinators' pages, as do parties, representatives, terms and claims.

/** The one covered-routes query: agreed windows matching `where`, each with every route it covers. */
async function selectWindows(db: Db, now: Date, where: SQL | undefined): Promise<PublicCorridorWindow[]> {
  const rows = await db
    .select({ ...corridorWindowColumns, ...routeRefColumns })
    .from(corridorAgreements)
    .leftJoin(agreementRoutes, eq(agreementRoutes.agreementId, corridorAgreements.id))
    .leftJoin(routes, eq(agreementRoutes.routeId, routes.id))
    .leftJoin(originTown, eq(routes.originTownId, originTown.id))
    .leftJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
    .where(and(eq(corridorAgreements.state, "agreed"), where))
    .orderBy(asc(corridorAgreements.windowStart), asc(corridorAgreements.id), asc(originTown.nameEn), asc(routes.slug));
  const byId = new Map<string, PublicCorridorWindow>();
  for (const { routeId, routeSlug, origin, destination, state, ...window } of rows) {
    let entry = byId.get(window.id);
    if (!entry) {
      const { phase, timeLeftMs } = agreementPhase({ state, windowStart: window.windowStart, windowEnd: window.windowEnd }, now);
      const shown: PublicWindowPhase = phase === "active" || phase === "upcoming" ? phase : "ended";
      entry = { ...window, phase: shown, timeLeftMs: shown === "ended" ? null : timeLeftMs, routes: [] };
      byId.set(window.id, entry);
    }
    // An agreement covering no route yet comes back once, with the joined route all null.
    if (routeId !== null && routeSlug !== null && origin && destination) entry.routes.push({ id: routeId, slug: routeSlug, origin, destination });
  }
  return [...byId.values()];
}

/**
 * Agreed windows that have not ended at `now`, soonest first; with `routeIds`, only those covering
 * one of those routes (each still lists every route it covers).
 */
export async function listPublicCorridorWindows(
  db: Db,
  { now, routeIds }: { now: Date; routeIds?: string[] },
): Promise<PublicOpenCorridorWindow[]> {
  const ids = routeIds && [...new Set(routeIds)].filter(isUuidText);
  if (ids && ids.length === 0) return [];
  const covering = ids
    ? inArray(corridorAgreements.id, db.select({ id: agreementRoutes.agreementId }).from(agreementRoutes).where(inArray(agreementRoutes.routeId, ids)))
    : undefined;
  const windows = await selectWindows(db, now, and(gt(corridorAgreements.windowEnd, now), covering));
  return windows.filter((w): w is PublicOpenCorridorWindow => w.phase !== "ended" && w.timeLeftMs !== null);
}

/** One agreed window, ended or not (a CAP alert stays addressable); null for any other state. */
export async function getPublicCorridorWindow(db: Db, { now, id }: { now: Date; id?: string }): Promise<PublicCorridorWindow | null> {
  if (!id || !isUuidText(id)) return null;
  return (await selectWindows(db, now, eq(corridorAgreements.id, id)))[0] ?? null;
}
