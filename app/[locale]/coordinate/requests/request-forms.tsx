"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { OneClickForm } from "@/components/forms/one-click-form";
import { RecordFields } from "@/components/forms/record-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { formKey } from "@/components/forms/use-field-error";
import { IDLE } from "@/lib/forms/form-state";
import type { TransportRequestStatus } from "@/lib/transport-requests";
import { changeTransportRequestStatusAction, claimTransportRequestAction, mergeTransportRequestAction, releaseTransportRequestAction } from "./actions";

/** Claim for the coordinator's organisation; a stale claim of another organisation is taken over the same way. */
export function ClaimButton({ id, version, takeOver }: { id: string; version: number; takeOver: boolean }) {
  const t = useTranslations("requests");
  return (
    <OneClickForm
      action={claimTransportRequestAction}
      record={{ id, version }}
      label={takeOver ? t("takeOver") : t("claim")}
      className="form inline-form"
      buttonClassName="button"
    />
  );
}

export function ReleaseButton({ id, version }: { id: string; version: number }) {
  const t = useTranslations("requests");
  return <OneClickForm action={releaseTransportRequestAction} record={{ id, version }} label={t("release")} hint={t("releaseHint")} className="form inline-form" buttonClassName="button button-secondary" />;
}

/** The next steps the status machine allows, on the version the coordinator saw. */
export function RequestStatusForm({ id, version, next }: { id: string; version: number; next: readonly TransportRequestStatus[] }) {
  const [state, action] = useActionState(changeTransportRequestStatusAction, IDLE);
  const t = useTranslations("requests");
  return (
    <form action={action} className="form" key={formKey(state)} noValidate aria-labelledby="request-status-title">
      <FormMessage state={state} />
      <RecordFields record={{ id, version }} state={state} />
      <SelectField name="status" label={t("newStatus")} state={state} options={next.map((s) => ({ value: s, label: t(`status_${s}`) }))} placeholder={t("chooseStatus")} required />
      <SubmitButton>{t("changeStatus")}</SubmitButton>
    </form>
  );
}

/** Marks this request a duplicate of another: the other's link (or id), prefilled with the suggested one. */
export function MergeForm({ id, version, suggested }: { id: string; version: number; suggested: string | null }) {
  const [state, action] = useActionState(mergeTransportRequestAction, IDLE);
  const t = useTranslations("requests");
  return (
    <form action={action} className="form" key={formKey(state)} noValidate aria-labelledby="request-merge-title">
      <FormMessage state={state} />
      <RecordFields record={{ id, version }} state={state} />
      <TextField name="intoId" label={t("mergeInto")} hint={t("mergeHint")} state={state} defaultValue={suggested ?? ""} required />
      <SubmitButton className="button button-secondary">{t("merge")}</SubmitButton>
    </form>
  );
}

/**
 * On the kept request's page: merges another request (on the version listed) into this one in one
 * step, and comes back here.
 */
export function MergeHereButton({ duplicate, intoId, label }: { duplicate: { id: string; version: number }; intoId: string; label: string }) {
  const [state, action] = useActionState(mergeTransportRequestAction, IDLE);
  return (
    <form action={action} className="form inline-form">
      <FormMessage state={state} />
      <RecordFields record={duplicate} state={state} />
      <input type="hidden" name="intoId" value={intoId} />
      <input type="hidden" name="show" value="kept" />
      <SubmitButton className="button button-secondary">{label}</SubmitButton>
    </form>
  );
}
