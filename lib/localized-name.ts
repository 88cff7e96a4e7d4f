import type { LocalizedText } from "./localized-text";

/** A place's (or anything's) name in the three languages every page is published in. */
export type LocalizedName = { nameUk: string; nameRu: string; nameEn: string };

/** Picks the name in the page's language. */
export function localizedName(row: LocalizedName, locale: string): string {
  if (locale === "uk") return row.nameUk;
  if (locale === "ru") return row.nameRu;
  return row.nameEn;
}

/** A notice's three text columns as one localized text (lib/localized-text.ts decides the fallback). */
export function noticeText(row: { textUk: string; textRu: string; textEn: string }): LocalizedText {
  return { uk: row.textUk, ru: row.textRu, en: row.textEn };
}

/** The three names keyed by language, as the public API and exports give them. */
export function nameSet(row: LocalizedName): { uk: string; ru: string; en: string } {
  return { uk: row.nameUk, ru: row.nameRu, en: row.nameEn };
}
