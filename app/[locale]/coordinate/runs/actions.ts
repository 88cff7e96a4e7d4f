"use server";

import { runFormAction } from "@/auth/form-action";
import { assignRequestToRun, changeTransportRunStatus, createTransportRun, moveRequestToRun, recordRunOutcome, removeRequestFromRun, rescheduleTransportRun, setTransportRunReceptionPoint } from "@/db/queries/transport-runs";
import { redirectInPageLocale } from "@/i18n/action-locale";
import type { FormState } from "@/lib/forms/form-state";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { assignSchema, moveSchema, newRunSchema, outcomeSchema, removeSchema, rescheduleSchema, runReceptionPointSchema, runStatusSchema } from "./schemas";

// Every action: the session and role checked against the database, zod, one write that checks the
// run belongs to the actor's organisation and audits in its own transaction.

/** Plans a run; the crew's contact is sealed here, before anything reaches the database. */
export async function createTransportRunAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: newRunSchema,
    write: (db, user, { crewContact, ...input }) =>
      createTransportRun(db, user, { input: { ...input, crewContactSealed: crewContact ? getTransportRequestKeys().seal(crewContact) : null } }),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/runs/${outcome.result.id}?done=created`);
}

export async function assignToRunAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: assignSchema,
    write: (db, user, { runId, requestId }) => assignRequestToRun(db, user, { runId, requestId }).then(() => ({ runId })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/runs/${outcome.result.runId}?done=assigned`);
}

export async function moveToRunAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: moveSchema,
    write: (db, user, { runId, requestId, toRunId }) => moveRequestToRun(db, user, { requestId, toRunId }).then(() => ({ runId })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/runs/${outcome.result.runId}?done=moved`);
}

export async function removeFromRunAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: removeSchema,
    write: (db, user, { runId, requestId }) => removeRequestFromRun(db, user, { requestId }).then(() => ({ runId })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/runs/${outcome.result.runId}?done=removed`);
}

export async function recordRunOutcomeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: outcomeSchema,
    write: (db, user, input) => recordRunOutcome(db, user, input).then(() => ({ runId: input.runId })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/runs/${outcome.result.runId}?done=outcome`);
}

export async function changeTransportRunStatusAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: runStatusSchema,
    write: (db, user, { id, version, status, arrivedCount }) => changeTransportRunStatus(db, user, { id, baseVersion: version, status, arrivedCount: arrivedCount ?? undefined }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/runs/${outcome.result.id}?done=status`);
}

export async function rescheduleTransportRunAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: rescheduleSchema,
    write: (db, user, { id, version, departsFrom, departsUntil, assemblyPoint }) => rescheduleTransportRun(db, user, { id, baseVersion: version, departsFrom, departsUntil, assemblyPoint }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/runs/${outcome.result.id}?done=rescheduled`);
}

export async function setRunReceptionPointAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: runReceptionPointSchema,
    write: (db, user, { id, version, receptionPointId }) => setTransportRunReceptionPoint(db, user, { id, baseVersion: version, receptionPointId }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/runs/${outcome.result.id}?done=receptionPoint`);
}
