import { useTranslations } from "next-intl";
import { LocaleLink as Link } from "@/components/layout/locale-link";
import { LanguageSwitch } from "./language-switch";

/**
 * `liteHref`: the page's text-only twin (server/lite), offered at the top, where someone on a slow
 * connection sees it before the rest of the page has loaded.
 */
export function SiteHeader({ children, liteHref }: { children?: React.ReactNode; liteHref?: string }) {
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
      {liteHref && (
        <p className="lite-link">
          <a href={liteHref}>{t("liteVersion")}</a>
        </p>
      )}
    </header>
  );
}
