"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { SOURCE_KINDS } from "@/lib/enum-values";
import type { FormState } from "@/lib/forms/form-state";
// From limits, not source-fields: zod in the browser bundle probes eval, which the CSP refuses.
import { SOURCE_OUTLET_MAX, SOURCES_MAX } from "@/lib/forms/limits";
import { SelectField, TextField } from "./field";
import { fieldErrorOf, submittedRowCount, useErrorText } from "./use-field-error";

export type SourceRowValues = { kind: string; outlet: string; url: string; publishedAt: string };

const EMPTY: SourceRowValues = { kind: "other", outlet: "", url: "", publishedAt: "" };


/**
 * A repeatable group of source rows (outlet, link, published, kind) named "sources.N.field".
 * Without JavaScript the rows rendered by the server still submit; "Add a source" needs it.
 */
export function SourcesFieldset({
  state,
  name = "sources",
  initial = [],
  legend,
}: {
  state: FormState;
  name?: string;
  initial?: SourceRowValues[];
  legend: string;
}) {
  const t = useTranslations("sources");
  const tk = useTranslations("sourceKind");
  const errorText = useErrorText();
  const [rows, setRows] = useState(() => Math.min(SOURCES_MAX, Math.max(submittedRowCount(state, name), initial.length + 1, 1)));
  const groupError = errorText(fieldErrorOf(state, name));
  return (
    <fieldset className="sources-fieldset">
      <legend>{legend}</legend>
      {groupError && <p className="field-error">{groupError}</p>}
      {Array.from({ length: rows }, (_, i) => {
        const row = initial[i] ?? EMPTY;
        return (
          <fieldset key={i} className="source-row">
            <legend>{t("row", { n: i + 1 })}</legend>
            <TextField name={`${name}.${i}.outlet`} label={t("outlet")} state={state} defaultValue={row.outlet} limit={SOURCE_OUTLET_MAX} />
            <TextField name={`${name}.${i}.url`} label={t("url")} state={state} defaultValue={row.url} type="url" />
            <TextField name={`${name}.${i}.publishedAt`} label={t("publishedAt")} state={state} defaultValue={row.publishedAt} type="datetime-local" />
            <SelectField
              name={`${name}.${i}.kind`}
              label={t("kind")}
              state={state}
              defaultValue={row.kind}
              options={SOURCE_KINDS.map((k) => ({ value: k, label: tk(k) }))}
            />
          </fieldset>
        );
      })}
      {rows < SOURCES_MAX && (
        <button type="button" className="button button-secondary" onClick={() => setRows((n) => Math.min(SOURCES_MAX, n + 1))}>
          {t("add")}
        </button>
      )}
    </fieldset>
  );
}
