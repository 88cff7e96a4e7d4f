"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { RecordFields } from "@/components/forms/record-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { formKey } from "@/components/forms/use-field-error";
import { IDLE } from "@/lib/forms/form-state";
import { createOrganisationAction, updateOrganisationAction } from "./actions";
import { ORGANISATION_CONTACT_MAX, ORGANISATION_NAME_MAX, ORGANISATION_SHORT_NAME_MAX } from "./limits";

export type OrganisationFormValues = {
  id: string;
  version: number;
  shortName: string;
  nameUk: string;
  nameRu: string;
  nameEn: string;
  publicContact: string;
  /** Made by the page for this organisation: the action edits no other (server/security/record-proof.ts). */
  recordProof: string;
};

/** Create (no `organisation`) or edit one. */
export function OrganisationForm({ organisation }: { organisation?: OrganisationFormValues }) {
  const [state, action] = useActionState(organisation ? updateOrganisationAction : createOrganisationAction, IDLE);
  const t = useTranslations("organisations");
  return (
    <form action={action} className="form" key={formKey(state)} noValidate>
      <FormMessage state={state} />
      <RecordFields record={organisation} state={state} />
      {organisation && <input type="hidden" name="recordProof" value={organisation.recordProof} />}
      <TextField name="shortName" label={t("shortName")} hint={t("shortNameHint")} state={state} defaultValue={organisation?.shortName} limit={ORGANISATION_SHORT_NAME_MAX} required />
      <TextField name="nameUk" label={t("nameUk")} state={state} defaultValue={organisation?.nameUk} limit={ORGANISATION_NAME_MAX} lang="uk" required />
      <TextField name="nameRu" label={t("nameRu")} state={state} defaultValue={organisation?.nameRu} limit={ORGANISATION_NAME_MAX} lang="ru" required />
      <TextField name="nameEn" label={t("nameEn")} state={state} defaultValue={organisation?.nameEn} limit={ORGANISATION_NAME_MAX} lang="en" required />
      <TextField
        name="publicContact"
        label={t("publicContact")}
        hint={t("publicContactHint")}
        state={state}
        defaultValue={organisation?.publicContact}
        limit={ORGANISATION_CONTACT_MAX}
      />
      <SubmitButton>{organisation ? t("save") : t("create")}</SubmitButton>
    </form>
  );
}
