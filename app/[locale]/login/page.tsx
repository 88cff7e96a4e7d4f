import { getTranslations } from "next-intl/server";
import { SiteHeader } from "@/components/layout/site-header";
import { LoginForm } from "./login-form";
import { pageLocale } from "@/i18n/page-locale";

export const dynamic = "force-dynamic";

const REASONS = ["disabled", "revoked"] as const;

export default async function LoginPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ callbackUrl?: string | string[]; reason?: string | string[]; code?: string | string[] }>;
}) {
  await pageLocale(params);
  const query = await searchParams;
  const t = await getTranslations("login");
  const outage = await getTranslations("outage");
  const reason = REASONS.find((r) => r === query.reason);
  // Auth.js's own redirect after a sign-in posted straight to its callback (no form state).
  const lockedRedirect = query.code === "locked";
  const unavailableRedirect = query.code === "unavailable";
  const callbackUrl = typeof query.callbackUrl === "string" ? query.callbackUrl : undefined;
  return (
    <>
      <SiteHeader />
      <main id="main" className="narrow">
        <h1>{t("title")}</h1>
        <p>{t("intro")}</p>
        {reason && (
          <p role="status" className="form-notice">
            {t(`reason_${reason}`)}
          </p>
        )}
        {lockedRedirect && (
          <p role="alert" className="form-error">
            {t("lockedLater")}
          </p>
        )}
        {unavailableRedirect && (
          <p role="alert" className="form-error">
            {outage("signInUnavailable")}
          </p>
        )}
        <LoginForm
         
          callbackUrl={callbackUrl}
          text={{
            email: t("email"),
            password: t("password"),
            submit: t("submit"),
            pending: t("pending"),
            errors: { invalid: t("invalid"), malformed: t("malformed"), locked: t("lockedLater"), unavailable: outage("signInUnavailable") },
          }}
        />
      </main>
    </>
  );
}
