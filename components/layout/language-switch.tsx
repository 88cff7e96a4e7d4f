"use client";

import { useLocale, useTranslations } from "next-intl";
import { Link, usePathname } from "@/i18n/navigation";
import { LOCALES } from "@/i18n/routing";

const LABEL: Record<(typeof LOCALES)[number], string> = { uk: "Українська", ru: "Русский", en: "English" };

/** Links to the same page in the other languages (plain links: they work before JS loads too). */
export function LanguageSwitch() {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const current = useLocale();
  return (
    <nav aria-label={t("language")} className="language-switch">
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            {locale === current ? (
              <span aria-current="true" lang={locale}>
                {LABEL[locale]}
              </span>
            ) : (
              <Link href={pathname} locale={locale} lang={locale} hrefLang={locale}>
                {LABEL[locale]}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
