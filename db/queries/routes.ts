import "server-only";
import { asc, eq } from "drizzle-orm";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { routes } from "../schema/routes";
import { users } from "../schema/users";
import { destinationTown, originTown, routeListingColumns } from "./route-columns";

/** The coordinators' view of every route, including who last confirmed it (internal). */
export async function listRoutesForDashboard(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  return db
    .select({
      ...routeListingColumns,
      id: routes.id,
      organisation: routes.organisation,
      version: routes.version,
      confirmedByEmail: users.email,
    })
    .from(routes)
    .innerJoin(originTown, eq(routes.originTownId, originTown.id))
    .innerJoin(destinationTown, eq(routes.destinationTownId, destinationTown.id))
    .leftJoin(users, eq(routes.statusConfirmedBy, users.id))
    .orderBy(asc(originTown.nameEn), asc(destinationTown.nameEn));
}

export type DashboardRoute = Awaited<ReturnType<typeof listRoutesForDashboard>>[number];
