import { z } from "zod";
import { checkbox } from "@/lib/forms/contact-fields";
import { joinLocalizedTexts, kyivDateTime, localizedTextFields, oneOf, optionalUuid, text, uuid, version, wholeNumber, whenFieldsValid } from "@/lib/forms/zod-fields";
import { MAX_RUN_SEATS, MAX_RUN_SPECIAL_PLACES, RUN_ASSEMBLY_POINT_MAX, RUN_CREW_CONTACT_MAX, RUN_OUTCOMES, TRANSPORT_RUN_STATUSES, VEHICLE_KINDS } from "@/lib/transport-runs";


const optionalSlug = z
  .string()
  .trim()
  .default("")
  .transform((v) => (v === "" ? null : v));

/**
 * A new run: the vehicle and its places, a route of the organisation's or a town for door-to-door
 * pickups, the departure window in Kyiv time, and where it goes. The crew's contact is sealed in
 * the action before it reaches the database.
 */
export const newRunSchema = z
  .object({
    vehicle: oneOf(VEHICLE_KINDS),
    seats: wholeNumber(0, MAX_RUN_SEATS),
    wheelchairPlaces: wholeNumber(0, MAX_RUN_SPECIAL_PLACES),
    stretcherPlaces: wholeNumber(0, MAX_RUN_SPECIAL_PLACES),
    petsAllowed: checkbox,
    routeId: optionalUuid,
    townSlug: optionalSlug,
    departsFrom: kyivDateTime(),
    departsUntil: kyivDateTime(),
    ...localizedTextFields("assemblyPoint", RUN_ASSEMBLY_POINT_MAX),
    destinationTownSlug: z.string({ error: "required" }).trim().min(1, { error: "required" }),
    receptionPointId: optionalUuid,
    crewContact: text(RUN_CREW_CONTACT_MAX, { optional: true }).default(""),
  })
  .refine((v) => v.seats + v.wheelchairPlaces + v.stretcherPlaces > 0, { path: ["seats"], error: "runNoPlaces", ...whenFieldsValid("seats", "wheelchairPlaces", "stretcherPlaces") })
  .refine((v) => v.departsUntil > v.departsFrom, { path: ["departsUntil"], error: "windowOrder", ...whenFieldsValid("departsFrom", "departsUntil") })
  .refine((v) => v.routeId !== null || v.townSlug !== null, { path: ["townSlug"], error: "runRouteOrTown", ...whenFieldsValid("routeId", "townSlug") })
  .transform(joinLocalizedTexts("assemblyPoint"));

export type NewRunInput = z.output<typeof newRunSchema>;

export const assignSchema = z.object({ runId: uuid, requestId: uuid });
export const moveSchema = z.object({ runId: uuid, requestId: uuid, toRunId: uuid });
export const removeSchema = z.object({ runId: uuid, requestId: uuid });
export const outcomeSchema = z.object({ runId: uuid, requestId: uuid, outcome: oneOf(RUN_OUTCOMES) });

/** A step of the run's lifecycle on the version seen; arrival carries the count of people received. */
export const runStatusSchema = z
  .object({
    id: uuid,
    version,
    status: oneOf(TRANSPORT_RUN_STATUSES),
    arrivedCount: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || /^\d{1,3}$/.test(v), { error: "wholeNumber" })
      .transform((v) => (v === "" ? null : Number(v))),
  })
  .refine((v) => v.status !== "arrived" || v.arrivedCount !== null, { path: ["arrivedCount"], error: "required" });

/** A planned run's new window and meeting place: everyone on it is told. */
export const rescheduleSchema = z
  .object({
    id: uuid,
    version,
    departsFrom: kyivDateTime(),
    departsUntil: kyivDateTime(),
    ...localizedTextFields("assemblyPoint", RUN_ASSEMBLY_POINT_MAX),
  })
  .refine((v) => v.departsUntil > v.departsFrom, { path: ["departsUntil"], error: "windowOrder", ...whenFieldsValid("departsFrom", "departsUntil") })
  .transform(joinLocalizedTexts("assemblyPoint"));

/** The reception point a run goes to (empty: none known yet); the data layer holds it to the run's destination town. */
export const runReceptionPointSchema = z.object({ id: uuid, version, receptionPointId: optionalUuid });
