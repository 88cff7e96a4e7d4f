import { getTranslations } from "next-intl/server";
import { requireUser } from "@/auth";
import { getDb } from "@/db";
import { listAccounts } from "@/db/queries/accounts";
import { Link } from "@/i18n/navigation";
import { pageLocale } from "@/i18n/page-locale";
import { formatStaffTime } from "@/lib/time";

export const dynamic = "force-dynamic";

export default async function AccountsPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const user = await requireUser("admin");
  const accounts = await listAccounts(await getDb(), user);
  const t = await getTranslations("accounts");
  const tRole = await getTranslations("role");
  return (
    <main id="main" className="wide">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <p>
        <Link href="/admin/users/new" className="button">
          {t("new")}
        </Link>
      </p>
      <ul className="town-list account-list">
        {accounts.map((account) => (
          <li key={account.id} data-role={account.role} data-status={account.disabled ? "disabled" : "active"}>
            <Link href={`/admin/users/${account.id}`}>{account.email}</Link>
            {account.id === user.id && <> {t("you")}</>}{" "}
            <strong>{account.disabled ? t("statusDisabled") : t("statusActive")}</strong>
            <br />
            <span className="meta">
              {[account.name, tRole(account.role), account.organisation].filter(Boolean).join(" · ")}
              <br />
              {t("created", { time: formatStaffTime(account.createdAt, locale) })} ·{" "}
              {account.lastSignInAt ? t("lastSignIn", { time: formatStaffTime(account.lastSignInAt, locale) }) : t("neverSignedIn")}
            </span>
          </li>
        ))}
      </ul>
    </main>
  );
}
