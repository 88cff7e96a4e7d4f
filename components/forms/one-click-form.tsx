"use client";

import { useActionState } from "react";
import { IDLE, type FormState } from "@/lib/forms/form-state";
import { FormMessage } from "./form-message";
import { RecordFields } from "./record-fields";
import { SubmitButton } from "./submit-button";

/** A single-button action on one row (expire a notice, delete a town), with its refusal shown above it. */
export function OneClickForm({
  action: serverAction,
  record,
  locale,
  label,
  hint,
  className,
}: {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  record: { id: string; version: number };
  locale: string;
  label: string;
  hint?: string;
  className?: string;
}) {
  const [state, action] = useActionState(serverAction, IDLE);
  return (
    <form action={action} className={className ?? "form"}>
      <FormMessage state={state} />
      <RecordFields locale={locale} record={record} state={state} />
      {hint && <p className="hint">{hint}</p>}
      <SubmitButton className="button button-danger">{label}</SubmitButton>
    </form>
  );
}
