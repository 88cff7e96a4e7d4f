import { z } from "zod";
import { checkbox } from "@/lib/forms/contact-fields";
import { requestFactFields } from "@/lib/forms/request-fields";
import { decimal, oneOf, whenFieldsValid } from "@/lib/forms/zod-fields";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "@/lib/slug";
import { normaliseReferenceCode } from "@/lib/transport-requests";

/** Who may ask on the residents' form: the person, someone for them, an organisation. A hotline operator signs in. */
export const RESIDENT_REQUESTER_KINDS = ["self", "relative", "organisation"] as const;

/** A blank field is null; anything else must be a number in range. */
const optionalCoordinate = (min: number, max: number, code: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), decimal(min, max, code).optional()).transform((v) => v ?? null);

/**
 * A resident's request for transport, as the form at /{locale}/transport posts it. Every field
 * that can be wrong has its own message code (forms.errors, or askTransport.errors where a
 * resident needs other words than a coordinator). A contact is always needed: only a signed-in
 * hotline operator may take a request without one. The point is optional and, like the address,
 * never published.
 */
export const residentRequestSchema = z
  .object({
    town: z
      .string({ error: "unknownTown" })
      .trim()
      .refine((v) => v.length > 0 && v.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(v), { error: "unknownTown" }),
    ...requestFactFields,
    lat: optionalCoordinate(-90, 90, "latitudeRange"),
    lon: optionalCoordinate(-180, 180, "longitudeRange"),
    requesterKind: oneOf(RESIDENT_REQUESTER_KINDS),
    consent: checkbox,
  })
  .refine((v) => v.childrenCount <= v.peopleCount, { path: ["childrenCount"], error: "childrenOverPeople", ...whenFieldsValid("peopleCount", "childrenCount") })
  .refine((v) => v.phone !== "" || v.telegram !== "", { path: ["phone"], error: "contactRequired", ...whenFieldsValid("phone", "telegram") })
  .refine((v) => (v.lat === null) === (v.lon === null), { path: ["lat"], error: "pointIncomplete", ...whenFieldsValid("lat", "lon") })
  .refine((v) => v.consent, { path: ["consent"], error: "consentRequired", ...whenFieldsValid("consent") });

export type ResidentRequestInput = z.output<typeof residentRequestSchema>;

// A code typed on a Cyrillic keyboard: the letters that look like the code's Latin ones are taken as those.
const LOOKALIKES: Record<string, string> = { А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", Х: "X" };
const latinLookalikes = (v: string) => v.toUpperCase().replace(/[АВЕКМНОРСТХ]/g, (c) => LOOKALIKES[c]!);

/** Withdrawal: the reference code as typed or read back, in any case, with spaces, O for 0, or Cyrillic look-alikes. */
export const withdrawalSchema = z.object({
  code: z
    .string({ error: "invalidReferenceCode" })
    .max(40, { error: "invalidReferenceCode" })
    .transform((v, ctx) => {
      const code = normaliseReferenceCode(latinLookalikes(v));
      if (code === null) {
        ctx.addIssue({ code: "custom", message: "invalidReferenceCode" });
        return z.NEVER;
      }
      return code;
    }),
});
