import type { VerificationState, Visibility } from "@/lib/enum-values";
import { isAdminReviewed } from "@/lib/incident-review";
import { roleSatisfies } from "@/lib/roles";
import type { SessionUser } from "@/lib/session-user";

/** Whether to offer the edit form (the data layer refuses the save anyway; this spares a useless form). */
export function mayEdit(incident: { verification: VerificationState; visibility: Visibility }, user: SessionUser): boolean {
  return !isAdminReviewed(incident) || roleSatisfies(user.role, "admin");
}
