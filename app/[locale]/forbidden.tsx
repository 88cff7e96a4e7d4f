import { useTranslations } from "next-intl";
import { SiteHeader } from "@/components/layout/site-header";
import { Link } from "@/i18n/navigation";

// Rendered with HTTP 403 when requireUser() finds a signed-in account without the needed role.
export default function Forbidden() {
  const t = useTranslations("errors");
  return (
    <>
      <SiteHeader />
      <main id="main">
        <h1>{t("forbiddenTitle")}</h1>
        <p>{t("forbiddenBody")}</p>
        <p>
          <Link href="/">{t("backHome")}</Link>
        </p>
      </main>
    </>
  );
}
