import "server-only";
import { and, eq, gt, lte } from "drizzle-orm";
import { stateConflict, ENDED_WINDOW_PROMPT_HOURS, type StateConflict } from "@/lib/route-report";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { agreementRoutes, corridorAgreements } from "../schema/agreements";
import { routes } from "../schema/routes";
import { destinationTown, originTown, placeNameColumns, routeColumns, withRouteTowns } from "../public/columns";
import { sameOrganisation } from "@/lib/organisation";
import type { LocalizedName } from "@/lib/localized-name";

export type StateConflictRow = StateConflict & {
  routeId: string;
  slug: string;
  origin: LocalizedName & { slug: string };
  destination: LocalizedName & { slug: string };
};

/**
 * Routes whose status disagrees with a corridor window that started or ended since the status was
 * last set (lib/route-report.ts stateConflict), for the coordinators responsible: those of the
 * route's organisation, or everyone when either side names none. A route drops off the list as
 * soon as its status is confirmed or changed after the window's boundary.
 */
export async function listStateConflicts(db: Db, actor: SessionUser | null, { now }: { now: Date }): Promise<StateConflictRow[]> {
  assertRole(actor, "coordinator");
  const since = new Date(now.getTime() - ENDED_WINDOW_PROMPT_HOURS * 3_600_000);
  const rows = await withRouteTowns(db
    .select({
      routeId: routes.id,
      slug: routes.slug,
      status: routes.status,
      statusConfirmedAt: routes.statusConfirmedAt,
      freshnessWindowHours: routes.freshnessWindowHours,
      // The short name, as the session carries it.
      organisation: routeColumns.organisation,
      origin: placeNameColumns(originTown),
      destination: placeNameColumns(destinationTown),
      windowStart: corridorAgreements.windowStart,
      windowEnd: corridorAgreements.windowEnd,
    })
    .from(corridorAgreements)
    .innerJoin(agreementRoutes, eq(agreementRoutes.agreementId, corridorAgreements.id))
    .innerJoin(routes, eq(agreementRoutes.routeId, routes.id))
    .$dynamic())
    // Only windows that have started and not ended longer ago than the prompt lasts.
    .where(and(eq(corridorAgreements.state, "agreed"), lte(corridorAgreements.windowStart, now), gt(corridorAgreements.windowEnd, since)));
  const mine = (organisation: string | null) => !organisation || !actor!.organisation || sameOrganisation(organisation, actor!.organisation);
  const byRoute = new Map<string, typeof rows>();
  for (const row of rows) if (mine(row.organisation)) byRoute.set(row.routeId, [...(byRoute.get(row.routeId) ?? []), row]);
  const conflicts: StateConflictRow[] = [];
  for (const [routeId, windows] of byRoute) {
    const first = windows[0]!;
    const conflict = stateConflict({ ...first, windows }, now);
    if (conflict) conflicts.push({ ...conflict, routeId, slug: first.slug, origin: first.origin, destination: first.destination });
  }
  return conflicts.sort((a, b) => a.since.getTime() - b.since.getTime());
}
