import "server-only";
import { desc, eq } from "drizzle-orm";
import type { RouteStatus, SourceKind, StatusReasonCode } from "@/db/schema/enums";
import { EMPTY_LOCALIZED_TEXT, type LocalizedText } from "@/lib/localized-text";
import { sortedInstructions, type StatusInstruction } from "@/lib/instruction-codes";
import { sortedReasonCodes } from "@/lib/reason-codes";
import { assertRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";
import type { Db, Tx } from "../client";
import { routes, routeStatusEvents } from "../schema/routes";
import { sources } from "../schema/sources";
import { users } from "../schema/users";
import { writeAudit } from "./audit";
import { lockRouteAtVersion } from "./route-lock";

export type StatusSourceInput = { kind: SourceKind; outlet: string; url: string | null };

export type StatusUpdateInput = {
  routeId: string;
  /** The route version the coordinator was looking at: a newer one refuses the update. */
  baseVersion: number;
  status: RouteStatus;
  /** From the closed list: what every reader can read in their language. */
  reasonCodes: StatusReasonCode[];
  /** Optional detail in any of the three languages. */
  reason: LocalizedText;
  /** What residents should do, from the closed list; none: the report derives it from the state. */
  instructions?: StatusInstruction[];
  source: StatusSourceInput | null;
};

/**
 * Records a status (new or the same) with its reason, confirmed now, as a new history event.
 * Clears the review flag: a coordinator has looked at the route.
 */
async function recordStatus(
  db: Db,
  actor: SessionUser,
  input: StatusUpdateInput,
  kind: "update" | "confirm",
  now: Date,
): Promise<{ version: number; confirmedAt: Date }> {
  return db.transaction(async (tx) => {
    const before = await lockRouteAtVersion(tx, input.routeId, input.baseVersion);
    return writeStatus(tx, actor, before, { ...input, kind, now });
  });
}

/**
 * The write itself, on a route already locked and checked at the version the coordinator saw:
 * the route row, its history event and its audit row. Also used by the area action, which
 * locks all of a town's routes in one transaction. `area` names the town in the audit row.
 */
export async function writeStatus(
  tx: Tx,
  actor: SessionUser,
  before: typeof routes.$inferSelect,
  input: Pick<StatusUpdateInput, "status" | "reasonCodes" | "reason" | "instructions" | "source"> & { kind: "update" | "confirm"; now: Date; area?: { townId: string } },
): Promise<{ version: number; confirmedAt: Date }> {
  const { kind, now } = input;
  const status = kind === "confirm" ? before.status : input.status;
  const reason = kind === "confirm" ? before.statusReason : input.reason;
  const reasonCodes = kind === "confirm" ? before.statusReasonCodes : sortedReasonCodes(input.reasonCodes);
  // Instructions belong to the status they were given with: a new status starts with none chosen.
  const instructions = kind === "confirm" ? before.statusInstructions : sortedInstructions(input.instructions ?? []);
  let sourceId: string | null = null;
  if (input.source) {
    const [source] = await tx
      .insert(sources)
      .values({ ...input.source, createdBy: actor.id })
      .returning({ id: sources.id });
    sourceId = source!.id;
  }
  const version = before.version + 1;
  // Triggers: a status, reason or first/renewed confirmation queues residents' messages (message_outbox), and the public version is bumped.
  await tx
    .update(routes)
    .set({
      status,
      statusReasonCodes: reasonCodes,
      statusReason: reason,
      statusInstructions: instructions,
      statusConfirmedAt: now,
      statusConfirmedBy: actor.id,
      reviewFlaggedAt: null,
      reviewFlagIncidentId: null,
      version,
      updatedAt: now,
      updatedBy: actor.id,
    })
    .where(eq(routes.id, before.id));
  const [event] = await tx
    .insert(routeStatusEvents)
    .values({ routeId: before.id, kind, status, reasonCodes, reason, instructions, sourceId, confirmedAt: now, createdBy: actor.id, routeVersion: version })
    .returning({ id: routeStatusEvents.id });
  await writeAudit(tx, {
    actor,
    action: kind === "confirm" ? "route.status.confirm" : "route.status.update",
    entityType: "route",
    entityId: before.id,
    before: { status: before.status, reasonCodes: before.statusReasonCodes, reason: before.statusReason, instructions: before.statusInstructions, confirmedAt: before.statusConfirmedAt, reviewFlaggedAt: before.reviewFlaggedAt, version: before.version },
    after: { status, reasonCodes, reason, instructions, confirmedAt: now, sourceId, eventId: event!.id, version, ...(input.area ? { areaTownId: input.area.townId } : {}) },
  });
  return { version, confirmedAt: now };
}

export async function updateRouteStatus(db: Db, actor: SessionUser | null, { now = new Date(), ...input }: StatusUpdateInput & { now?: Date }) {
  assertRole(actor, "coordinator");
  return recordStatus(db, actor, input, "update", now);
}

/** "Confirm unchanged": the same status and reason, vouched for again now. */
export async function confirmRouteStatus(
  db: Db,
  actor: SessionUser | null,
  { now = new Date(), ...input }: Pick<StatusUpdateInput, "routeId" | "baseVersion"> & { now?: Date },
) {
  assertRole(actor, "coordinator");
  return recordStatus(db, actor, { ...input, status: "unknown", reasonCodes: [], reason: EMPTY_LOCALIZED_TEXT, source: null }, "confirm", now);
}

/** A route's status history, newest first, with who recorded each event (internal) and its source. */
export async function listStatusHistoryForCoordinators(db: Db, actor: SessionUser | null, routeId: string, limit = 100) {
  assertRole(actor, "coordinator");
  return db
    .select({
      id: routeStatusEvents.id,
      kind: routeStatusEvents.kind,
      status: routeStatusEvents.status,
      reasonCodes: routeStatusEvents.reasonCodes,
      reason: routeStatusEvents.reason,
      instructions: routeStatusEvents.instructions,
      confirmedAt: routeStatusEvents.confirmedAt,
      byEmail: users.email,
      source: { outlet: sources.outlet, url: sources.url, kind: sources.kind },
    })
    .from(routeStatusEvents)
    .leftJoin(users, eq(routeStatusEvents.createdBy, users.id))
    .leftJoin(sources, eq(routeStatusEvents.sourceId, sources.id))
    .where(eq(routeStatusEvents.routeId, routeId))
    .orderBy(desc(routeStatusEvents.confirmedAt), desc(routeStatusEvents.routeVersion))
    .limit(limit);
}
