"use client";

import { useActionState, useId } from "react";
import { useTranslations } from "next-intl";
import { CheckboxChoices } from "@/components/forms/checkbox-choices";
import { SelectField, TextAreaField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf } from "@/components/forms/use-field-error";
import { LOCALES } from "@/i18n/routing";
import { IDLE, type FormState } from "@/lib/forms/form-state";
import { REQUEST_ADDRESS_MAX, REQUEST_MEDICAL_NOTE_MAX, REQUEST_NAME_MAX, REQUEST_REASON_MAX, REQUEST_TELEGRAM_MAX } from "@/lib/forms/limits";
import { MEDICAL_NEEDS, MOBILITY_LEVELS, REQUESTER_KINDS } from "@/lib/transport-requests";
import { createHotlineRequestAction } from "./actions";

/** One checkbox with its error beside it in words (not colour alone). */
function Checkbox({ name, label, state }: { name: string; label: string; state: FormState }) {
  const errorText = useErrorText();
  const error = errorText(fieldErrorOf(state, name));
  const id = useId();
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label className="checkbox">
        <input type="checkbox" name={name} defaultChecked={valueOf(state, name, "") === "on"} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} /> {label}
      </label>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * For a coordinator on the phone: the questions in the order they are asked, the consent text to
 * read out, and the reference code to read back once it is saved.
 */
export function HotlineForm({ towns }: { towns: { value: string; label: string }[] }) {
  const [state, action] = useActionState(createHotlineRequestAction, IDLE);
  const t = useTranslations("requests");
  const errorText = useErrorText();
  const chosenNeeds = new Set(state.status === "invalid" ? (state.values["medicalNeeds[]"] ?? "").split("\n") : []);
  return (
    <form action={action} className="form" key={formKey(state)} noValidate aria-labelledby="hotline-title">
      {state.status === "saved" && state.referenceCode ? (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t("savedWithCode")} <strong data-testid="reference-code">{state.referenceCode}</strong>
        </p>
      ) : (
        <FormMessage state={state} />
      )}
      <SelectField name="townSlug" label={t("town")} state={state} options={towns} placeholder={t("chooseTown")} required />
      <SelectField name="requesterKind" label={t("requesterKind")} state={state} defaultValue="hotline" options={REQUESTER_KINDS.map((k) => ({ value: k, label: t(`requester_${k}`) }))} required />
      <TextField name="name" label={t("name")} state={state} limit={REQUEST_NAME_MAX} />
      <TextField name="peopleCount" label={t("peopleCount")} state={state} defaultValue="1" inputMode="numeric" required />
      <TextField name="childrenCount" label={t("childrenCount")} state={state} defaultValue="0" inputMode="numeric" required />
      <SelectField name="mobility" label={t("mobility")} state={state} options={MOBILITY_LEVELS.map((m) => ({ value: m, label: t(`mobility_${m}`) }))} placeholder={t("chooseMobility")} required />
      <Checkbox name="pets" label={t("petsQuestion")} state={state} />
      <CheckboxChoices
        name="medicalNeeds[]"
        legend={t("medical")}
        hint={t("medicalHint")}
        error={errorText(fieldErrorOf(state, "medicalNeeds") ?? fieldErrorOf(state, "medicalNeeds.0"))}
        options={MEDICAL_NEEDS.map((m) => ({ value: m, label: t(`medical_${m}`) }))}
        chosen={chosenNeeds}
      />
      <TextField name="medicalNote" label={t("medicalNote")} state={state} limit={REQUEST_MEDICAL_NOTE_MAX} />
      <TextField name="phone" label={t("phone")} hint={t("phoneHint")} state={state} autoComplete="off" />
      <TextField name="telegram" label={t("telegram")} hint={t("telegramHint")} state={state} limit={REQUEST_TELEGRAM_MAX} autoComplete="off" />
      <SelectField name="language" label={t("language")} state={state} defaultValue="uk" options={LOCALES.map((l) => ({ value: l, label: t(`language_${l}`) }))} required />
      <TextAreaField name="address" label={t("address")} hint={t("addressHint")} state={state} rows={3} limit={REQUEST_ADDRESS_MAX} required />
      <div className="consent-script">
        <p>{t("consentReadOut")}</p>
        <blockquote>{t("consentText")}</blockquote>
      </div>
      <Checkbox name="consent" label={t("consentGiven")} state={state} />
      <TextAreaField name="noContactReason" label={t("noContactReason")} hint={t("noContactReasonHint")} state={state} rows={2} limit={REQUEST_REASON_MAX} />
      <SubmitButton>{t("saveRequest")}</SubmitButton>
    </form>
  );
}
