"use server";

import { revalidatePath } from "next/cache";
import { runFormAction } from "@/auth/form-action";
import { redirectInPageLocale } from "@/i18n/action-locale";
import { confirmRouteStatus, updateRouteStatus } from "@/db/queries/route-status";
import { createRoute, updateRouteDetails } from "@/db/queries/routes";
import type { FormState } from "@/lib/forms/form-state";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { routeEditSchema, routeFormSchema, statusConfirmSchema, statusUpdateSchema } from "./schemas";

export async function createRouteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: routeFormSchema,
    write: (db, user, input) => createRoute(db, user, input),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale(`/coordinate/routes/${outcome.result.slug}`);
}

export async function updateRouteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: routeEditSchema,
    write: (db, user, { id, version, ...input }) => updateRouteDetails(db, user, { id, baseVersion: version, input }),
  });
  if (!outcome.ok) return showNewerStateOnConflict(outcome.state);
  revalidatePublicPages();
  return redirectInPageLocale(`/coordinate/routes/${outcome.result.slug}`);
}

export async function updateRouteStatusAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: statusUpdateSchema,
    write: (db, user, { routeId, version, status, reasonCodes, reason, source }) =>
      updateRouteStatus(db, user, { routeId, baseVersion: version, status, reasonCodes, reason, source }),
  });
  if (!outcome.ok) return showNewerStateOnConflict(outcome.state);
  revalidatePublicPages();
  return { status: "saved", message: "statusUpdated", at: outcome.result.confirmedAt.getTime() };
}

export async function confirmRouteStatusAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: statusConfirmSchema,
    write: (db, user, { routeId, version }) => confirmRouteStatus(db, user, { routeId, baseVersion: version }),
  });
  if (!outcome.ok) return showNewerStateOnConflict(outcome.state);
  revalidatePublicPages();
  return { status: "saved", message: "statusConfirmed", at: outcome.result.confirmedAt.getTime() };
}

/**
 * A refused update says "its status is now Caution": the page around the form must say so too,
 * not the status it was loaded with. Revalidating makes this action's answer carry the page
 * rendered afresh (the route pages read the database on every render), so the header, the
 * history and the dashboard card show the newer state while the form keeps what was typed.
 */
function showNewerStateOnConflict(state: FormState): FormState {
  if (state.status === "conflict") {
    revalidatePath("/[locale]/coordinate", "layout");
  }
  return state;
}
