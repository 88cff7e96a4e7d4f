"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { formKey } from "@/components/forms/use-field-error";
import { IDLE } from "@/lib/forms/form-state";
import { purgeTownTransportRequestsAction } from "./actions";

/** Choose the town, type its slug again, destroy. */
export function PurgeForm({ towns }: { towns: { value: string; label: string }[] }) {
  const [state, action] = useActionState(purgeTownTransportRequestsAction, IDLE);
  const t = useTranslations("requestPurge");
  return (
    <form action={action} className="form" key={formKey(state)} noValidate>
      <FormMessage state={state} />
      <SelectField name="townSlug" label={t("townToPurge")} placeholder={t("chooseTown")} options={towns} state={state} required />
      <TextField name="confirmTownSlug" label={t("confirm")} hint={t("confirmHint")} state={state} autoComplete="off" required />
      <SubmitButton>{t("submit")}</SubmitButton>
    </form>
  );
}
