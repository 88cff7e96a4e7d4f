import { useTranslations } from "next-intl";
import { SiteHeader } from "@/components/layout/site-header";
import { Link } from "@/i18n/navigation";

export default function NotFound() {
  const t = useTranslations("errors");
  return (
    <>
      <SiteHeader />
      <main id="main">
        <h1>{t("notFoundTitle")}</h1>
        <p>{t("notFoundBody")}</p>
        <p>
          <Link href="/">{t("backHome")}</Link>
        </p>
      </main>
    </>
  );
}
