import { z } from "zod";
import { RECEPTION_NAME_MAX, RECEPTION_ADDRESS_MAX } from "@/lib/forms/limits";
import { MAX_BEDS, RECEPTION_SERVICES, RECEPTION_STATUSES } from "@/lib/reception-points";
import { joinLocalizedTexts, localizedTextFields, oneLanguageRequired, oneOf, someOf, uuid, version, wholeNumber, whenFieldsValid } from "@/lib/forms/zod-fields";

// The reception point form. Its output is what db/queries/reception-points.ts writes, so it lives
// here where db/ may name its type.

const BED_FIELDS = ["bedsTotal", "bedsAccessible", "bedsFree", "bedsAccessibleFree"] as const;

const pointFields = z.object({
  townId: uuid,
  ...localizedTextFields("name", RECEPTION_NAME_MAX),
  ...localizedTextFields("address", RECEPTION_ADDRESS_MAX),
  bedsTotal: wholeNumber(0, MAX_BEDS),
  bedsAccessible: wholeNumber(0, MAX_BEDS),
  bedsFree: wholeNumber(0, MAX_BEDS),
  bedsAccessibleFree: wholeNumber(0, MAX_BEDS),
  services: someOf(RECEPTION_SERVICES),
  status: oneOf(RECEPTION_STATUSES),
});

type Beds = Record<(typeof BED_FIELDS)[number], number>;

/** The counts must fit inside each other, each refusal beside the field a person would correct. */
function withBedRules<T extends z.ZodType<Beds & Record<string, unknown>>>(schema: T) {
  const when = whenFieldsValid(...BED_FIELDS);
  return schema
    .refine((v) => v.bedsAccessible <= v.bedsTotal, { path: ["bedsAccessible"], error: "accessibleOverTotal", ...when })
    .refine((v) => v.bedsFree <= v.bedsTotal, { path: ["bedsFree"], error: "freeOverTotal", ...when })
    .refine((v) => v.bedsAccessibleFree <= v.bedsAccessible, { path: ["bedsAccessibleFree"], error: "accessibleFreeOverAccessible", ...when })
    .refine((v) => v.bedsAccessibleFree <= v.bedsFree, { path: ["bedsAccessibleFree"], error: "accessibleFreeOverFree", ...when });
}

export const receptionPointCreateSchema = withBedRules(pointFields)
  .refine(...oneLanguageRequired("name"))
  .refine(...oneLanguageRequired("address"))
  .transform(joinLocalizedTexts("name", "address"));

export const receptionPointEditSchema = withBedRules(pointFields.extend({ id: uuid, version }))
  .refine(...oneLanguageRequired("name"))
  .refine(...oneLanguageRequired("address"))
  .transform(joinLocalizedTexts("name", "address"));

/** "Still right": the keeper confirms the counts and status unchanged, in one tap. */
export const receptionPointConfirmSchema = z.object({ id: uuid, version });

export type ReceptionPointInput = Omit<z.output<typeof receptionPointCreateSchema>, never>;
export type ReceptionPointEdit = z.output<typeof receptionPointEditSchema>;
