import type { FormState } from "@/lib/forms/form-state";

/**
 * A form's state, plus the one moment a generated password exists in clear: the answer to the
 * admin who created the account or reset its password. It is never stored, logged or put in a
 * URL; reloading the page shows it no more.
 */
export type AccountFormState =
  | FormState
  | { status: "created"; id: string; email: string; password: string; at: number }
  | { status: "passwordReset"; email: string; password: string; at: number };

export function formStateOf(state: AccountFormState): FormState {
  return state.status === "created" || state.status === "passwordReset" ? { status: "idle" } : state;
}
