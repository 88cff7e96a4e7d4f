import { smsSegments } from "./sms-segments";

// One typographic dash or quote outside GSM-7's alphabet makes a whole SMS UCS-2: 70 characters
// a part instead of 160, so an English message of 100 characters costs two SMS instead of one.
// Where a text is otherwise GSM-7 (English, transliterated names) those characters are replaced
// by their plain equivalents; Cyrillic text is UCS-2 whatever we do and is left exactly as is.

const PLAIN: ReadonlyArray<[RegExp, string]> = [
  [/[\u2010-\u2015\u2212]/g, "-"], // hyphens, en and em dashes, minus
  [/[\u2018\u2019\u201A\u201B\u2032]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033]/g, '"'],
  [/\u2026/g, "..."],
  [/\u2192/g, "->"],
  [/[\u00A0\u2007\u2009\u200A\u202F]/g, " "], // non-breaking and thin spaces
];

/** The text in GSM-7 when plain dashes, quotes and spaces are all that stand in the way; else unchanged. */
export function toGsm7WherePossible(text: string): string {
  if (smsSegments(text).encoding === "GSM-7") return text;
  const plain = PLAIN.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
  return smsSegments(plain).encoding === "GSM-7" ? plain : text;
}
