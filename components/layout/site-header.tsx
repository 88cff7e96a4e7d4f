import { useTranslations } from "next-intl";
import { LocaleLink as Link } from "@/components/layout/locale-link";
import { LanguageSwitch } from "./language-switch";

export function SiteHeader({ children }: { children?: React.ReactNode }) {
  const t = useTranslations("nav");
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        {t("skip")}
      </a>
      <div className="site-header-row">
        <Link href="/" className="brand">
          {t("brand")}
        </Link>
        {children}
      </div>
      <LanguageSwitch />
    </header>
  );
}
