"use client";

import { usePathname } from "next/navigation";
import { LOCALES, type Locale } from "@/i18n/routing";

const LABEL: Record<Locale, string> = { uk: "Українська", ru: "Русский", en: "English" };

/**
 * The same page in the other languages: the current path with its locale segment swapped. Plain
 * links (a full load in the new language), and no i18n runtime in the browser: residents on 2G
 * should not download a message formatter to switch language.
 */
export function LanguageLinks({ current, label }: { current: Locale; label: string }) {
  const pathname = usePathname() ?? `/${current}`;
  const rest = pathname.replace(/^\/(uk|ru|en)(?=\/|$)/, "");
  return (
    <nav aria-label={label} className="language-switch">
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            {locale === current ? (
              <span aria-current="true" lang={locale}>
                {LABEL[locale]}
              </span>
            ) : (
              <a href={`/${locale}${rest}`} lang={locale} hrefLang={locale}>
                {LABEL[locale]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
