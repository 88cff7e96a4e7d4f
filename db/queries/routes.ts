import "server-only";
import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { towns } from "../schema/places";
import { routes } from "../schema/routes";
import { users } from "../schema/users";

const origin = alias(towns, "origin");
const destination = alias(towns, "destination");

/** The coordinators' view of every route, including who last confirmed it (internal). */
export async function listRoutesForDashboard(db: Db, actor: SessionUser | null) {
  assertRole(actor, "coordinator");
  return db
    .select({
      id: routes.id,
      slug: routes.slug,
      mode: routes.mode,
      status: routes.status,
      statusReason: routes.statusReason,
      statusConfirmedAt: routes.statusConfirmedAt,
      freshnessWindowHours: routes.freshnessWindowHours,
      reviewFlaggedAt: routes.reviewFlaggedAt,
      organisation: routes.organisation,
      version: routes.version,
      originEn: origin.nameEn,
      originUk: origin.nameUk,
      originRu: origin.nameRu,
      destinationEn: destination.nameEn,
      destinationUk: destination.nameUk,
      destinationRu: destination.nameRu,
      confirmedByEmail: users.email,
    })
    .from(routes)
    .innerJoin(origin, eq(routes.originTownId, origin.id))
    .innerJoin(destination, eq(routes.destinationTownId, destination.id))
    .leftJoin(users, eq(routes.statusConfirmedBy, users.id))
    .orderBy(asc(origin.nameEn), asc(destination.nameEn));
}

export type DashboardRoute = Awaited<ReturnType<typeof listRoutesForDashboard>>[number];
