"use server";

import { runFormAction } from "@/auth/form-action";
import { redirectInPageLocale } from "@/i18n/action-locale";
import { addClaim, applyAgreementAction, createAgreement, updateAgreement } from "@/db/queries/agreements";
import type { AgreementAction } from "@/lib/agreement-window";
import type { FormState } from "@/lib/forms/form-state";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { agreementActionSchema, agreementEditSchema, agreementFormSchema, claimFormSchema } from "./schemas";

export async function createAgreementAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: agreementFormSchema,
    write: (db, user, input) => createAgreement(db, user, { input }),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale(`/coordinate/agreements/${outcome.result.id}?saved=1`);
}

export async function updateAgreementAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: agreementEditSchema,
    write: (db, user, { id, version, ...input }) => updateAgreement(db, user, { id, baseVersion: version, input }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale(`/coordinate/agreements/${outcome.result.id}?saved=1`);
}

/** One lifecycle button: the version the coordinator saw, refused if the state no longer allows it. */
async function runLifecycleAction(action: AgreementAction, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: agreementActionSchema,
    write: (db, user, { id, version }) => applyAgreementAction(db, user, { id, baseVersion: version, action }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale(`/coordinate/agreements/${outcome.result.id}?done=${action}`);
}

export async function agreeAgreementAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runLifecycleAction("agree", formData);
}

export async function suspendAgreementAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runLifecycleAction("suspend", formData);
}

export async function markAgreementViolatedAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runLifecycleAction("markViolated", formData);
}

export async function rejectAgreementAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runLifecycleAction("reject", formData);
}

export async function cancelAgreementAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runLifecycleAction("cancel", formData);
}

export async function addClaimAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: claimFormSchema,
    write: (db, user, { agreementId, ...input }) => addClaim(db, user, { agreementId, input }).then(() => ({ agreementId })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale(`/coordinate/agreements/${outcome.result.agreementId}?claim=1#ledger-title`);
}
