"use client";

import { useActionState, useId } from "react";
import { IDLE, type FormState } from "@/lib/forms/form-state";
import { FormMessage } from "./form-message";
import { RecordFields } from "./record-fields";
import { SubmitButton } from "./submit-button";

/** A single-button action on one row (expire a notice, delete a town), with its refusal shown above it. */
export function OneClickForm({
  action: serverAction,
  record,
  label,
  hint,
  className,
  buttonClassName,
}: {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  record: { id: string; version: number };
  label: string;
  hint?: string;
  className?: string;
  /** Defaults to the danger style (delete, expire); a non-destructive step passes its own. */
  buttonClassName?: string;
}) {
  const [state, action] = useActionState(serverAction, IDLE);
  const hintId = useId();
  return (
    <form action={action} className={className ?? "form"}>
      <FormMessage state={state} />
      <RecordFields record={record} state={state} />
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <SubmitButton className={buttonClassName ?? "button button-danger"} describedBy={hint ? hintId : undefined}>
        {label}
      </SubmitButton>
    </form>
  );
}
