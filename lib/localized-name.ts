/** A place's (or anything's) name in the three languages every page is published in. */
export type LocalizedName = { nameUk: string; nameRu: string; nameEn: string };

/** Picks the name in the page's language. */
export function localizedName(row: LocalizedName, locale: string): string {
  if (locale === "uk") return row.nameUk;
  if (locale === "ru") return row.nameRu;
  return row.nameEn;
}

const FALLBACK_ORDER = ["uk", "en", "ru"] as const;

/**
 * A coordinator-written text (notices) in the page's language. Only Ukrainian is required when
 * writing one in the field, so a missing translation falls back to another language (Ukrainian
 * first) and says which, so the page can mark it with `lang`.
 */
export function localizedText(
  row: { textUk: string; textRu: string; textEn: string },
  locale: string,
): { text: string; lang: string } {
  const byLocale: Record<string, string> = { uk: row.textUk, ru: row.textRu, en: row.textEn };
  if (byLocale[locale]?.trim()) return { text: byLocale[locale], lang: locale };
  const lang = FALLBACK_ORDER.find((l) => byLocale[l]?.trim()) ?? "uk";
  return { text: byLocale[lang] ?? "", lang };
}

/** The three names keyed by language, as the public API and exports give them. */
export function nameSet(row: LocalizedName): { uk: string; ru: string; en: string } {
  return { uk: row.nameUk, ru: row.nameRu, en: row.nameEn };
}
