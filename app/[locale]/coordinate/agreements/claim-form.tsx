"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextAreaField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf } from "@/components/forms/use-field-error";
import { CLAIM_STANCES, SOURCE_KINDS } from "@/lib/enum-values";
import { IDLE } from "@/lib/forms/form-state";
import { CLAIM_STATEMENT_MAX, CLAIMANT_MAX, SOURCE_OUTLET_MAX } from "@/lib/forms/limits";
import { addClaimAction } from "./actions";

/**
 * Adds one party's public statement to the ledger: who said it, what, when (Kyiv time) and,
 * optionally, where it was reported (one source, the same fields as elsewhere: "sources.0.*").
 */
export function ClaimForm({ agreementId, parties }: { agreementId: string; parties: { value: string; label: string }[] }) {
  const [state, action] = useActionState(addClaimAction, IDLE);
  const t = useTranslations("agreements");
  const ts = useTranslations("sources");
  const tk = useTranslations("sourceKind");
  const errorText = useErrorText();
  const sourceError = errorText(fieldErrorOf(state, "sources"));
  const sourceGiven = ["outlet", "url", "publishedAt"].some((k) => valueOf(state, `sources.0.${k}`, "") !== "");
  return (
    <form action={action} className="form claim-form" key={formKey(state)} noValidate aria-labelledby="add-claim-title">
      <FormMessage state={state} />
      <input type="hidden" name="agreementId" value={agreementId} />
      <SelectField name="partyId" label={t("claimParty")} state={state} options={parties} placeholder={t("chooseParty")} required />
      <TextField name="claimant" label={t("claimant")} hint={t("claimantHint")} state={state} limit={CLAIMANT_MAX} />
      <SelectField
        name="stance"
        label={t("stance")}
        state={state}
        options={CLAIM_STANCES.map((s) => ({ value: s, label: t(`stance_${s}`) }))}
        placeholder={t("chooseStance")}
        required
      />
      <TextAreaField name="statement" label={t("statement")} state={state} rows={3} limit={CLAIM_STATEMENT_MAX} required />
      <TextField name="claimedAt" type="datetime-local" label={t("claimedAt")} hint={t("windowHint")} state={state} required />
      <details className="source-details" open={sourceGiven || Boolean(sourceError)}>
        <summary>{t("claimSourceSummary")}</summary>
        {sourceError && (
          <p className="field-error">
            <span aria-hidden="true">⚠ </span>
            {sourceError}
          </p>
        )}
        <TextField name="sources.0.outlet" label={ts("outlet")} state={state} limit={SOURCE_OUTLET_MAX} />
        <TextField name="sources.0.url" label={ts("url")} state={state} type="url" />
        <TextField name="sources.0.publishedAt" label={ts("publishedAt")} state={state} type="datetime-local" />
        <SelectField name="sources.0.kind" label={ts("kind")} state={state} defaultValue="other" options={SOURCE_KINDS.map((k) => ({ value: k, label: tk(k) }))} />
      </details>
      <SubmitButton>{t("addClaim")}</SubmitButton>
    </form>
  );
}
