"use client";

import { useId } from "react";
import type { FieldError, FormState } from "@/lib/forms/form-state";
import { fieldErrorOf, useErrorText, valueOf } from "./use-field-error";

type Common = {
  name: string;
  label: string;
  state: FormState;
  defaultValue?: string | number | null;
  hint?: string;
  required?: boolean;
};

/** Wires a label, a hint and the error beside the control (aria-describedby, aria-invalid). */
function useFieldWiring(props: Common) {
  const id = useId();
  const errorText = useErrorText();
  const error: FieldError | undefined = fieldErrorOf(props.state, props.name);
  const message = errorText(error);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  return {
    id,
    message,
    hintId,
    errorId,
    controlProps: {
      id,
      name: props.name,
      defaultValue: valueOf(props.state, props.name, props.defaultValue),
      "aria-invalid": message ? true : undefined,
      "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
      required: props.required,
    },
  };
}

function FieldFrame({ id, label, hint, hintId, message, errorId, children }: {
  id: string;
  label: string;
  hint?: string;
  hintId?: string;
  message?: string;
  errorId?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={message ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {message && (
        <p className="field-error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {message}
        </p>
      )}
      {children}
    </div>
  );
}

export function TextField(props: Common & { type?: "text" | "url" | "datetime-local" | "number"; maxLength?: number; inputMode?: "decimal" | "numeric" | "text"; autoComplete?: string; step?: string }) {
  const w = useFieldWiring(props);
  return (
    <FieldFrame {...w} label={props.label} hint={props.hint}>
      <input {...w.controlProps} type={props.type ?? "text"} maxLength={props.maxLength} inputMode={props.inputMode} autoComplete={props.autoComplete ?? "off"} step={props.step} />
    </FieldFrame>
  );
}

export function TextAreaField(props: Common & { rows?: number; maxLength?: number }) {
  const w = useFieldWiring(props);
  return (
    <FieldFrame {...w} label={props.label} hint={props.hint}>
      <textarea {...w.controlProps} rows={props.rows ?? 3} maxLength={props.maxLength} />
    </FieldFrame>
  );
}

export function SelectField(
  props: Common & { options: { value: string; label: string }[]; placeholder?: string; onChange?: (value: string) => void },
) {
  const w = useFieldWiring(props);
  const { onChange } = props;
  return (
    <FieldFrame {...w} label={props.label} hint={props.hint}>
      <select {...w.controlProps} onChange={onChange && ((event) => onChange(event.target.value))}>
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
