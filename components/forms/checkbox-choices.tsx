"use client";

import { useId } from "react";

/**
 * A group of checkboxes submitted as one repeated field ("routeIds[]", "reasonCodes[]"): a fieldset
 * with its legend, a hint, the group's error beside it (not by colour alone: a sign and words), and
 * one labelled checkbox per option. `empty` is said instead when there is nothing to choose.
 */
export function CheckboxChoices({
  name,
  legend,
  hint,
  error,
  options,
  chosen,
  className = "choices",
  listClassName = "choice-list",
  empty,
}: {
  name: `${string}[]`;
  legend: string;
  hint: string;
  error: string | null | undefined;
  options: { value: string; label: string }[];
  chosen: ReadonlySet<string>;
  className?: string;
  listClassName?: string;
  empty?: string;
}) {
  const id = useId();
  return (
    <fieldset
      className={error ? `${className} field-invalid` : className}
      aria-describedby={[`${id}-hint`, error ? `${id}-error` : ""].filter(Boolean).join(" ")}
    >
      <legend>{legend}</legend>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {options.length === 0 && empty ? (
        <p>{empty}</p>
      ) : (
        <ul className={listClassName}>
          {options.map((option) => (
            <li key={option.value}>
              <label className="checkbox">
                <input type="checkbox" name={name} value={option.value} defaultChecked={chosen.has(option.value)} aria-invalid={error ? true : undefined} />
                {option.label}
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
