"use server";

import { runFormAction } from "@/auth/form-action";
import { redirectInPageLocale } from "@/i18n/action-locale";
import { reviewIncident } from "@/db/queries/incident-review";
import { getFlagDistanceKm } from "@/env";
import type { FormState } from "@/lib/forms/form-state";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { reviewFormSchema } from "./schemas";

/** Records an admin's review; the page reloads showing the new state and the revision it wrote. */
export async function reviewIncidentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: reviewFormSchema,
    write: (db, user, { id, version, action, note }) =>
      reviewIncident(db, user, { id, baseVersion: version, action, note, flagKm: getFlagDistanceKm() }).then((r) => ({ ...r, action })),
  });
  if (!outcome.ok) return outcome.state;
  // Publishing, retracting and the route flags all show on the public pages.
  revalidatePublicPages();
  const { id, action } = outcome.result;
  return redirectInPageLocale(`/admin/incidents/${id}?reviewed=${action}`);
}
