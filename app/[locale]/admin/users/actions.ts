"use server";

import { revalidatePath } from "next/cache";
import { runFormAction } from "@/auth/form-action";
import { actionLocale, redirectInPageLocale } from "@/i18n/action-locale";
import {
  createAccount,
  resetAccountPassword,
  revokeAccountSessions,
  setAccountDisabled,
  updateAccount,
} from "@/db/queries/accounts";
import type { FormState } from "@/lib/forms/form-state";
import { accountCreateSchema, accountEditSchema, accountRecordSchema } from "./schemas";
import type { AccountFormState } from "./state";

// Admins only. Each action checks the session and role against the database (runFormAction),
// and each query function checks the role again and writes its audit row in its transaction.

/** The new account's one-time password comes back in the answer, shown once, never in a URL. */
export async function createAccountAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: accountCreateSchema,
    write: (db, user, { email, name, role, organisationId }) => createAccount(db, user, { email, name, role, organisationId }),
  });
  if (!outcome.ok) return outcome.state;
  return { status: "created", ...outcome.result, at: Date.now() };
}

export async function updateAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: accountEditSchema,
    write: (db, user, { id, version, ...input }) => updateAccount(db, user, { id, baseVersion: version, input }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/admin/users/${outcome.result.id}?saved=updated`);
}

export async function disableAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return setDisabled(formData, true);
}

export async function enableAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return setDisabled(formData, false);
}

async function setDisabled(formData: FormData, disabled: boolean): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: accountRecordSchema,
    write: (db, user, { id, version }) => setAccountDisabled(db, user, { id, baseVersion: version, disabled }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/admin/users/${outcome.result.id}?saved=${disabled ? "disabled" : "enabled"}`);
}

/** A new one-time password, shown once in the answer; the page is refreshed for the new version. */
export async function resetPasswordAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: accountRecordSchema,
    write: (db, user, { id, version }) => resetAccountPassword(db, user, { id, baseVersion: version }).then((r) => ({ ...r, id })),
  });
  if (!outcome.ok) return outcome.state;
  const { id, email, password } = outcome.result;
  revalidatePath(`/${await actionLocale()}/admin/users/${id}`);
  return { status: "passwordReset", email, password, at: Date.now() };
}

export async function revokeSessionsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: accountRecordSchema,
    write: (db, user, { id, version }) => revokeAccountSessions(db, user, { id, baseVersion: version }).then(() => ({ id })),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/admin/users/${outcome.result.id}?saved=revoked`);
}
