"use client";

import { useActionState, useId, useState } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { LocalizedTextFields } from "@/components/forms/localized-text-fields";
import { RecordFields } from "@/components/forms/record-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { fieldErrorOf, formKey, useErrorText, valueOf } from "@/components/forms/use-field-error";
import { IDLE, type FormState } from "@/lib/forms/form-state";
import type { LocalizedText } from "@/lib/localized-text";
import { RUN_ASSEMBLY_POINT_MAX, RUN_CREW_CONTACT_MAX, RUN_OUTCOMES, VEHICLE_KINDS, type TransportRunStatus } from "@/lib/transport-runs";
import {
  assignToRunAction,
  changeTransportRunStatusAction,
  createTransportRunAction,
  moveToRunAction,
  recordRunOutcomeAction,
  removeFromRunAction,
  rescheduleTransportRunAction,
  setRunReceptionPointAction,
} from "./actions";

type Option = { value: string; label: string };

/**
 * A refusal tied to a field the form does not show (the request of a row's button, say) is shown
 * above the form as the reason, so "no stretcher place on this vehicle" is never lost.
 */
function withHiddenErrors(state: FormState, hidden: string[]): FormState {
  if (state.status !== "invalid" || state.formError) return state;
  const name = hidden.find((n) => state.fieldErrors[n]);
  return name ? { ...state, formError: state.fieldErrors[name] } : state;
}

function Checkbox({ name, label, state }: { name: string; label: string; state: FormState }) {
  return (
    <div className="field">
      <label className="checkbox">
        <input type="checkbox" name={name} defaultChecked={valueOf(state, name, "") === "on"} /> {label}
      </label>
    </div>
  );
}

/**
 * Plans a run. The reception points narrow to the destination chosen; without a script (or before
 * a destination is chosen) every point is listed with its town, and the data layer refuses one in
 * another town with the reason.
 */
export function NewRunForm({ towns, routes, receptionPoints }: { towns: Option[]; routes: Option[]; receptionPoints: Array<Option & { town: string }> }) {
  const [state, action] = useActionState(createTransportRunAction, IDLE);
  return <NewRunFields key={formKey(state)} state={state} action={action} towns={towns} routes={routes} receptionPoints={receptionPoints} />;
}

function NewRunFields({ state, action, towns, routes, receptionPoints }: { state: FormState; action: (formData: FormData) => void; towns: Option[]; routes: Option[]; receptionPoints: Array<Option & { town: string }> }) {
  const t = useTranslations("runs");
  // Keyed by the form's state: a refused submission starts again from the destination it sent.
  const [destination, setDestination] = useState(valueOf(state, "destinationTownSlug", ""));
  const points = destination ? receptionPoints.filter((p) => p.town === destination) : receptionPoints;
  return (
    <form action={action} className="form" noValidate aria-labelledby="new-run-title">
      <FormMessage state={state} />
      <SelectField name="vehicle" label={t("vehicle")} state={state} options={VEHICLE_KINDS.map((v) => ({ value: v, label: t(`vehicle_${v}`) }))} placeholder={t("chooseVehicle")} required />
      <TextField name="seats" label={t("seats")} hint={t("seatsHint")} state={state} defaultValue="0" inputMode="numeric" required />
      <TextField name="wheelchairPlaces" label={t("wheelchairPlaces")} state={state} defaultValue="0" inputMode="numeric" required />
      <TextField name="stretcherPlaces" label={t("stretcherPlaces")} state={state} defaultValue="0" inputMode="numeric" required />
      <Checkbox name="petsAllowed" label={t("petsAllowed")} state={state} />
      <SelectField name="routeId" label={t("route")} hint={t("routeHint")} state={state} options={routes} placeholder={t("doorToDoor")} />
      <SelectField name="townSlug" label={t("pickupTown")} hint={t("pickupTownHint")} state={state} options={towns} placeholder={t("chooseTown")} />
      <TextField name="departsFrom" type="datetime-local" label={t("departsFrom")} hint={t("kyivTime")} state={state} required />
      <TextField name="departsUntil" type="datetime-local" label={t("departsUntil")} hint={t("kyivTime")} state={state} required />
      <LocalizedTextFields name="assemblyPoint" legend={t("assemblyPoint")} hint={t("assemblyPointHint")} state={state} limit={RUN_ASSEMBLY_POINT_MAX} />
      <SelectField name="destinationTownSlug" label={t("destinationTown")} state={state} options={towns} placeholder={t("chooseTown")} required onChange={setDestination} />
      <SelectField name="receptionPointId" label={t("receptionPoint")} hint={t("receptionPointHint")} state={state} options={points} placeholder={t("noReceptionPoint")} />
      <TextField name="crewContact" label={t("crewContact")} hint={t("crewContactHint")} state={state} limit={RUN_CREW_CONTACT_MAX} />
      <SubmitButton>{t("create")}</SubmitButton>
    </form>
  );
}

/** Puts one of the organisation's claimed requests in the run's town on it; a mismatch is refused with the reason. */
export function AssignForm({ runId, requests }: { runId: string; requests: Option[] }) {
  const [state, action] = useActionState(assignToRunAction, IDLE);
  const t = useTranslations("runs");
  return (
    <form action={action} className="form" key={formKey(state)} noValidate aria-labelledby="assign-title">
      <FormMessage state={state} />
      <input type="hidden" name="runId" value={runId} />
      <SelectField name="requestId" label={t("request")} state={state} options={requests} placeholder={t("chooseRequest")} required />
      <SubmitButton>{t("assign")}</SubmitButton>
    </form>
  );
}

/** One person's row: move to another run, take off, or (once boarding) record the outcome. */
export function AssignmentActions({ runId, requestId, reference, otherRuns, canChange, canRecord }: { runId: string; requestId: string; reference: string; otherRuns: Option[]; canChange: boolean; canRecord: boolean }) {
  const t = useTranslations("runs");
  const [moveState, move] = useActionState(moveToRunAction, IDLE);
  const [removeState, remove] = useActionState(removeFromRunAction, IDLE);
  const [outcomeState, record] = useActionState(recordRunOutcomeAction, IDLE);
  const hidden = (
    <>
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="requestId" value={requestId} />
    </>
  );
  return (
    <div className="run-assignment-actions">
      {canRecord && (
        <form action={record} className="form inline-form" key={`o${formKey(outcomeState)}`} noValidate>
          <FormMessage state={withHiddenErrors(outcomeState, ["requestId", "runId"])} />
          {hidden}
          <SelectField name="outcome" label={t("outcomeFor", { reference })} state={outcomeState} options={RUN_OUTCOMES.map((o) => ({ value: o, label: t(`outcome_${o}`) }))} placeholder={t("chooseOutcome")} required />
          <SubmitButton className="button button-secondary">{t("recordOutcome")}</SubmitButton>
        </form>
      )}
      {canChange && otherRuns.length > 0 && (
        <form action={move} className="form inline-form" key={`m${formKey(moveState)}`} noValidate>
          <FormMessage state={withHiddenErrors(moveState, ["requestId", "runId"])} />
          {hidden}
          <SelectField name="toRunId" label={t("moveTo", { reference })} state={moveState} options={otherRuns} placeholder={t("chooseRun")} required />
          <SubmitButton className="button button-secondary">{t("move")}</SubmitButton>
        </form>
      )}
      {canChange && (
        <form action={remove} className="form inline-form" key={`r${formKey(removeState)}`}>
          <FormMessage state={withHiddenErrors(removeState, ["requestId", "runId"])} />
          {hidden}
          <SubmitButton className="button button-danger">{t("remove", { reference })}</SubmitButton>
        </form>
      )}
    </div>
  );
}

/** The lifecycle's next steps, each its own button; arrival asks for the count received (and says it lowers the point's free beds). */
export function RunStatusForm({ id, version, next, hasReceptionPoint }: { id: string; version: number; next: readonly TransportRunStatus[]; hasReceptionPoint: boolean }) {
  const t = useTranslations("runs");
  const [state, action] = useActionState(changeTransportRunStatusAction, IDLE);
  const errorText = useErrorText();
  const countId = useId();
  const countError = errorText(fieldErrorOf(state, "arrivedCount"));
  return (
    <div className="run-status-actions">
      <FormMessage state={withHiddenErrors(state, ["status"])} />
      {next.map((status) => (
        <form key={`${status}${formKey(state)}`} action={action} className="form inline-form" noValidate>
          <RecordFields record={{ id, version }} state={state} />
          <input type="hidden" name="status" value={status} />
          {status === "arrived" && (
            <div className={countError ? "field field-invalid" : "field"}>
              <label htmlFor={countId}>{t("arrivedCount")}</label>
              {hasReceptionPoint && (
                <p className="hint" id={`${countId}-hint`}>
                  {t("arrivedCountHint")}
                </p>
              )}
              {countError && (
                <p className="field-error" id={`${countId}-error`}>
                  <span aria-hidden="true">⚠ </span>
                  {countError}
                </p>
              )}
              <input id={countId} name="arrivedCount" inputMode="numeric" required aria-invalid={countError ? true : undefined} aria-describedby={[hasReceptionPoint ? `${countId}-hint` : "", countError ? `${countId}-error` : ""].filter(Boolean).join(" ") || undefined} />
            </div>
          )}
          <SubmitButton className={status === "cancelled" ? "button button-danger" : "button"}>{t(`toStatus_${status}`)}</SubmitButton>
        </form>
      ))}
    </div>
  );
}

/** A planned run's new window or meeting place; everyone on it is told. */
export function RescheduleForm({ id, version, departsFrom, departsUntil, assemblyPoint }: { id: string; version: number; departsFrom: string; departsUntil: string; assemblyPoint: LocalizedText }) {
  const t = useTranslations("runs");
  const [state, action] = useActionState(rescheduleTransportRunAction, IDLE);
  return (
    <form action={action} className="form" key={formKey(state)} noValidate aria-labelledby="reschedule-title">
      <FormMessage state={state} />
      <RecordFields record={{ id, version }} state={state} />
      <TextField name="departsFrom" type="datetime-local" label={t("departsFrom")} hint={t("kyivTime")} state={state} defaultValue={departsFrom} required />
      <TextField name="departsUntil" type="datetime-local" label={t("departsUntil")} hint={t("kyivTime")} state={state} defaultValue={departsUntil} required />
      <LocalizedTextFields name="assemblyPoint" legend={t("assemblyPoint")} hint={t("assemblyPointHint")} state={state} defaultValue={assemblyPoint} limit={RUN_ASSEMBLY_POINT_MAX} />
      <SubmitButton className="button button-secondary">{t("reschedule")}</SubmitButton>
    </form>
  );
}

/** The reception point a run goes to, among those in its destination town; empty clears it. */
export function RunReceptionPointForm({ id, version, current, points }: { id: string; version: number; current: string | null; points: Option[] }) {
  const t = useTranslations("runs");
  const [state, action] = useActionState(setRunReceptionPointAction, IDLE);
  return (
    <form action={action} className="form" key={formKey(state)} noValidate aria-labelledby="reception-point-title">
      <FormMessage state={state} />
      <RecordFields record={{ id, version }} state={state} />
      <SelectField name="receptionPointId" label={t("receptionPoint")} state={state} options={points} placeholder={t("noReceptionPoint")} defaultValue={current ?? ""} />
      <SubmitButton className="button button-secondary">{t("setReceptionPoint")}</SubmitButton>
    </form>
  );
}
