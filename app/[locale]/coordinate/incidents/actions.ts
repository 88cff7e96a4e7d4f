"use server";

import { runFormAction } from "@/auth/form-action";
import { redirectInPageLocale } from "@/i18n/action-locale";
import { createIncident, updateIncident } from "@/db/queries/incident-writes";
import { getFlagDistanceKm } from "@/env";
import type { FormState } from "@/lib/forms/form-state";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { incidentEditSchema, incidentFormSchema } from "@/lib/forms/incident-schema";

export async function createIncidentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: incidentFormSchema,
    write: (db, user, input) => createIncident(db, user, { input, flagKm: getFlagDistanceKm() }),
  });
  if (!outcome.ok) return outcome.state;
  // A flagged route shows "under review" on the public pages.
  revalidatePublicPages();
  const flagged = outcome.result.flaggedRoutes.length ? `&flagged=${outcome.result.flaggedRoutes.join(",")}` : "";
  return redirectInPageLocale(`/coordinate/incidents/${outcome.result.id}?saved=1${flagged}`);
}

export async function updateIncidentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: incidentEditSchema,
    write: (db, user, { id, version, ...input }) => updateIncident(db, user, { id, baseVersion: version, input, flagKm: getFlagDistanceKm() }),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  const flagged = outcome.result.flaggedRoutes.length ? `&flagged=${outcome.result.flaggedRoutes.join(",")}` : "";
  return redirectInPageLocale(`/coordinate/incidents/${outcome.result.id}?saved=1${flagged}`);
}
