"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/forms/field";
import { CheckboxChoices } from "@/components/forms/checkbox-choices";
import { FormMessage } from "@/components/forms/form-message";
import { LocalizedTextFields } from "@/components/forms/localized-text-fields";
import { OneClickForm } from "@/components/forms/one-click-form";
import { RecordFields } from "@/components/forms/record-fields";
import { SourcesFieldset, type SourceRowValues } from "@/components/forms/sources-fieldset";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, submittedRowCount, useErrorText, valueOf, valuesOf } from "@/components/forms/use-field-error";
import { PARTY_ROLES } from "@/lib/enum-values";
import type { AgreementAction } from "@/lib/agreement-window";
import { IDLE, type FormState } from "@/lib/forms/form-state";
import type { LocalizedText } from "@/lib/localized-text";
import { AGREEMENT_TERMS_MAX, AGREEMENT_TITLE_MAX, PARTIES_MAX, PARTY_NAME_MAX, REPRESENTATIVE_MAX } from "@/lib/forms/limits";
import {
  agreeAgreementAction,
  cancelAgreementAction,
  createAgreementAction,
  markAgreementViolatedAction,
  rejectAgreementAction,
  suspendAgreementAction,
  updateAgreementAction,
} from "./actions";

export type PartyRowValues = { id: string; name: string; role: string; representative: string };

export type AgreementFormValues = {
  id: string;
  version: number;
  title: LocalizedText;
  routeIds: string[];
  parties: PartyRowValues[];
  /** datetime-local values in Kyiv time. */
  windowStart: string;
  windowEnd: string;
  terms: LocalizedText;
  sources: SourceRowValues[];
};

type Option = { value: string; label: string };


/** Create (no `agreement`) or edit an agreement. Its stored state changes only through the lifecycle buttons. */
export function AgreementForm({ agreement, routes, townChosen }: { agreement?: AgreementFormValues; routes: Option[]; townChosen: boolean }) {
  const [state, action] = useActionState(agreement ? updateAgreementAction : createAgreementAction, IDLE);
  const t = useTranslations("agreements");
  return (
    <form action={action} className="form" key={formKey(state)} noValidate>
      <FormMessage state={state} />
      <RecordFields record={agreement} state={state} />
      <LocalizedTextFields name="title" legend={t("titleLabel")} hint={t("titleHint")} state={state} defaultValue={agreement?.title} limit={AGREEMENT_TITLE_MAX} required />
      <RouteChoices state={state} routes={routes} checked={agreement?.routeIds ?? []} townChosen={townChosen} />
      <PartiesFieldset state={state} initial={agreement?.parties ?? []} />
      <fieldset className="window-fieldset">
        <legend>{t("windowLegend")}</legend>
        <TextField name="windowStart" type="datetime-local" label={t("windowStart")} hint={t("windowHint")} state={state} defaultValue={agreement?.windowStart} required />
        <TextField name="windowEnd" type="datetime-local" label={t("windowEnd")} hint={t("windowHint")} state={state} defaultValue={agreement?.windowEnd} required />
      </fieldset>
      <LocalizedTextFields name="terms" legend={t("termsLabel")} hint={t("termsHint")} state={state} defaultValue={agreement?.terms} limit={AGREEMENT_TERMS_MAX} multiline rows={4} />
      <SourcesFieldset state={state} initial={agreement?.sources ?? []} legend={t("sourcesLegend")} />
      <SubmitButton>{agreement ? t("saveAgreement") : t("createAgreement")}</SubmitButton>
    </form>
  );
}

/**
 * The covered routes as checkboxes ("routeIds[]"), with the group's error beside them: the routes
 * of the town chosen above the form, and those the agreement already covers.
 */
function RouteChoices({ state, routes, checked, townChosen }: { state: FormState; routes: Option[]; checked: string[]; townChosen: boolean }) {
  const t = useTranslations("agreements");
  const tr = useTranslations("routeChoice");
  const errorText = useErrorText();
  return (
    <CheckboxChoices
      name="routeIds[]"
      legend={t("routesLegend")}
      hint={t("routesHint")}
      error={errorText(fieldErrorOf(state, "routeIds") ?? fieldErrorOf(state, "routeIds.0"))}
      options={routes}
      chosen={new Set(valuesOf(state, "routeIds", checked))}
      empty={townChosen ? tr("noRoutesForTown") : tr("chooseTownFirst")}
    />
  );
}

/**
 * Repeatable party rows named "parties.N.field", each keeping its id (hidden) so an edit updates
 * the party its claims point to. Without JavaScript the rows rendered by the server still submit;
 * "Add a party" needs it. A row left blank is ignored, so clearing a row removes that party.
 */
function PartiesFieldset({ state, initial }: { state: FormState; initial: PartyRowValues[] }) {
  const t = useTranslations("agreements");
  const errorText = useErrorText();
  const [rows, setRows] = useState(() => Math.min(PARTIES_MAX, Math.max(submittedRowCount(state, "parties"), initial.length + 1, 2)));
  const groupError = errorText(fieldErrorOf(state, "parties"));
  const roles = PARTY_ROLES.map((role) => ({ value: role, label: t(`role_${role}`) }));
  return (
    <fieldset className="parties-fieldset">
      <legend>{t("partiesLegend")}</legend>
      <p className="hint">{t("partiesHint")}</p>
      {groupError && (
        <p className="field-error">
          <span aria-hidden="true">⚠ </span>
          {groupError}
        </p>
      )}
      {Array.from({ length: rows }, (_, i) => {
        const row = initial[i];
        return (
          <fieldset key={i} className="party-row">
            <legend>{t("partyRow", { n: i + 1 })}</legend>
            <input type="hidden" name={`parties.${i}.id`} value={valueOf(state, `parties.${i}.id`, row?.id ?? "")} />
            <TextField name={`parties.${i}.name`} label={t("partyName")} state={state} defaultValue={row?.name} limit={PARTY_NAME_MAX} />
            <SelectField name={`parties.${i}.role`} label={t("partyRole")} state={state} defaultValue={row?.role ?? ""} options={roles} placeholder={t("chooseRole")} />
            <TextField name={`parties.${i}.representative`} label={t("partyRepresentative")} state={state} defaultValue={row?.representative} limit={REPRESENTATIVE_MAX} />
          </fieldset>
        );
      })}
      {rows < PARTIES_MAX && (
        <button type="button" className="button button-secondary" onClick={() => setRows((n) => Math.min(PARTIES_MAX, n + 1))}>
          {t("addParty")}
        </button>
      )}
    </fieldset>
  );
}

const LIFECYCLE_ACTIONS: Record<AgreementAction, (previous: FormState, formData: FormData) => Promise<FormState>> = {
  agree: agreeAgreementAction,
  suspend: suspendAgreementAction,
  markViolated: markAgreementViolatedAction,
  reject: rejectAgreementAction,
  cancel: cancelAgreementAction,
};

/** One button per step the stored state allows, each carrying the version the coordinator saw. */
export function LifecycleButtons({ id, version, actions }: { id: string; version: number; actions: AgreementAction[] }) {
  const t = useTranslations("agreements");
  return (
    <div className="lifecycle">
      {actions.map((action) => (
        <OneClickForm
          key={action}
          action={LIFECYCLE_ACTIONS[action]}
          record={{ id, version }}
          label={t(`action_${action}`)}
          hint={t(`actionHint_${action}`)}
          className="form lifecycle-form"
          buttonClassName={action === "agree" ? "button" : action === "suspend" ? "button button-secondary" : "button button-danger"}
        />
      ))}
    </div>
  );
}
