import { useLocale, useTranslations } from "next-intl";
import type { Locale } from "@/i18n/routing";
import { LanguageLinks } from "./language-links";

/** Links to the same page in the other languages; they work before any JavaScript runs too. */
export function LanguageSwitch() {
  const t = useTranslations("nav");
  return <LanguageLinks current={useLocale() as Locale} label={t("language")} />;
}
