"use client";

import { useActionState, useId } from "react";
import { useTranslations } from "next-intl";
import { CheckboxChoices } from "@/components/forms/checkbox-choices";
import { FormMessage } from "@/components/forms/form-message";
import { LocalizedTextFields } from "@/components/forms/localized-text-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, groupErrorOf, useErrorText, valueOf, valuesOf, versionOf } from "@/components/forms/use-field-error";
import { TextField, SelectField } from "@/components/forms/field";
import { ROUTE_STATUSES, SOURCE_KINDS, STATUS_REASON_CODES, type RouteStatus } from "@/lib/enum-values";
import { IDLE, type FormState } from "@/lib/forms/form-state";
import { INSTRUCTION_CODES } from "@/lib/instruction-codes";
import { REASON_MAX, SOURCE_OUTLET_MAX } from "@/lib/forms/limits";
import { confirmRouteStatusAction, updateRouteStatusAction } from "./actions";

type Props = { routeId: string; version: number; status: RouteStatus; routeLabel: string };

/**
 * "Update status" in a few taps on a phone: a status, its reasons from the closed list (unless
 * Open), the button. Details in words are optional, in any of the three languages. Carries the
 * version the coordinator saw, so a newer update by someone else is shown instead of being
 * overwritten.
 */
export function StatusForm({ routeId, version, status, routeLabel }: Props) {
  const [state, action] = useActionState(updateRouteStatusAction, IDLE);
  const t = useTranslations("coordinate");
  const tk = useTranslations("sourceKind");
  return (
    <form action={action} className="form status-form" key={formKey(state)} aria-label={t("updateStatus") + ": " + routeLabel}>
      <FormMessage state={state} />
      <input type="hidden" name="routeId" value={routeId} />
      <input type="hidden" name="version" value={versionOf(state, version)} />
      <StatusFields state={state} status={status} />
      <details className="source-details" open={Boolean(valueOf(state, "sourceOutlet", "") || valueOf(state, "sourceUrl", ""))}>
        <summary>{t("sourceSummary")}</summary>
        <TextField name="sourceOutlet" label={t("sourceOutlet")} state={state} limit={SOURCE_OUTLET_MAX} />
        <TextField name="sourceUrl" label={t("sourceUrl")} state={state} type="url" />
        <SelectField
          name="sourceKind"
          label={t("sourceKind")}
          state={state}
          defaultValue="other"
          options={SOURCE_KINDS.map((k) => ({ value: k, label: tk(k) }))}
        />
      </details>
      <SubmitButton>{t("updateStatus")}</SubmitButton>
    </form>
  );
}

/**
 * What a status update says, for one route or for every route out of a town: the status (`status`
 * chosen to start with, none when absent), its reasons from the closed list, details in words.
 */
export function StatusFields({ state, status }: { state: FormState; status?: RouteStatus }) {
  const t = useTranslations("coordinate");
  const ts = useTranslations("status");
  const errorText = useErrorText();
  const id = useId();
  const statusError = errorText(fieldErrorOf(state, "status"));
  const chosen = valueOf(state, "status", status ?? "");
  return (
    <>
      <fieldset className="status-choice" aria-describedby={statusError ? `${id}-status-error` : undefined}>
        <legend>{t("statusLegend")}</legend>
        {statusError && (
          <p className="field-error" id={`${id}-status-error`}>
            {statusError}
          </p>
        )}
        {ROUTE_STATUSES.map((s) => (
          <label key={s} className={`status-option status-option-${s}`}>
            <input type="radio" name="status" value={s} defaultChecked={chosen === s} required />
            {ts(s)}
          </label>
        ))}
      </fieldset>
      <ReasonCodesFieldset state={state} />
      <InstructionCodesFieldset state={state} />
      <LocalizedTextFields name="reason" legend={t("reasonDetails")} hint={t("reasonDetailsHint")} state={state} limit={REASON_MAX} multiline rows={2} />
    </>
  );
}

/**
 * The closed list of reasons as checkboxes ("reasonCodes[]"), worded in the page's language; the
 * same words every resident then reads in theirs. None is ticked to start with: a reason carried
 * over from the previous status would be published with the new one unless someone unticked it.
 */
function ReasonCodesFieldset({ state }: { state: FormState }) {
  const t = useTranslations("coordinate");
  const tr = useTranslations("reasonCode");
  const errorText = useErrorText();
  return (
    <CheckboxChoices
      name="reasonCodes[]"
      legend={t("reasonCodesLegend")}
      hint={t("reasonCodesHint")}
      error={errorText(groupErrorOf(state, "reasonCodes"))}
      options={STATUS_REASON_CODES.map((code) => ({ value: code, label: tr(code) }))}
      chosen={new Set(valuesOf(state, "reasonCodes", []))}
      className="reason-codes-choice"
      listClassName="choice-list reason-code-list"
    />
  );
}

/**
 * What residents should do, from the closed list ("instructionCodes[]"), each read in every
 * resident's own language; the two timed ones take their Kyiv time below. None ticked: the
 * report says what the status and corridor imply.
 */
export function InstructionCodesFieldset({ state }: { state: FormState }) {
  const t = useTranslations("coordinate");
  const ti = useTranslations("instructionCode");
  const errorText = useErrorText();
  return (
    <>
      <CheckboxChoices
        name="instructionCodes[]"
        legend={t("instructionCodesLegend")}
        hint={t("instructionCodesHint")}
        error={errorText(groupErrorOf(state, "instructionCodes"))}
        // The form names the code, not a sentence with an empty time in it.
        options={INSTRUCTION_CODES.map((code) => ({ value: code, label: ti(code, { time: "…" }) }))}
        chosen={new Set(valuesOf(state, "instructionCodes", []))}
        className="instruction-codes-choice"
        listClassName="choice-list reason-code-list"
      />
      <TextField name="assemblyAt" type="datetime-local" label={t("assemblyAt")} state={state} />
      <TextField name="checkpointClosesAt" type="datetime-local" label={t("checkpointClosesAt")} state={state} />
    </>
  );
}

/** Re-confirms the current status, unchanged, in one click (a new event with a new time). */
export function ConfirmUnchangedForm({ routeId, version, status, routeLabel }: Props) {
  const [state, action] = useActionState(confirmRouteStatusAction, IDLE);
  const t = useTranslations("coordinate");
  const ts = useTranslations("status");
  const hintId = useId();
  return (
    <form action={action} className="confirm-form" aria-label={t("confirmUnchanged") + ": " + routeLabel}>
      <FormMessage state={state} />
      <input type="hidden" name="routeId" value={routeId} />
      <input type="hidden" name="version" value={versionOf(state, version)} />
      <SubmitButton className="button button-secondary" describedBy={hintId}>
        {t("confirmUnchanged")}
      </SubmitButton>
      <p className="hint" id={hintId}>
        {t("confirmHint", { status: ts(status) })}
      </p>
    </form>
  );
}
