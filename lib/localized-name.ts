/** Picks the name in the page's language from a row with nameUk / nameRu / nameEn. */
export function localizedName(row: { nameUk: string; nameRu: string; nameEn: string }, locale: string): string {
  if (locale === "uk") return row.nameUk;
  if (locale === "ru") return row.nameRu;
  return row.nameEn;
}

/** The same for any trio of fields with a common stem: textUk / textRu / textEn. */
export function localizedText(row: { textUk: string; textRu: string; textEn: string }, locale: string): string {
  return localizedName({ nameUk: row.textUk, nameRu: row.textRu, nameEn: row.textEn }, locale);
}
