import { useTranslations } from "next-intl";
import { signOutAction } from "@/app/[locale]/login/actions";
import { Link } from "@/i18n/navigation";
import type { SessionUser } from "@/lib/session-user";
import { roleSatisfies } from "@/lib/roles";
import { SiteHeader } from "./site-header";

/** Header of the signed-in workspace: where you are, who you are, and the way out. */
export function StaffHeader({ user }: { user: SessionUser }) {
  const t = useTranslations("nav");
  const tr = useTranslations("role");
  const tt = useTranslations("telegramChannels");
  return (
    <SiteHeader>
      <nav aria-label={t("dashboard")} className="staff-nav">
        <ul>
          <li>
            <Link href="/coordinate">{t("dashboard")}</Link>
          </li>
          <li>
            <Link href="/coordinate/routes">{t("routesAdmin")}</Link>
          </li>
          <li>
            <Link href="/coordinate/towns">{t("towns")}</Link>
          </li>
          <li>
            <Link href="/coordinate/notices">{t("notices")}</Link>
          </li>
          <li>
            <Link href="/coordinate/requests">{t("transportRequests")}</Link>
          </li>
          <li>
            <Link href="/coordinate/runs">{t("transportRuns")}</Link>
          </li>
          <li>
            <Link href="/coordinate/agreements">{t("agreements")}</Link>
          </li>
          <li>
            <Link href="/coordinate/incidents">{t("incidentLog")}</Link>
          </li>
          <li>
            <Link href="/coordinate/telegram-channels">{tt("nav")}</Link>
          </li>
          {roleSatisfies(user.role, "admin") && (
            <>
              <li>
                <Link href="/admin/incidents">{t("reviewQueue")}</Link>
              </li>
              <li>
                <Link href="/admin/audit">{t("audit")}</Link>
              </li>
              <li>
                <Link href="/admin/users">{t("accounts")}</Link>
              </li>
              <li>
                <Link href="/admin/organisations">{t("organisations")}</Link>
              </li>
              <li>
                <Link href="/admin/requests">{t("requestPurge")}</Link>
              </li>
              <li>
                <Link href="/admin/exports">{t("exports")}</Link>
              </li>
              <li>
                <Link href="/admin/messaging">{t("messaging")}</Link>
              </li>
            </>
          )}
          <li>
            {/* The public site, as residents see it. */}
            <Link href="/">{t("publicSite")}</Link>
          </li>
        </ul>
      </nav>
      <div className="who">
        <span>{t("signedInAs", { email: user.email, role: tr(user.role) })}</span>
        <form action={signOutAction}>
          <button type="submit" className="link-button">
            {t("signOut")}
          </button>
        </form>
      </div>
    </SiteHeader>
  );
}
