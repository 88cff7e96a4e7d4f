import { LOCALES, routing, type Locale } from "@/i18n/routing";

/**
 * The page language for an unprefixed lite URL from Accept-Language ("ru-RU,ru;q=0.9,en;q=0.8"):
 * the highest-weighted language we have (by its primary subtag), else the default (Ukrainian).
 * No redirect: on 2G a redirect costs a round trip of seconds.
 */
export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return routing.defaultLocale;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  const match = ranked.find((entry) => (LOCALES as readonly string[]).includes(entry.lang));
  return (match?.lang as Locale | undefined) ?? routing.defaultLocale;
}
