"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { CheckboxChoices } from "@/components/forms/checkbox-choices";
import { SelectField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { LocalizedTextFields } from "@/components/forms/localized-text-fields";
import { OneClickForm } from "@/components/forms/one-click-form";
import { RecordFields } from "@/components/forms/record-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf } from "@/components/forms/use-field-error";
import { IDLE } from "@/lib/forms/form-state";
import { RECEPTION_ADDRESS_MAX, RECEPTION_NAME_MAX } from "@/lib/forms/limits";
import type { LocalizedText } from "@/lib/localized-text";
import { RECEPTION_SERVICES, RECEPTION_STATUSES } from "@/lib/reception-points";
import { confirmReceptionPointAction, createReceptionPointAction, updateReceptionPointAction } from "./actions";

export type ReceptionPointValues = {
  id: string;
  version: number;
  townId: string;
  name: LocalizedText;
  address: LocalizedText;
  bedsTotal: number;
  bedsAccessible: number;
  bedsFree: number;
  bedsAccessibleFree: number;
  services: string[];
  status: string;
};

export function ReceptionPointForm({ point, towns }: { point?: ReceptionPointValues; towns: { value: string; label: string }[] }) {
  const [state, action] = useActionState(point ? updateReceptionPointAction : createReceptionPointAction, IDLE);
  const t = useTranslations("receptionStaff");
  const tr = useTranslations("receptionReport");
  const errorText = useErrorText();
  const submitted = valueOf(state, "services[]", point?.services.join("\n") ?? "");
  const number = (name: "bedsTotal" | "bedsAccessible" | "bedsFree" | "bedsAccessibleFree", hint?: string) => (
    <TextField name={name} label={t(name)} hint={hint} state={state} defaultValue={point?.[name] ?? ""} inputMode="numeric" required />
  );
  return (
    <form action={action} className="form" key={formKey(state)} noValidate>
      <FormMessage state={state} />
      <RecordFields record={point} state={state} />
      <SelectField name="townId" label={t("town")} state={state} defaultValue={point?.townId} options={towns} placeholder={t("chooseTown")} required />
      <LocalizedTextFields name="name" legend={t("name")} hint={t("nameHint")} state={state} defaultValue={point?.name} limit={RECEPTION_NAME_MAX} required />
      <LocalizedTextFields name="address" legend={t("address")} hint={t("addressHint")} state={state} defaultValue={point?.address} limit={RECEPTION_ADDRESS_MAX} required />
      <SelectField name="status" label={t("status")} state={state} defaultValue={point?.status ?? "open"} options={RECEPTION_STATUSES.map((s) => ({ value: s, label: tr(`status_${s}`) }))} />
      {number("bedsTotal")}
      {number("bedsFree")}
      {number("bedsAccessible", t("accessibleHint"))}
      {number("bedsAccessibleFree")}
      <CheckboxChoices
        name="services[]"
        legend={t("services")}
        hint={t("servicesHint")}
        error={errorText(fieldErrorOf(state, "services"))}
        options={RECEPTION_SERVICES.map((s) => ({ value: s, label: tr(`service_${s}`) }))}
        chosen={new Set(submitted.split("\n").filter(Boolean))}
      />
      <p className="hint">{t("savingConfirms")}</p>
      <SubmitButton>{point ? t("save") : t("create")}</SubmitButton>
    </form>
  );
}

/** One tap: the counts and status are still right as of now. */
export function ConfirmReceptionPointForm({ id, version }: { id: string; version: number }) {
  const t = useTranslations("receptionStaff");
  return <OneClickForm action={confirmReceptionPointAction} record={{ id, version }} label={t("stillRight")} hint={t("stillRightHint")} className="form inline-form" buttonClassName="button" />;
}
