import { z } from "zod";
import { GEO_PRECISIONS, INCIDENT_CATEGORIES, TIME_PRECISIONS, VERIFICATION_STATES } from "@/lib/enum-values";
import { CASUALTIES_CONFIRM_ABOVE, CASUALTIES_MAX, INCIDENT_INTERNAL_MAX, INCIDENT_TEXT_MAX } from "@/lib/forms/limits";
import { sourcesField } from "@/lib/forms/source-fields";
import {
  joinLocalizedTexts,
  kyivDateTime,
  localizedTextFields,
  oneLanguageRequired,
  oneOf,
  optionalCoordinate,
  text,
  uuid,
  version,
  whenFieldsValid,
} from "@/lib/forms/zod-fields";
import { MAX_CLOCK_SKEW_MS } from "@/lib/freshness";

/**
 * Blank means unknown (never 0); otherwise a whole number of people up to CASUALTIES_MAX. A
 * number too large says so with the range (not "enter a whole number", which it is).
 */
export const casualtyCount = z
  .string({ error: "required" })
  .trim()
  .transform((value, ctx) => {
    if (value === "") return null;
    if (/^-\d+$/.test(value)) {
      ctx.addIssue({ code: "custom", message: "notNegative" });
      return z.NEVER;
    }
    if (!/^\d+$/.test(value)) {
      ctx.addIssue({ code: "custom", message: "wholeNumber" });
      return z.NEVER;
    }
    const n = Number(value);
    if (n > CASUALTIES_MAX) {
      ctx.addIssue({ code: "custom", message: "numberRange", params: { min: 0, max: CASUALTIES_MAX } });
      return z.NEVER;
    }
    return n;
  });

const CASUALTY_FIELDS = ["killed", "injured", "missing"] as const;

/** The figures above the plausible bound for one incident, which the coordinator must confirm. */
export function casualtiesToConfirm(v: Record<(typeof CASUALTY_FIELDS)[number], number | null>) {
  return CASUALTY_FIELDS.filter((field) => (v[field] ?? 0) > CASUALTIES_CONFIRM_ABOVE);
}

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
  lat: optionalCoordinate(90, "latitudeRange"),
  lon: optionalCoordinate(180, "longitudeRange"),
  geoPrecision: oneOf(GEO_PRECISIONS),
  killed: casualtyCount,
  injured: casualtyCount,
  missing: casualtyCount,
  /** The "I have checked" box, shown when a figure is above CASUALTIES_CONFIRM_ABOVE. */
  casualtiesConfirmed: z.preprocess((v) => v === "1", z.boolean()),
  ...localizedTextFields("publicSummary", INCIDENT_TEXT_MAX),
  internalDescription: text(INCIDENT_INTERNAL_MAX, { optional: true }),
  verification: oneOf(VERIFICATION_STATES),
  sources: sourcesField(1),
  routeIds: ids,
  agreementIds: ids,
});

type IncidentFields = z.output<typeof fields>;

/**
 * Where: a town, a point, or both; a point needs both numbers. A public summary in at least one
 * language. A casualty figure above the bound for one incident is saved only once confirmed.
 */
const withIncidentRules = <T extends z.ZodType<IncidentFields>>(schema: T) =>
  schema
    .refine((v) => (v.lat === null) === (v.lon === null), { path: ["lon"], error: "pointIncomplete", ...whenFieldsValid("lat", "lon") })
    .refine((v) => v.townId !== null || v.lat !== null, { path: ["townId"], error: "locationRequired", ...whenFieldsValid("townId", "lat", "lon") })
    .refine((v) => v.casualtiesConfirmed || casualtiesToConfirm(v).length === 0, {
      path: ["casualtiesConfirmed"],
      error: "casualtiesConfirm",
      params: { max: CASUALTIES_CONFIRM_ABOVE },
      ...whenFieldsValid(...CASUALTY_FIELDS, "casualtiesConfirmed"),
    })
    .refine(...oneLanguageRequired("publicSummary"))
    .transform(joinLocalizedTexts("publicSummary"))
    .transform(({ casualtiesConfirmed: _confirmed, ...v }) => v);

export const incidentFormSchema = withIncidentRules(fields);
export const incidentEditSchema = withIncidentRules(fields.extend({ id: uuid, version }));

/**
 * An incident as it is written: what the form's schema yields. The write (db/queries/incident-writes.ts),
 * the form's values and the demo scenario are this shape, each changed only where it differs.
 */
export type IncidentInput = z.output<typeof incidentFormSchema>;
