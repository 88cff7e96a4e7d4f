import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { setRequestLocale } from "next-intl/server";
import { routing, type Locale } from "./routing";

/**
 * The page's language from its params, or 404. Every page calls this itself: Next renders a page
 * concurrently with its layout, so the layout's check alone does not stop a page from running
 * with a bogus "locale" such as "favicon.ico".
 */
export async function pageLocale(params: Promise<{ locale: string }>): Promise<Locale> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  return locale;
}
