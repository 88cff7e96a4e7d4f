import "server-only";
import { hasLocale } from "next-intl";
import { getLocale } from "next-intl/server";
import { redirect } from "./navigation";
import { routing, type Locale } from "./routing";

/**
 * The language of the page a server action was posted from. An action posts to its page's own
 * URL, so next-intl's proxy reads the language from that path (i18n/request.ts falls back to the
 * default for anything else). It is never a form field: server actions are public endpoints, and
 * nothing a caller sends can choose it.
 */
export async function actionLocale(): Promise<Locale> {
  const locale = await getLocale();
  return hasLocale(routing.locales, locale) ? locale : routing.defaultLocale;
}

/** In a server action: redirect to `href` (no language prefix) in the language of the page it was posted from. */
export async function redirectInPageLocale(href: string): Promise<never> {
  return redirect({ href, locale: await actionLocale() });
}
