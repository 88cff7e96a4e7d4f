"use server";

import { runFormAction } from "@/auth/form-action";
import { changeTransportRequestStatus, claimTransportRequest, createTransportRequest, mergeTransportRequests, releaseTransportRequest } from "@/db/queries/transport-requests";
import { redirectInPageLocale } from "@/i18n/action-locale";
import type { FormState } from "@/lib/forms/form-state";
import { requestFacts } from "@/lib/forms/request-facts";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { sealTransportRequestPersonal } from "@/server/transport-requests/personal";
import { claimRequestSchema, hotlineRequestSchema, mergeRequestSchema, releaseRequestSchema, requestStatusSchema } from "./schemas";

export async function claimTransportRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: claimRequestSchema,
    write: (db, user, { id }) => claimTransportRequest(db, user, { id }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/requests/${outcome.result.id}?done=claimed`);
}

export async function releaseTransportRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: releaseRequestSchema,
    write: (db, user, { id, version }) => releaseTransportRequest(db, user, { id, baseVersion: version }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/requests/${outcome.result.id}?done=released`);
}

export async function changeTransportRequestStatusAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: requestStatusSchema,
    write: (db, user, { id, version, status }) => changeTransportRequestStatus(db, user, { id, baseVersion: version, status }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/coordinate/requests/${outcome.result.id}?done=status`);
}

/** This request is a duplicate of another: closed as "duplicate", pointing at the other; both keep their history. */
export async function mergeTransportRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: mergeRequestSchema,
    write: (db, user, { id, version, intoId, show }) => mergeTransportRequests(db, user, { duplicateId: id, baseVersion: version, intoId }).then(() => ({ id, intoId, show })),
  });
  if (!outcome.ok) return outcome.state;
  const { id, intoId, show } = outcome.result;
  return redirectInPageLocale(show === "kept" ? `/coordinate/requests/${intoId}?done=mergedHere` : `/coordinate/requests/${id}?done=merged`);
}

/** A request phoned in: sealed here, before anything reaches the database; answered with its reference code. */
export async function createHotlineRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: hotlineRequestSchema,
    write: (db, user, input) =>
      createTransportRequest(db, user, {
        channel: "hotline",
        facts: requestFacts(input, { townSlug: input.townSlug, consentLocale: input.consent ? input.language : null }),
        sealed: sealTransportRequestPersonal(getTransportRequestKeys(), {
          name: input.name,
          phone: input.phone,
          telegram: input.telegram,
          address: input.address,
          point: null,
          medicalNote: input.medicalNote,
          noContactReason: input.noContactReason,
        }),
      }),
  });
  if (!outcome.ok) return outcome.state;
  return { status: "saved", message: "requestSaved", at: Date.now(), referenceCode: outcome.result.referenceCode };
}
