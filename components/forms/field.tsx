"use client";

import { useId, useState } from "react";
import { characterCount } from "@/lib/forms/character-count";
import type { FieldError, FormState } from "@/lib/forms/form-state";
import { CharacterCount } from "./character-count";
import { fieldErrorOf, useErrorText, valueOf } from "./use-field-error";

type Common = {
  name: string;
  label: string;
  state: FormState;
  defaultValue?: string | number | null;
  hint?: string;
  required?: boolean;
  /** The language the text is written in, when it is not the page's (three-language fields). */
  lang?: string;
  /** Also described by these ids (a fieldset's message, say). */
  describedBy?: string;
};

/**
 * Wires a label, a hint and the error beside the control (aria-describedby, aria-invalid). With
 * a `limit`, a live character count too; there is deliberately no maxLength, which would cut a
 * pasted text without a word: a longer text stays in the field and the server refuses it.
 */
function useFieldWiring(props: Common & { limit?: number }) {
  const id = useId();
  const errorText = useErrorText();
  const error: FieldError | undefined = fieldErrorOf(props.state, props.name);
  const message = errorText(error);
  const defaultValue = valueOf(props.state, props.name, props.defaultValue);
  const [typed, setTyped] = useState(defaultValue);
  const count = props.limit === undefined ? undefined : characterCount(typed, props.limit);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  const countId = count ? `${id}-count` : undefined;
  return {
    id,
    message,
    hintId,
    errorId,
    countId,
    count,
    onInput: count ? (event: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) => setTyped(event.currentTarget.value) : undefined,
    controlProps: {
      id,
      name: props.name,
      defaultValue,
      lang: props.lang,
      "aria-invalid": message || count?.level === "over" ? true : undefined,
      "aria-describedby": [hintId, errorId, countId, props.describedBy].filter(Boolean).join(" ") || undefined,
      required: props.required,
    },
  };
}

function FieldFrame({ id, label, hint, hintId, message, errorId, countId, count, children }: {
  id: string;
  label: string;
  hint?: string;
  hintId?: string;
  message?: string;
  errorId?: string;
  countId?: string;
  count?: ReturnType<typeof characterCount>;
  children: React.ReactNode;
}) {
  return (
    <div className={message || count?.level === "over" ? "field field-invalid" : "field"}>
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
      {count && countId && <CharacterCount id={countId} state={count} />}
    </div>
  );
}

export function TextField(props: Common & { type?: "text" | "url" | "datetime-local" | "number"; limit?: number; inputMode?: "decimal" | "numeric" | "text"; autoComplete?: string; step?: string }) {
  const w = useFieldWiring(props);
  return (
    <FieldFrame {...w} label={props.label} hint={props.hint}>
      <input {...w.controlProps} onInput={w.onInput} type={props.type ?? "text"} inputMode={props.inputMode} autoComplete={props.autoComplete ?? "off"} step={props.step} />
    </FieldFrame>
  );
}

export function TextAreaField(props: Common & { rows?: number; limit?: number }) {
  const w = useFieldWiring(props);
  return (
    <FieldFrame {...w} label={props.label} hint={props.hint}>
      <textarea {...w.controlProps} onInput={w.onInput} rows={props.rows ?? 3} />
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
