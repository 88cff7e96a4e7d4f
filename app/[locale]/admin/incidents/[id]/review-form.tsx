"use client";

import { useActionState, useId } from "react";
import { useTranslations } from "next-intl";
import { TextAreaField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf } from "@/components/forms/use-field-error";
import { IDLE } from "@/lib/forms/form-state";
import { REVIEW_NOTE_MAX } from "@/lib/forms/limits";
import type { ReviewAction } from "@/lib/incident-review";
import { reviewIncidentAction } from "../actions";

/**
 * One decision at a time: choose what to do, say why (required to dispute or retract), record it.
 * The version is the one this page showed: if someone reviewed or edited the incident meanwhile,
 * the decision is refused and the admin reloads to see what changed, never deciding blind.
 */
export function ReviewForm({ id, version, locale, actions }: { id: string; version: number; locale: string; actions: ReviewAction[] }) {
  const [state, action] = useActionState(reviewIncidentAction, IDLE);
  const t = useTranslations("review");
  const errorText = useErrorText();
  const errorId = useId();
  const actionError = errorText(fieldErrorOf(state, "action"));
  const chosen = valueOf(state, "action", "");
  return (
    <form action={action} className="form review-form" key={formKey(state)} aria-label={t("formLabel")}>
      <FormMessage state={state} />
      {state.status === "conflict" && (
        <p>
          <a href={`/${locale}/admin/incidents/${id}`}>{t("reload")}</a>
        </p>
      )}
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <fieldset className="review-choice" aria-describedby={actionError ? errorId : undefined}>
        <legend>{t("decision")}</legend>
        {actionError && (
          <p className="field-error" id={errorId}>
            {actionError}
          </p>
        )}
        {actions.map((a) => (
          <label key={a} className="review-option">
            <input type="radio" name="action" value={a} defaultChecked={chosen === a} required />
            <span>
              {t(`action_${a}`)}
              <span className="hint"> — {t(`actionHint_${a}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <TextAreaField name="note" label={t("note")} hint={t("noteHint")} state={state} rows={3} limit={REVIEW_NOTE_MAX} />
      <SubmitButton>{t("submit")}</SubmitButton>
    </form>
  );
}
