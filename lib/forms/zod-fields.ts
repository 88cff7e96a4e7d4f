import { z } from "zod";
import { parseWallClockInput, wallClockExists, zonedWallClockToUtc, type WallClock } from "@/lib/local-time";
import { hasAnyText, type LocalizedText } from "@/lib/localized-text";
import type { FieldError } from "./form-state";

// Zod building blocks whose error messages are codes for `forms.errors.*`, so every form shows
// the same clear wording for the same problem.

// NUL cannot be stored in PostgreSQL text and other control characters only hide content;
// tabs and line breaks are fine. Markup is NOT refused: it is kept as text and React renders it inert.
// U+FFFE and U+FFFF are not allowed in XML: one in a reason would break every feed and CAP alert.
// The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder
// what follows them on screen: a reason with an unclosed override showed the words after it, the
// status time included, reversed. Ukrainian, Russian and English never need them; the plain marks
// (U+200E, U+200F) reorder nothing and stay.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/;

export const hasControlCharacters = (value: string) => CONTROL_CHARACTERS.test(value);

/** Browsers count a line break as one character in maxLength; the server must count the same. */
const normaliseLineBreaks = (value: unknown) => (typeof value === "string" ? value.replace(/\r\n?/g, "\n") : value);

/** Trimmed text, required unless `optional`, at most `max` characters. */
export function text(max: number, { optional = false }: { optional?: boolean } = {}) {
  const base = z.preprocess(
    normaliseLineBreaks,
    z
      .string({ error: "required" })
      .trim()
      .max(max, { error: "tooLong" })
      .refine((v) => !CONTROL_CHARACTERS.test(v), { error: "invalidCharacters" }),
  );
  return optional ? base : base.refine((v) => v.length > 0, { error: "required" });
}

/** A number typed into a form field ("48.9"), with a code for each way it can be wrong. */
export function decimal(min: number, max: number, rangeCode: string) {
  return z
    .string({ error: "required" })
    .trim()
    .min(1, { error: "required" })
    // A decimal comma too: a phone set to Ukrainian or Russian shows one on its decimal keyboard,
    // and a field holding one number cannot misread it (a line of pairs still refuses it).
    .regex(/^[-+]?\d+([.,]\d+)?$/, { error: "invalidNumber" })
    .transform((v) => Number(v.replace(",", ".")))
    .refine((n) => n >= min && n <= max, { error: rangeCode, params: { min, max } });
}

export function wholeNumber(min: number, max: number) {
  return z
    .string({ error: "required" })
    .trim()
    .min(1, { error: "required" })
    .regex(/^\d+$/, { error: "wholeNumber" })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: "numberRange", params: { min, max } });
}

/**
 * The form fields of one text written in the three published languages, `<name>Uk`, `<name>Ru`
 * and `<name>En` (the inputs of components/forms/localized-text-fields.tsx), each optional and at
 * most `max` characters: one over the limit is refused beside its own input, never cut. Spread
 * into a z.object shape; `joinLocalizedTexts` then makes them one LocalizedText, and
 * `oneLanguageRequired` refuses a required text left blank in all three.
 */
export function localizedTextFields<const N extends string>(name: N, max: number) {
  const field = () => text(max, { optional: true }).default("");
  return { [`${name}Uk`]: field(), [`${name}Ru`]: field(), [`${name}En`]: field() } as Record<LanguageFieldName<N>, ReturnType<typeof field>>;
}

export type LanguageFieldName<N extends string> = `${N}Uk` | `${N}Ru` | `${N}En`;

/** The three field names of a three-language text, in the order uk, ru, en. */
export const languageFieldNames = <N extends string>(name: N): [`${N}Uk`, `${N}Ru`, `${N}En`] => [`${name}Uk`, `${name}Ru`, `${name}En`];

type WithLocalizedTexts<T, N extends string> = Omit<T, LanguageFieldName<N>> & Record<N, LocalizedText>;

/** For a schema's `.transform`: each named text's three fields as one LocalizedText under its name. */
export function joinLocalizedTexts<const N extends string>(...names: N[]) {
  return <T extends Record<LanguageFieldName<N>, string>>(value: T): WithLocalizedTexts<T, N> => {
    const joined: Record<string, unknown> = { ...value };
    for (const name of names) {
      const [uk, ru, en] = languageFieldNames(name);
      joined[name] = { uk: value[uk], ru: value[ru], en: value[en] } satisfies LocalizedText;
      delete joined[uk];
      delete joined[ru];
      delete joined[en];
    }
    return joined as WithLocalizedTexts<T, N>;
  };
}

/**
 * For a whole-form `.refine(...oneLanguageRequired(name))`: at least one of the three languages
 * written. The message belongs to the fieldset (key `name`), not to one language: any will do.
 */
export function oneLanguageRequired<const N extends string>(name: N) {
  const [uk, ru, en] = languageFieldNames(name);
  const written = (value: Record<LanguageFieldName<N>, string>) => hasAnyText({ uk: value[uk], ru: value[ru], en: value[en] });
  const params = { path: [name] as PropertyKey[], error: "oneLanguageRequired", ...whenFieldsValid(uk, ru, en) };
  return [written, params] as [typeof written, typeof params];
}

/**
 * Repeated checkboxes ("reasonCodes[]") from a closed list: each value must be one of `values`
 * (an unknown one refuses the form rather than being dropped), duplicates collapse, and the
 * result is in the list's own order.
 */
export function someOf<const T extends readonly [string, ...string[]]>(values: T, max = values.length) {
  return z
    .array(z.enum(values, { error: "invalidChoice" }), { error: "invalidChoice" })
    .max(max * 4, { error: "invalidChoice" })
    .default([])
    .transform((chosen) => values.filter((v) => chosen.includes(v)) as T[number][]);
}

/** Ids from selects and hidden fields; lower-cased, as PostgreSQL prints them. */
export const uuid = z.uuid({ error: "invalidChoice" }).transform((v) => v.toLowerCase());

/** A choice that may be left empty ("none"): the empty option and a missing field are null. */
export const optionalUuid = z.preprocess((v) => (v === "" || v === undefined ? null : v), uuid.nullable());

/** An optimistic-concurrency version carried by the form. */
export const version = z.coerce.number({ error: "invalidChoice" }).int().min(1, { error: "invalidChoice" });

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: "invalidChoice" });
}

/** An optional http(s) link; anything else (javascript:, data:, ftp:) is refused. */
export const optionalHttpUrl = z
  .string({ error: "required" })
  .trim()
  .max(2000, { error: "tooLong" })
  .refine((v) => !CONTROL_CHARACTERS.test(v), { error: "invalidCharacters" })
  .refine((v) => v === "" || isHttpUrl(v), { error: "invalidUrl" })
  // Stored as the parser normalised it, so what is saved is exactly the link that was checked.
  .transform((v) => (v === "" ? v : new URL(v).href));

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // Credentials in a link ("https://user:pass@host") would be published with it, and are a phishing trick.
    return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

/** One error per field (the first), with the limits the message needs. */
export function fieldErrorsOf(error: z.ZodError): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "form";
    if (errors[field]) continue;
    const values: Record<string, string | number> = {};
    if ("maximum" in issue && typeof issue.maximum === "number") values.max = issue.maximum;
    if ("minimum" in issue && typeof issue.minimum === "number") values.min = issue.minimum;
    const params = (issue as { params?: Record<string, string | number> }).params;
    errors[field] = { code: issue.message, values: { ...values, ...params } };
  }
  return errors;
}

/**
 * A datetime-local value ("2026-11-21T18:00") read as wall-clock time in Kyiv, whatever the
 * browser's zone: coordinators and the articles give local times ("from 10:00 local time").
 * The offset of that very date is used, so daylight-saving changes convert correctly.
 */
export function kyivDateTime() {
  return z
    .string({ error: "required" })
    .trim()
    .min(1, { error: "required" })
    .transform((value, ctx) => readKyivDateTime(value, ctx));
}

/** The same, where blank means "none". */
export function optionalKyivDateTime() {
  return z
    .string({ error: "required" })
    .trim()
    .transform((value, ctx) => (value === "" ? null : readKyivDateTime(value, ctx)));
}

/**
 * Refuses a time the clocks skipped (27 March 2022, 03:30 in Kyiv) instead of letting TZDate move
 * it an hour later without a word. A time that happened twice, the night the clocks go back, is
 * read as its second occurrence (+02:00); the offset is shown wherever the time is, so it is visible.
 */
function readKyivDateTime(value: string, ctx: z.RefinementCtx): Date {
  const parts = parseWallClockInput(value);
  const at = parts ? safeWallClockToUtc(parts) : null;
  if (!parts || !at) {
    ctx.addIssue({ code: "custom", message: "invalidDateTime" });
    return z.NEVER;
  }
  if (!wallClockExists(parts)) {
    ctx.addIssue({ code: "custom", message: "nonexistentLocalTime" });
    return z.NEVER;
  }
  return at;
}

function safeWallClockToUtc(parts: WallClock): Date | null {
  try {
    return zonedWallClockToUtc(parts);
  } catch {
    return null;
  }
}

/**
 * For a whole-form refine: run it as soon as the fields it reads are valid, even while other
 * fields are not, so every problem shows on the first submit instead of one after another.
 */
export const whenFieldsValid = (...fields: string[]) => ({
  when: (payload: { value: unknown; issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    // Not when the input is no object at all (null, a string, an array): the refine would throw.
    typeof payload.value === "object" &&
    payload.value !== null &&
    !Array.isArray(payload.value) &&
    !payload.issues.some((issue) => !issue.path?.length || fields.includes(String(issue.path[0]))),
});

/** An optional coordinate; both or neither must be given (checked on the whole form). */
export const optionalCoordinate = (limit: number, rangeCode: string) =>
  z
    .string({ error: "required" })
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      if (!/^[-+]?\d+(\.\d+)?$/.test(value)) {
        ctx.addIssue({ code: "custom", message: "invalidNumber" });
        return z.NEVER;
      }
      const n = Number(value);
      if (n < -limit || n > limit) {
        ctx.addIssue({ code: "custom", message: rangeCode });
        return z.NEVER;
      }
      return n;
    });
