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
  /**
   * `referenceCode`: what a new request is known by, shown once to be read back. It travels in the
   * action's answer, never in an address, where history and proxies' logs would keep it.
   */
  | { status: "saved"; message: string; at: number; referenceCode?: string };

/** Shown when a write was based on an old version: the newer facts, who set them and when. */
export type ConflictDetails = {
  entity: "route" | "town" | "notice" | "incident" | "agreement" | "account" | "organisation" | "transportRequest" | "transportRun";
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

/**
 * The hidden fields staff forms send for the record they change (its id, the version seen, the
 * routes an area action showed). Nobody can correct them in the form: a forged or mangled one is
 * the page's fault, not a field to mark. (Not townId: the incident form shows it as a choice.)
 */
const HIDDEN_FIELDS = new Set(["id", "version", "routeId", "agreementId", "seen", "seen[]"]);

/**
 * A schema's refusal as the form shows it: errors on visible fields stay beside them; one on a
 * hidden field, or on the whole form, becomes the form's message, since "correct the field marked
 * below" would point at nothing.
 */
export function schemaRefusal(fieldErrors: Record<string, FieldError>): { fieldErrors: Record<string, FieldError>; formError?: FieldError } {
  const visible: Record<string, FieldError> = {};
  let formError: FieldError | undefined;
  for (const [field, error] of Object.entries(fieldErrors)) {
    if (field === "form") formError ??= error;
    else if (HIDDEN_FIELDS.has(field.split(".")[0]!)) formError = { code: "formAltered" };
    else visible[field] = error;
  }
  return formError ? { fieldErrors: visible, formError } : { fieldErrors: visible };
}
