"use client";

import type { FormState } from "@/lib/forms/form-state";
import { versionOf } from "./use-field-error";

/**
 * The hidden fields a staff form sends when it changes an existing row: that row's id and the
 * version the user saw (the newer one after a conflict was shown). The language is not one of
 * them: an action takes it from the request (next-intl's getLocale), never from the form.
 */
export function RecordFields({ record, state }: { record?: { id: string; version: number }; state: FormState }) {
  if (!record) return null;
  return (
    <>
      <input type="hidden" name="id" value={record.id} />
      <input type="hidden" name="version" value={versionOf(state, record.version)} />
    </>
  );
}
