import "server-only";
import { and, asc, desc, eq, gt, max, ne, sql } from "drizzle-orm";
import { routesNear } from "@/lib/geo/proximity";
import { fieldChanges } from "@/lib/incident-changes";
import { applyReview, REVIEW_ACTIONS_NEEDING_NOTE, type ReviewAction } from "@/lib/incident-review";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db, Tx } from "../client";
import { incidentRevisions, incidents } from "../schema/incidents";
import { towns } from "../schema/places";
import { routes } from "../schema/routes";
import { writeAudit } from "./audit";
import { flagRoutesNear, locationOf } from "./incident-writes";
import { staleVersionError } from "./stale-version";
import { lockActorWithRole } from "./users";
import { NotFoundError, RefusedWriteError } from "./write-errors";

export type ReviewResult = { id: string; version: number; flaggedRoutes: string[]; unflaggedRoutes: string[] };

/**
 * An admin's review of an incident made on `baseVersion`: verify, dispute, retract (mark false),
 * publish or unpublish. The new state, a revision with the reviewer's internal note, the route
 * flags it implies and the audit row are written in one transaction, or nothing is.
 */
export async function reviewIncident(
  db: Db,
  actor: SessionUser | null,
  { flagKm, now = new Date(), ...input }: { id: string; baseVersion: number; action: ReviewAction; note: string; flagKm: number; now?: Date },
): Promise<ReviewResult> {
  assertRole(actor, "admin");
  const note = input.note.trim();
  if (REVIEW_ACTIONS_NEEDING_NOTE.includes(input.action) && note === "") throw new RefusedWriteError("note", { code: "reviewNoteRequired" });
  return db.transaction(async (tx) => {
    await lockActorWithRole(tx, actor, "admin");
    // The incident is locked before any route, the same order as an incident edit.
    const [before] = await tx.select().from(incidents).where(eq(incidents.id, input.id)).for("update");
    if (!before) throw new NotFoundError("incident");
    if (before.version !== input.baseVersion) {
      throw await staleVersionError(tx, "incident", { version: before.version, updatedAt: before.updatedAt, updatedBy: before.updatedBy });
    }
    const outcome = applyReview(before, input.action);
    if (!outcome.ok) throw new RefusedWriteError("form", { code: outcome.code });
    const { next } = outcome;
    const version = before.version + 1;
    await tx
      .update(incidents)
      .set({ ...next, version, updatedAt: now, updatedBy: actor.id })
      .where(eq(incidents.id, input.id));
    const changes = fieldChanges(
      { verification: before.verification, visibility: before.visibility },
      { verification: next.verification, visibility: next.visibility },
    );
    const [last] = await tx.select({ n: max(incidentRevisions.revision) }).from(incidentRevisions).where(eq(incidentRevisions.incidentId, input.id));
    await tx
      .insert(incidentRevisions)
      .values({ incidentId: input.id, revision: (last?.n ?? 0) + 1, action: input.action, changes, note, changedBy: actor.id, changedAt: now });

    let flaggedRoutes: string[] = [];
    let unflaggedRoutes: string[] = [];
    if (next.verification === "false" && before.verification !== "false") {
      unflaggedRoutes = await withdrawFlags(tx, actor, input.id, flagKm, now);
    } else if (before.verification === "false" && next.verification !== "false") {
      // A retraction undone: the routes near it need a look again.
      flaggedRoutes = await flagRoutesNear(tx, actor, { incidentId: input.id, at: await locationOf(tx, before), flagKm, now });
    }
    await writeAudit(tx, {
      actor,
      action: `incident.${input.action}`,
      entityType: "incident",
      entityId: input.id,
      before: { verification: before.verification, visibility: before.visibility, version: before.version },
      after: { verification: next.verification, visibility: next.visibility, version, note, flaggedRoutes, unflaggedRoutes },
    });
    return { id: input.id, version, flaggedRoutes, unflaggedRoutes };
  });
}

/**
 * A retracted incident stops flagging routes. Each route it flagged is handed to the newest other
 * live incident near it reported since the route's last confirmation (that report still needs a
 * look), or has its flag cleared. The version moves either way, so a form showing the old flag is
 * refused. Returns the slugs whose flag was cleared.
 */
async function withdrawFlags(tx: Tx, actor: SessionUser, incidentId: string, flagKm: number, now: Date): Promise<string[]> {
  const flagged = await tx
    .select({ id: routes.id, slug: routes.slug, waypoints: routes.waypoints, confirmedAt: routes.statusConfirmedAt })
    .from(routes)
    .where(eq(routes.reviewFlagIncidentId, incidentId))
    .orderBy(asc(routes.id))
    .for("update");
  const cleared: string[] = [];
  for (const route of flagged) {
    // Only reports inside the line's bounding box widened by the flag distance can be near it:
    // the database narrows the candidates, the geodesic distance decides.
    const box = boundingBox(route.waypoints, flagKm);
    const lat = sql<number | null>`coalesce(${incidents.lat}, ${towns.lat})`;
    const lon = sql<number | null>`coalesce(${incidents.lon}, ${towns.lon})`;
    const candidates = await tx
      .select({ id: incidents.id, reportedAt: incidents.reportedAt, lat, lon })
      .from(incidents)
      .leftJoin(towns, eq(incidents.townId, towns.id))
      .where(
        and(
          ne(incidents.id, incidentId),
          ne(incidents.verification, "false"),
          route.confirmedAt ? gt(incidents.reportedAt, route.confirmedAt) : undefined,
          sql`${lat} between ${box.south} and ${box.north}`,
          sql`${lon} between ${box.west} and ${box.east}`,
        ),
      )
      .orderBy(desc(incidents.reportedAt));
    const successor = candidates.find((c) => c.lat !== null && c.lon !== null && routesNear({ lat: c.lat, lon: c.lon }, [route], flagKm).length > 0);
    // Triggers: a newly set review flag queues residents' messages (message_outbox); the public version is bumped.
    await tx
      .update(routes)
      .set({
        reviewFlagIncidentId: successor?.id ?? null,
        reviewFlaggedAt: successor ? successor.reportedAt : null,
        version: sql`${routes.version} + 1`,
        updatedAt: now,
        updatedBy: actor.id,
      })
      .where(eq(routes.id, route.id));
    if (!successor) cleared.push(route.slug);
  }
  return cleared;
}


/** The line's bounding box widened by `km` on every side (degrees of longitude shrink away from the equator). */
function boundingBox(waypoints: readonly (readonly [number, number])[], km: number) {
  const lats = waypoints.map(([, lat]) => lat);
  const lons = waypoints.map(([lon]) => lon);
  const dLat = km / 111.32;
  const widest = Math.max(...lats.map((l) => Math.abs(l))) + dLat;
  const dLon = widest >= 89 ? 180 : km / (111.32 * Math.cos((widest * Math.PI) / 180));
  return { south: Math.min(...lats) - dLat, north: Math.max(...lats) + dLat, west: Math.min(...lons) - dLon, east: Math.max(...lons) + dLon };
}
