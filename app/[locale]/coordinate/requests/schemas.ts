import { z } from "zod";
import { checkbox } from "@/lib/forms/contact-fields";
import { REQUEST_REASON_MAX } from "@/lib/forms/limits";
import { requestFactFields } from "@/lib/forms/request-fields";
import { REQUESTER_KINDS, TRANSPORT_REQUEST_STATUSES } from "@/lib/transport-requests";
import { oneOf, text, uuid, version } from "@/lib/forms/zod-fields";

/** Claim: which request. The database decides between two claims at once, so no version is needed. */
export const claimRequestSchema = z.object({ id: uuid });

/** Release: the version the coordinator saw, refused if the request changed since. */
export const releaseRequestSchema = z.object({ id: uuid, version });

const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Merge: this request (on the version seen) is a duplicate of another, named by its page's link
 * as copied from the address bar or the pool, or by its id alone.
 */
export const mergeRequestSchema = z.object({
  id: uuid,
  version,
  intoId: z
    .string({ error: "required" })
    .trim()
    .min(1, { error: "required" })
    .transform((v) => UUID_IN_TEXT.exec(v)?.[0]?.toLowerCase() ?? "")
    .refine((v) => v !== "", { error: "mergeTargetFormat" }),
  /** "kept": merged from the kept request's page, which is where the coordinator goes back to. */
  show: oneOf(["kept"]).optional(),
});

export const requestStatusSchema = z.object({ id: uuid, version, status: oneOf(TRANSPORT_REQUEST_STATUSES) });

/**
 * A request phoned in to the hotline. A contact (phone or Telegram) is needed unless the operator
 * says why there is none; consent read out on the phone is needed unless the operator says why
 * it could not be (the same reason field: someone calling for a neighbour with no phone).
 */
export const hotlineRequestSchema = z
  .object({
    townSlug: z.string({ error: "required" }).trim().min(1, { error: "required" }),
    ...requestFactFields,
    requesterKind: oneOf(REQUESTER_KINDS),
    consent: checkbox,
    noContactReason: text(REQUEST_REASON_MAX, { optional: true }).default(""),
  })
  .refine((v) => v.childrenCount <= v.peopleCount, { path: ["childrenCount"], error: "childrenOverPeople" })
  .refine((v) => v.phone !== "" || v.telegram !== "" || v.noContactReason !== "", { path: ["noContactReason"], error: "noContactReasonRequired" })
  .refine((v) => v.consent || v.noContactReason !== "", { path: ["consent"], error: "consentRequired" });

export type HotlineRequestInput = z.output<typeof hotlineRequestSchema>;
