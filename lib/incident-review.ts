import type { VerificationState, Visibility } from "@/db/schema/enum-values";

/** Coordinators move an incident between these; verified, disputed and false are an admin's review. */
export const COORDINATOR_VERIFICATIONS: readonly VerificationState[] = ["unverified", "corroborated"];

/**
 * Once an admin has verified, disputed, retracted or published an incident, only an admin changes
 * it: a published summary or a verified count must not be rewritten behind the review.
 */
export function isAdminReviewed(incident: { verification: VerificationState; visibility: Visibility }): boolean {
  return !COORDINATOR_VERIFICATIONS.includes(incident.verification) || incident.visibility === "public";
}
