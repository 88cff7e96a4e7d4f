"use server";

import { runFormAction } from "@/auth/form-action";
import { redirectInPageLocale } from "@/i18n/action-locale";
import { createOrganisation, updateOrganisation } from "@/db/queries/organisations";
import { RefusedWriteError } from "@/db/queries/write-errors";
import { isRecordProof } from "@/server/security/record-proof";
import type { FormState } from "@/lib/forms/form-state";
import { organisationCreateSchema, organisationEditSchema } from "./schemas";

// Admins only: runFormAction checks the session and role against the database, and each query
// function checks the role again and writes its audit row in its transaction.

export async function createOrganisationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: organisationCreateSchema,
    write: (db, user, input) => createOrganisation(db, user, input),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/admin/organisations/${outcome.result.id}?saved=created`);
}

export async function updateOrganisationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: organisationEditSchema,
    write: async (db, user, { id, version, recordProof, ...input }) => {
      // The id must be the one the page was rendered for: a form sent with another organisation's
      // id would put the values typed for this one on that one.
      if (!isRecordProof("organisation", id, recordProof)) throw new RefusedWriteError("form", { code: "formAltered" });
      await updateOrganisation(db, user, { id, baseVersion: version, input });
      return { id };
    },
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/admin/organisations/${outcome.result.id}?saved=updated`);
}
