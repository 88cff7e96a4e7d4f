import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { OneClickForm } from "@/components/forms/one-click-form";
import { getDb } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listOrganisations } from "@/db/queries/organisations";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { formatStaffTime } from "@/lib/time";
import { disableAccountAction, enableAccountAction, revokeSessionsAction } from "../actions";
import { AccountEditForm, ResetPasswordForm } from "../account-forms";

export const dynamic = "force-dynamic";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAVED = ["updated", "disabled", "enabled", "revoked"] as const;

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const locale = await pageLocale(params);
  const { id } = await params;
  const user = await requireUser("admin");
  // Only a well-formed id reaches the database.
  if (!UUID_RE.test(id)) notFound();
  const db = await getDb();
  const [account, organisations] = await Promise.all([getAccount(db, user, id.toLowerCase()), listOrganisations(db, user)]);
  if (!account) notFound();
  const query = await searchParams;
  const saved = SAVED.find((s) => s === query.saved);
  const t = await getTranslations("accounts");
  const tRole = await getTranslations("role");
  const self = account.id === user.id;
  const record = { id: account.id, version: account.version };
  return (
    <main id="main">
      <p>
        <Link href="/admin/users">{t("backToList")}</Link>
      </p>
      <h1>{t("accountTitle", { email: account.email })}</h1>
      {saved && (
        <p className="form-message form-message-ok" role="status">
          <span aria-hidden="true">✓ </span>
          {t(`saved_${saved}`)}
        </p>
      )}
      <dl className="details">
        <dt>{t("status")}</dt>
        <dd>
          <strong>{account.disabled ? t("statusDisabled") : t("statusActive")}</strong>
        </dd>
        <dt>{t("role")}</dt>
        <dd>{tRole(account.role)}</dd>
        <dt>{t("createdLabel")}</dt>
        <dd>{formatStaffTime(account.createdAt, locale)}</dd>
        <dt>{t("lastSignInLabel")}</dt>
        <dd>{account.lastSignInAt ? formatStaffTime(account.lastSignInAt, locale) : t("neverSignedIn")}</dd>
      </dl>

      <h2>{t("detailsTitle")}</h2>
      <AccountEditForm
        account={{ ...record, name: account.name, organisationId: account.organisationId, role: account.role }}
        organisations={organisations.map((o) => ({ value: o.id, label: o.shortName }))}
      />

      <h2>{t("accessTitle")}</h2>
      {account.disabled ? (
        <OneClickForm action={enableAccountAction} record={record} label={t("enable")} hint={t("enableHint")} buttonClassName="button" />
      ) : self ? (
        <p className="hint">{t("selfDisableNote")}</p>
      ) : (
        <OneClickForm action={disableAccountAction} record={record} label={t("disable")} hint={t("disableHint")} className="form danger-zone" />
      )}
      <ResetPasswordForm account={record} />
      <OneClickForm action={revokeSessionsAction} record={record} label={t("revoke")} hint={t("revokeHint")} buttonClassName="button button-secondary" />
    </main>
  );
}
