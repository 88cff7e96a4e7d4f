import type { StatusReasonCode } from "@/lib/enum-values";
import type { LocalizedText } from "@/lib/localized-text";

/**
 * What a form's server action returns, so the form can show each problem beside its field and
 * keep what the user typed. Messages are codes translated on the client (`forms.errors.*`), so
 * actions do not need the page's locale.
 */
export type FieldError = { code: string; values?: Record<string, string | number> };

export type FormState =
  | { status: "idle" }
  | {
      status: "invalid";
      fieldErrors: Record<string, FieldError>;
      /** The submitted values, to refill the form. */
      values: Record<string, string>;
      /** A message for the whole form (e.g. "refused: the town is used by routes ..."). */
      formError?: FieldError;
      /** When it was refused: a new value per attempt, so the form re-mounts with the values kept. */
      at: number;
    }
  | { status: "conflict"; conflict: ConflictDetails; values: Record<string, string>; at: number }
  | { status: "saved"; message: string; at: number };

/** Shown when a write was based on an old version: the newer facts, who set them and when. */
export type ConflictDetails = {
  entity: "route" | "town" | "notice" | "incident" | "agreement" | "account" | "organisation" | "transportRequest";
  /** ISO time of the newer state. */
  changedAt: string | null;
  changedBy: string | null;
  /** Route conflicts: the newer status and reason. */
  status?: string;
  reasonCodes?: StatusReasonCode[];
  reason?: LocalizedText;
  version: number;
};

export const IDLE: FormState = { status: "idle" };

/** The submitted text fields, for refilling the form (files and repeated keys are not used here). */
export function submittedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
    // Repeated fields (checkboxes named "x[]") keep every value, one per line.
    values[key] = key.endsWith("[]") && values[key] !== undefined ? `${values[key]}\n${value}` : value;
  }
  return values;
}
