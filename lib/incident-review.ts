import type { VerificationState, Visibility } from "@/lib/enum-values";

/** Coordinators move an incident between these; verified, disputed and false are an admin's review. */
export const COORDINATOR_VERIFICATIONS: readonly VerificationState[] = ["unverified", "corroborated"];

/**
 * Once an admin has verified, disputed, retracted or published an incident, only an admin changes
 * it: a published summary or a verified count must not be rewritten behind the review.
 */
export function isAdminReviewed(incident: { verification: VerificationState; visibility: Visibility }): boolean {
  return !COORDINATOR_VERIFICATIONS.includes(incident.verification) || incident.visibility === "public";
}

/** What an admin can do to an incident from the review page. "retract" marks it false. */
export const REVIEW_ACTIONS = ["verify", "dispute", "retract", "publish", "unpublish"] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** Disputing or retracting without saying why leaves the next reviewer guessing: a note is required. */
export const REVIEW_ACTIONS_NEEDING_NOTE: readonly ReviewAction[] = ["dispute", "retract"];

export type ReviewState = { verification: VerificationState; visibility: Visibility };

export type ReviewOutcome =
  | { ok: true; next: ReviewState }
  /** Why the action does not apply to the incident as it is now. */
  | { ok: false; code: "reviewAlreadyInState" | "reviewRetractedNotPublic" };

/**
 * The review state machine. Every action applies from any state except the one it leads to, so a
 * mistaken retraction can be undone by verifying or disputing again. Retracting also takes the
 * incident off the public pages, and a retracted incident cannot be published: the public must
 * never be shown a report the organisation has declared false.
 */
export function applyReview(current: ReviewState, action: ReviewAction): ReviewOutcome {
  const next: ReviewState = { ...current };
  switch (action) {
    case "verify":
      next.verification = "verified";
      break;
    case "dispute":
      next.verification = "disputed";
      break;
    case "retract":
      next.verification = "false";
      next.visibility = "internal";
      break;
    case "publish":
      if (current.verification === "false") return { ok: false, code: "reviewRetractedNotPublic" };
      next.visibility = "public";
      break;
    case "unpublish":
      next.visibility = "internal";
      break;
  }
  if (next.verification === current.verification && next.visibility === current.visibility) return { ok: false, code: "reviewAlreadyInState" };
  return { ok: true, next };
}

/** Which review actions to offer for an incident in this state (the data layer re-checks). */
export function availableReviewActions(current: ReviewState): ReviewAction[] {
  return REVIEW_ACTIONS.filter((action) => applyReview(current, action).ok);
}
