"use client";

import { useActionState, useId } from "react";
import { useTranslations } from "next-intl";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf, versionOf } from "@/components/forms/use-field-error";
import { TextAreaField, TextField, SelectField } from "@/components/forms/field";
import { ROUTE_STATUSES, SOURCE_KINDS, type RouteStatus } from "@/lib/enum-values";
import { IDLE } from "@/lib/forms/form-state";
import { confirmRouteStatusAction, updateRouteStatusAction } from "./actions";
import { REASON_MAX } from "@/lib/forms/limits";

type Props = { routeId: string; version: number; status: RouteStatus; routeLabel: string };

/**
 * "Update status" in two interactions on a phone: tap a status, tap the button (a reason is
 * typed too unless it is Open). Carries the version the coordinator saw, so a newer update by
 * someone else is shown instead of being overwritten.
 */
export function StatusForm({ routeId, version, status, routeLabel }: Props) {
  const [state, action] = useActionState(updateRouteStatusAction, IDLE);
  const t = useTranslations("coordinate");
  const ts = useTranslations("status");
  const tk = useTranslations("sourceKind");
  const errorText = useErrorText();
  const id = useId();
  const statusError = errorText(fieldErrorOf(state, "status"));
  const chosen = valueOf(state, "status", status);
  return (
    <form action={action} className="form status-form" key={formKey(state)} aria-label={t("updateStatus") + ": " + routeLabel}>
      <FormMessage state={state} />
      <input type="hidden" name="routeId" value={routeId} />
      <input type="hidden" name="version" value={versionOf(state, version)} />
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
      <TextAreaField name="reason" label={t("reason")} hint={t("reasonHint")} state={state} rows={2} maxLength={REASON_MAX} />
      <details className="source-details" open={Boolean(valueOf(state, "sourceOutlet", "") || valueOf(state, "sourceUrl", ""))}>
        <summary>{t("sourceSummary")}</summary>
        <TextField name="sourceOutlet" label={t("sourceOutlet")} state={state} maxLength={200} />
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
