import "server-only";
import { and, desc, eq, gte, isNull, or } from "drizzle-orm";
import { EMPTY_LOCALIZED_TEXT, hasAnyText, type LocalizedText } from "@/lib/localized-text";
import type { TransportRequestStatus } from "@/lib/transport-requests";
import type { AssignmentEndReason, RunOutcome, TransportRunStatus } from "@/lib/transport-runs";
import type { Db } from "../client";
import { routes } from "../schema/routes";
import { transportRequests } from "../schema/transport-requests";
import { transportRunAssignments, transportRuns } from "../schema/transport-runs";

// What a delivery job telling a requester about their own request reads: the request's state and
// its sealed contact, and the run they are on (its reference, time window and meeting place),
// nothing else (not which organisation, not any note, not the crew's contact). No staff actor and
// no audit row: no person sees the contact, it is opened in the worker only to hand it to the
// gateway, as a subscriber's address is.

export type RequesterRun = {
  referenceCode: string;
  status: TransportRunStatus;
  departsFrom: Date;
  departsUntil: Date;
  /** No route and no meeting place named: the crew comes to the requester's address. */
  doorToDoor: boolean;
  /** The run's own meeting place, else its route's assembly point; empty texts when neither is set. */
  assemblyPoint: LocalizedText;
  outcome: RunOutcome | null;
  endReason: AssignmentEndReason | null;
};

export type RequesterUpdateRow = {
  referenceCode: string;
  status: TransportRequestStatus;
  claimed: boolean;
  locale: string;
  personalSealed: string | null;
  /** The channels the person sent STOP on for this request asked elsewhere: it is not told there. */
  refused: ResidentChannelName[];
  run: RequesterRun | null;
};

type ResidentChannelName = "telegram" | "sms";

export async function getRequesterUpdateRow(db: Db, requestId: string): Promise<RequesterUpdateRow | null> {
  const [row] = await db
    .select({
      referenceCode: transportRequests.referenceCode,
      status: transportRequests.status,
      claimedBy: transportRequests.claimedByOrganisationId,
      locale: transportRequests.locale,
      personalSealed: transportRequests.personalSealed,
      smsRefusedAt: transportRequests.smsRefusedAt,
      telegramRefusedAt: transportRequests.telegramRefusedAt,
      lastProgressAt: transportRequests.lastProgressAt,
    })
    .from(transportRequests)
    .where(eq(transportRequests.id, requestId));
  if (!row) return null;
  // The open assignment, else one that ended with the request's latest change (taken off, run
  // cancelled): an assignment that ended before a later change is old news.
  const [assignment] = await db
    .select({
      referenceCode: transportRuns.referenceCode,
      status: transportRuns.status,
      departsFrom: transportRuns.departsFrom,
      departsUntil: transportRuns.departsUntil,
      routeId: transportRuns.routeId,
      runAssemblyPoint: transportRuns.assemblyPoint,
      routeAssemblyPoint: routes.assemblyPoint,
      outcome: transportRunAssignments.outcome,
      endReason: transportRunAssignments.endReason,
    })
    .from(transportRunAssignments)
    .innerJoin(transportRuns, eq(transportRunAssignments.runId, transportRuns.id))
    .leftJoin(routes, eq(transportRuns.routeId, routes.id))
    .where(and(eq(transportRunAssignments.requestId, requestId), or(isNull(transportRunAssignments.endedAt), gte(transportRunAssignments.endedAt, row.lastProgressAt))))
    .orderBy(desc(isNull(transportRunAssignments.endedAt)), desc(transportRunAssignments.updatedAt))
    .limit(1);
  const run: RequesterRun | null = assignment
    ? {
        referenceCode: assignment.referenceCode,
        status: assignment.status,
        departsFrom: assignment.departsFrom,
        departsUntil: assignment.departsUntil,
        doorToDoor: assignment.routeId === null && !hasAnyText(assignment.runAssemblyPoint),
        assemblyPoint: hasAnyText(assignment.runAssemblyPoint) ? assignment.runAssemblyPoint : (assignment.routeAssemblyPoint ?? EMPTY_LOCALIZED_TEXT),
        outcome: assignment.outcome,
        endReason: assignment.endReason,
      }
    : null;
  const refused: ResidentChannelName[] = [...(row.telegramRefusedAt ? (["telegram"] as const) : []), ...(row.smsRefusedAt ? (["sms"] as const) : [])];
  return { referenceCode: row.referenceCode, status: row.status, claimed: row.claimedBy !== null, locale: row.locale, personalSealed: row.personalSealed, refused, run };
}
