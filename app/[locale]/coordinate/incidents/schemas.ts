import { z } from "zod";
import { GEO_PRECISIONS, INCIDENT_CATEGORIES, TIME_PRECISIONS, VERIFICATION_STATES } from "@/lib/enum-values";
import { INCIDENT_TEXT_MAX } from "@/lib/forms/limits";
import { sourcesField } from "@/lib/forms/source-fields";
import { kyivDateTime, oneOf, text, uuid, version, whenFieldsValid } from "@/lib/forms/zod-fields";
import { MAX_CLOCK_SKEW_MS } from "@/lib/freshness";

/** Blank means unknown (never 0); otherwise a whole number of people. */
const casualties = z
  .string({ error: "required" })
  .trim()
  .transform((value, ctx) => {
    if (value === "") return null;
    if (!/^\d{1,6}$/.test(value)) {
      ctx.addIssue({ code: "custom", message: /^-/.test(value) ? "notNegative" : "wholeNumber" });
      return z.NEVER;
    }
    return Number(value);
  });

/** An optional coordinate; both or neither must be given (checked on the whole form). */
const coordinate = (limit: number, rangeCode: string) =>
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

const ids = z.array(uuid, { error: "invalidChoice" }).max(200, { error: "invalidChoice" }).default([]);

const fields = z.object({
  category: oneOf(INCIDENT_CATEGORIES),
  occurredAt: kyivDateTime()
    // A little clock skew is tolerated; a report of something that has not happened yet is a typo.
    .refine((at) => at.getTime() <= Date.now() + MAX_CLOCK_SKEW_MS, { error: "occurredInFuture" }),
  occurredPrecision: oneOf(TIME_PRECISIONS),
  townId: z
    .string({ error: "required" })
    .trim()
    .transform((v) => v || null)
    .pipe(uuid.nullable()),
  lat: coordinate(90, "latitudeRange"),
  lon: coordinate(180, "longitudeRange"),
  geoPrecision: oneOf(GEO_PRECISIONS),
  killed: casualties,
  injured: casualties,
  missing: casualties,
  publicSummary: text(INCIDENT_TEXT_MAX),
  internalDescription: text(INCIDENT_TEXT_MAX * 4, { optional: true }),
  verification: oneOf(VERIFICATION_STATES),
  sources: sourcesField(1),
  routeIds: ids,
  agreementIds: ids,
});

/** Where: a town, a point, or both; a point needs both numbers. */
const withLocationRules = <T extends z.ZodType<{ townId: string | null; lat: number | null; lon: number | null }>>(schema: T) =>
  schema
    .refine((v) => (v.lat === null) === (v.lon === null), { path: ["lon"], error: "pointIncomplete", ...whenFieldsValid("lat", "lon") })
    .refine((v) => v.townId !== null || v.lat !== null, { path: ["townId"], error: "locationRequired", ...whenFieldsValid("townId", "lat", "lon") });

export const incidentFormSchema = withLocationRules(fields);
export const incidentEditSchema = withLocationRules(fields.extend({ id: uuid, version }));
