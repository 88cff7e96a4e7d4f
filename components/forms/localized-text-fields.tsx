"use client";

import { useId } from "react";
import { useTranslations } from "next-intl";
import type { FormState } from "@/lib/forms/form-state";
import type { LocalizedText } from "@/lib/localized-text";
import { TextAreaField, TextField } from "./field";
import { fieldErrorOf, useErrorText } from "./use-field-error";

const LANGUAGES = [
  { lang: "uk", suffix: "Uk" },
  { lang: "ru", suffix: "Ru" },
  { lang: "en", suffix: "En" },
] as const;

/**
 * One text in the three languages residents read: a fieldset named by `legend`, with a labelled
 * input per language (`<name>Uk`, `<name>Ru`, `<name>En`, read by lib/forms/zod-fields.ts
 * `localizedTextFields`). Each control carries its `lang`, so spell-checkers and screen readers
 * use the right language, and its own live count against `limit`. A message about the text as a
 * whole (none of the languages written) sits under the legend; one about a language, beside it.
 */
export function LocalizedTextFields({
  name,
  legend,
  hint,
  state,
  defaultValue,
  limit,
  required = false,
  multiline = false,
  rows,
}: {
  name: string;
  legend: string;
  hint?: string;
  state: FormState;
  defaultValue?: LocalizedText | null;
  limit: number;
  /** At least one language must be written (the server refuses it otherwise). */
  required?: boolean;
  multiline?: boolean;
  rows?: number;
}) {
  const t = useTranslations("forms.languages");
  const errorText = useErrorText();
  const id = useId();
  const groupError = errorText(fieldErrorOf(state, name));
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hintId, groupError ? errorId : ""].filter(Boolean).join(" ");
  return (
    <fieldset className={groupError ? "localized-text field-invalid" : "localized-text"} aria-describedby={describedBy} data-localized-text={name}>
      <legend>{legend}</legend>
      <p className="hint" id={hintId}>
        {[required ? t("oneRequired") : t("allOptional"), hint].filter(Boolean).join(" ")}
      </p>
      {groupError && (
        <p className="field-error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {groupError}
        </p>
      )}
      {LANGUAGES.map(({ lang, suffix }) => {
        const common = {
          name: `${name}${suffix}`,
          label: t(lang),
          state,
          defaultValue: defaultValue?.[lang] ?? "",
          lang,
          limit,
          describedBy: groupError ? errorId : undefined,
        };
        return multiline ? <TextAreaField key={lang} {...common} rows={rows ?? 3} /> : <TextField key={lang} {...common} />;
      })}
    </fieldset>
  );
}
