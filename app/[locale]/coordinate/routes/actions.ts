"use server";

import { revalidatePath } from "next/cache";
import { runFormAction } from "@/auth/form-action";
import { redirectInPageLocale } from "@/i18n/action-locale";
import { setTownRoutesStatus, type AreaStatusResult } from "@/db/queries/area-status";
import { confirmRouteStatus, updateRouteStatus } from "@/db/queries/route-status";
import { createRoute, updateRouteDetails } from "@/db/queries/routes";
import type { FormState } from "@/lib/forms/form-state";
import { revalidatePublicPages } from "@/server/revalidate-public";
import type { AreaFormState } from "../area-form-state";
import { areaConfirmSchema, areaStatusSchema, routeEditSchema, routeFormSchema, statusConfirmSchema, statusUpdateSchema } from "./schemas";

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
    write: (db, user, { routeId, version, status, reasonCodes, reason, instructions, source }) =>
      updateRouteStatus(db, user, { routeId, baseVersion: version, status, reasonCodes, reason, instructions, source }),
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

/** One status for every route out of a town (the dashboard's area form). */
export async function setTownStatusAction(_previous: AreaFormState, formData: FormData): Promise<AreaFormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: areaStatusSchema,
    write: (db, user, { townId, seen, status, reasonCodes, reason, instructions }) =>
      setTownRoutesStatus(db, user, { townId, seen, kind: "update", status, reasonCodes, reason, instructions }),
  });
  return areaOutcome(outcome, "update");
}

/** "Confirm all unchanged" for a town's routes. */
export async function confirmTownStatusAction(_previous: AreaFormState, formData: FormData): Promise<AreaFormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: areaConfirmSchema,
    write: (db, user, { townId, seen }) => setTownRoutesStatus(db, user, { townId, seen, kind: "confirm" }),
  });
  return areaOutcome(outcome, "confirm");
}

function areaOutcome(outcome: Awaited<ReturnType<typeof runFormAction<typeof areaConfirmSchema, AreaStatusResult>>>, kind: "update" | "confirm"): AreaFormState {
  if (!outcome.ok) return outcome.state;
  const { saved, refused } = outcome.result;
  if (saved.length > 0) revalidatePublicPages();
  // The rows around the form show what is now in force, refused routes included.
  revalidatePath("/[locale]/coordinate", "layout");
  return {
    status: "area",
    kind,
    saved: saved.map(({ slug, origin, destination }) => ({ slug, origin, destination })),
    refused: refused.map(({ slug, origin, destination, why }) => ({ slug, origin, destination, why })),
    at: Date.now(),
  };
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
