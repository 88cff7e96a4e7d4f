"use client";

import type { FormState } from "@/lib/forms/form-state";
import { versionOf } from "./use-field-error";

/**
 * The hidden fields every staff form sends: the page's locale and, when it changes an existing
 * row, that row's id and the version the user saw (the newer one after a conflict was shown).
 */
export function RecordFields({ locale, record, state }: { locale: string; record?: { id: string; version: number }; state: FormState }) {
  return (
    <>
      <input type="hidden" name="locale" value={locale} />
      {record && (
        <>
          <input type="hidden" name="id" value={record.id} />
          <input type="hidden" name="version" value={versionOf(state, record.version)} />
        </>
      )}
    </>
  );
}
