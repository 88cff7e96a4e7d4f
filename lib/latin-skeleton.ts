import transliterate from "@sindresorhus/transliterate";

// One Latin "skeleton" for a word however it is written: Ukrainian or Russian Cyrillic, an
// official romanisation or an older one. Town search and the similar-address check both fold
// through it, so "Шевченка" and "Shevchenka", "Гагаріна" and "Gagarina" meet.

// Applied in order to a lowercase Latin transliteration. Ukrainian romanises Г as h where Russian
// has g (Hirske / Gorskoye, Luhansk / Lugansk); iotated vowels come out as ye, ie, je or plain e;
// Ц as ts, c or z (Sjewjerodonezk); Х as kh or h; Й, И, Ы, І, Ї as y, i or yi.
const FOLDS: [RegExp, string][] = [
  [/shch/g, "sh"],
  [/sch/g, "sh"],
  [/tch/g, "ch"],
  [/kh/g, "h"],
  [/g/g, "h"],
  [/zh/g, "j"],
  [/(?:ts|tz|cz|c)/g, "z"],
  [/w/g, "v"],
  [/[yji]+(?=[aeiouy])/g, ""], // ya, ye, yu, ie, ja, je, ju, iu, yi: the glide is dropped
  [/[yji]/g, "i"],
  [/oe\b/g, "e"], // Gorskoe / Gorskoye after the glide fold
  [/([a-z])\1+/g, "$1"], // Kreminna / Kremina, Kremennaya / Kremenaya
];

/** The folded form of a name, a word or a query: Latin letters only, the usual spelling variants merged. */
export function latinSkeleton(text: string): string {
  let s = transliterate(text.normalize("NFC"))
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "") // diacritics
    .replace(/['’ʼ`´"]/g, "") // apostrophes: Slov'yansk, Lysychans'k
    .replace(/[^a-z]+/g, " ")
    .trim();
  for (const [pattern, replacement] of FOLDS) s = s.replace(pattern, replacement);
  return s.replace(/\s+/g, " ").trim();
}
