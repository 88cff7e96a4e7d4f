"use server";

import { runFormAction } from "@/auth/form-action";
import { confirmReceptionPoint, createReceptionPoint, updateReceptionPoint } from "@/db/queries/reception-points";
import { redirectInPageLocale } from "@/i18n/action-locale";
import type { FormState } from "@/lib/forms/form-state";
import { receptionPointConfirmSchema, receptionPointCreateSchema, receptionPointEditSchema } from "@/lib/forms/reception-point-schema";
import { revalidatePublicPages } from "@/server/revalidate-public";

export async function createReceptionPointAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: receptionPointCreateSchema,
    write: (db, user, input) => createReceptionPoint(db, user, { input, now: new Date() }),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale(`/coordinate/reception/${outcome.result.id}?saved=1`);
}

export async function updateReceptionPointAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: receptionPointEditSchema,
    write: (db, user, { id, version, ...input }) => updateReceptionPoint(db, user, { id, baseVersion: version, input, now: new Date() }),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale("/coordinate/reception?saved=1");
}

/** "Still right": the counts confirmed unchanged, in one tap. */
export async function confirmReceptionPointAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: receptionPointConfirmSchema,
    write: (db, user, { id, version }) => confirmReceptionPoint(db, user, { id, baseVersion: version, now: new Date() }),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale("/coordinate/reception?confirmed=1");
}
