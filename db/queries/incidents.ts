import "server-only";
import { desc, eq } from "drizzle-orm";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db } from "../client";
import { incidents } from "../schema/incidents";
import { towns } from "../schema/places";

/** The admins' review list: every incident, internal ones included, newest first. */
export async function listIncidentsForReview(db: Db, actor: SessionUser | null, limit = 100) {
  assertRole(actor, "admin");
  return db
    .select({
      id: incidents.id,
      category: incidents.category,
      occurredAt: incidents.occurredAt,
      occurredPrecision: incidents.occurredPrecision,
      reportedAt: incidents.reportedAt,
      killed: incidents.killed,
      injured: incidents.injured,
      missing: incidents.missing,
      publicSummary: incidents.publicSummary,
      verification: incidents.verification,
      visibility: incidents.visibility,
      townEn: towns.nameEn,
      townUk: towns.nameUk,
      townRu: towns.nameRu,
    })
    .from(incidents)
    .leftJoin(towns, eq(incidents.townId, towns.id))
    .orderBy(desc(incidents.occurredAt))
    .limit(limit);
}

export type ReviewIncident = Awaited<ReturnType<typeof listIncidentsForReview>>[number];
