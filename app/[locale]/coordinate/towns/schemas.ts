import { z } from "zod";
import { decimal, hasControlCharacters, text, uuid, version } from "@/lib/forms/zod-fields";
import { ALIASES_MAX_CHARACTERS, NAME_MAX, PCODE_MAX } from "@/lib/forms/limits";
import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugFrom } from "@/lib/slug";

export const ALIASES_MAX = 30;

// Counted as the character count beside the field counts: trimmed, a line break as one character.
const aliases = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n") : v),
  z
    .string({ error: "required" })
    .trim()
    .max(ALIASES_MAX_CHARACTERS, { error: "tooLong" })
    .refine((v) => !hasControlCharacters(v), { error: "invalidCharacters" })
    .transform((v) => [...new Set(v.split(/[\n,]/).map((a) => a.trim()).filter(Boolean))])
    .refine((list) => list.length <= ALIASES_MAX, { error: "tooManyAliases", params: { max: ALIASES_MAX } })
    .refine((list) => list.every((a) => a.length <= NAME_MAX), { error: "aliasTooLong", params: { max: NAME_MAX } }),
);

/** Town create/edit. The slug may be left blank: it is then made from the English name. */
export const townFormSchema = z
  .object({
    slug: z.string({ error: "required" }).trim().toLowerCase().max(SLUG_MAX_LENGTH, { error: "tooLong" }),
    nameUk: text(NAME_MAX),
    nameRu: text(NAME_MAX),
    nameEn: text(NAME_MAX),
    aliases,
    oblastId: uuid,
    pcode: z
      .string({ error: "required" })
      .trim()
      .toUpperCase()
      .max(PCODE_MAX, { error: "tooLong" })
      .refine((v) => v === "" || /^[A-Z]{2}[0-9A-Z]*$/.test(v), { error: "pcodeFormat" })
      .transform((v) => v || null),
    lat: decimal(-90, 90, "latitudeRange"),
    lon: decimal(-180, 180, "longitudeRange"),
  })
  .transform((v, ctx) => {
    const slug = v.slug || slugFrom(v.nameEn);
    if (!SLUG_PATTERN.test(slug)) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: "slugFormat" });
      return z.NEVER;
    }
    return { ...v, slug };
  });

export const townEditSchema = z.intersection(townFormSchema, z.object({ id: uuid, version }));

export const townDeleteSchema = z.object({ id: uuid, version });
