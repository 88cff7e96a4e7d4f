"use client";

import { useActionState, useId } from "react";
import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { RecordFields } from "@/components/forms/record-fields";
import { SubmitButton } from "@/components/forms/submit-button";
import { formKey } from "@/components/forms/use-field-error";
import { USER_ROLES, type UserRole } from "@/lib/enum-values";
import { IDLE } from "@/lib/forms/form-state";
import { Link } from "@/i18n/navigation";
import { createAccountAction, resetPasswordAction, updateAccountAction } from "./actions";
import { ACCOUNT_EMAIL_MAX, NAME_MAX } from "./limits";
import { formStateOf, type AccountFormState } from "./state";

function useRoleOptions() {
  const tRole = useTranslations("role");
  return USER_ROLES.map((role) => ({ value: role, label: tRole(role) }));
}

/** The generated password, once: selectable text in a monospace box, with what to do with it. */
function OneTimePassword({ title, password }: { title: string; password: string }) {
  const t = useTranslations("accounts");
  const noteId = useId();
  return (
    <div className="form-message form-message-ok" role="status">
      <p>
        <strong>{title}</strong>
      </p>
      <p>
        <code className="one-time-password" aria-describedby={noteId} data-testid="one-time-password" style={{ fontSize: "1.25rem", userSelect: "all", overflowWrap: "anywhere" }}>
          {password}
        </code>
      </p>
      <p id={noteId}>{t("oneTimePasswordNote")}</p>
    </div>
  );
}

/** Every organisation by short name; an account may work for none (it can then claim nothing). */
type OrganisationOptions = { value: string; label: string }[];

export function AccountCreateForm({ organisations }: { organisations: OrganisationOptions }) {
  const [state, action] = useActionState<AccountFormState, FormData>(createAccountAction, IDLE);
  const t = useTranslations("accounts");
  const roles = useRoleOptions();
  if (state.status === "created") {
    return (
      <>
        <OneTimePassword title={t("createdTitle", { email: state.email })} password={state.password} />
        <p>
          <Link href={`/admin/users/${state.id}`}>{t("openAccount")}</Link> · <Link href="/admin/users">{t("backToList")}</Link>
        </p>
      </>
    );
  }
  const form = formStateOf(state);
  return (
    <form action={action} className="form" key={formKey(form)} noValidate>
      <FormMessage state={form} />
      <TextField name="email" label={t("email")} state={form} limit={ACCOUNT_EMAIL_MAX} autoComplete="off" required />
      <TextField name="name" label={t("name")} state={form} limit={NAME_MAX} />
      <SelectField name="organisationId" label={t("organisation")} state={form} defaultValue="" options={organisations} placeholder={t("noOrganisation")} />
      <SelectField name="role" label={t("role")} hint={t("roleHint")} state={form} defaultValue="coordinator" options={roles} required />
      <p className="hint">{t("passwordGeneratedHint")}</p>
      <SubmitButton>{t("create")}</SubmitButton>
    </form>
  );
}

export function AccountEditForm({
  account,
  organisations,
}: {
  account: { id: string; version: number; name: string; organisationId: string | null; role: UserRole };
  organisations: OrganisationOptions;
}) {
  const [state, action] = useActionState(updateAccountAction, IDLE);
  const t = useTranslations("accounts");
  const roles = useRoleOptions();
  return (
    <form action={action} className="form" key={formKey(state)} noValidate>
      <FormMessage state={state} />
      <RecordFields record={account} state={state} />
      <TextField name="name" label={t("name")} state={state} defaultValue={account.name} limit={NAME_MAX} />
      <SelectField name="organisationId" label={t("organisation")} state={state} defaultValue={account.organisationId ?? ""} options={organisations} placeholder={t("noOrganisation")} />
      <SelectField name="role" label={t("role")} hint={t("roleHint")} state={state} defaultValue={account.role} options={roles} required />
      <SubmitButton>{t("save")}</SubmitButton>
    </form>
  );
}

export function ResetPasswordForm({ account }: { account: { id: string; version: number } }) {
  const [state, action] = useActionState<AccountFormState, FormData>(resetPasswordAction, IDLE);
  const t = useTranslations("accounts");
  const hintId = useId();
  const form = formStateOf(state);
  return (
    <form action={action} className="form">
      {state.status === "passwordReset" && <OneTimePassword title={t("passwordResetTitle", { email: state.email })} password={state.password} />}
      <FormMessage state={form} />
      <RecordFields record={account} state={form} />
      <p className="hint" id={hintId}>
        {t("resetHint")}
      </p>
      <SubmitButton className="button button-danger" describedBy={hintId}>
        {t("resetPassword")}
      </SubmitButton>
    </form>
  );
}
