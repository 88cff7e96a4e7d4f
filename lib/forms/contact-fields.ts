import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { REQUEST_TELEGRAM_MAX } from "./limits";
import { text } from "./zod-fields";

// How a person asking for transport can be reached, as the hotline form and the residents' form
// both take it: one rule for what a phone number or a Telegram account is.

/** A phone number as said or typed: Ukrainian unless it starts with +, stored as E.164 (libphonenumber-js). Blank is none. */
export const phoneField = z
  .string({ error: "invalidPhone" })
  .default("")
  .transform((v) => v.trim())
  .transform((raw, ctx) => {
    if (raw === "") return "";
    const parsed = parsePhoneNumberFromString(raw, "UA");
    if (!parsed?.isValid()) {
      ctx.addIssue({ code: "custom", message: "invalidPhone" });
      return z.NEVER;
    }
    return parsed.number;
  });

/** A Telegram @username (5–32 letters, digits, underscores) or a numeric chat id. Blank is none. */
export const telegramField = text(REQUEST_TELEGRAM_MAX, { optional: true })
  .default("")
  .refine((v) => v === "" || /^@?[A-Za-z][A-Za-z0-9_]{4,31}$/.test(v) || /^-?\d{5,20}$/.test(v), { error: "invalidTelegram" });

/** A checkbox: ticked sends "on" (or "true" from a script); unticked sends nothing. */
export const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());
