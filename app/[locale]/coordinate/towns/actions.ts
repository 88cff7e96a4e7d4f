"use server";

import { runFormAction } from "@/auth/form-action";
import { getAccess } from "@/auth/require-user";
import { getDb } from "@/db";
import { listRoutesForCoordinators } from "@/db/queries/routes";
import { actionLocale, redirectInPageLocale } from "@/i18n/action-locale";
import { createTown, deleteTown, updateTown } from "@/db/queries/towns";
import type { FormState } from "@/lib/forms/form-state";
import { localizedName } from "@/lib/localized-name";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { townDeleteSchema, townEditSchema, townFormSchema } from "./schemas";

export async function createTownAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: townFormSchema,
    write: (db, user, input) => createTown(db, user, input),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale(`/coordinate/towns/${outcome.result.slug}?saved=1`);
}

export async function updateTownAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: townEditSchema,
    write: (db, user, { id, version, ...input }) => updateTown(db, user, { id, baseVersion: version, input }),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale(`/coordinate/towns/${outcome.result.slug}?saved=1`);
}

export async function deleteTownAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: townDeleteSchema,
    write: (db, user, { id, version }) => deleteTown(db, user, { id, baseVersion: version }),
  });
  if (!outcome.ok) return withRouteNames(outcome.state);
  revalidatePublicPages();
  return redirectInPageLocale("/coordinate/towns?deleted=1");
}

/**
 * "These routes use it: lysychansk-bakhmut" names routes the way no coordinator calls them: the
 * refusal lists slugs, and the message shows "Lysychansk → Bakhmut" in the page's language.
 */
async function withRouteNames(state: FormState): Promise<FormState> {
  if (state.status !== "invalid" || state.formError?.code !== "townUsedByRoutes") return state;
  const slugs = String(state.formError.values?.routes ?? "").split(", ").filter(Boolean);
  const access = await getAccess("coordinator");
  if (!access.ok || slugs.length === 0) return state;
  const locale = await actionLocale();
  const bySlug = new Map(
    (await listRoutesForCoordinators(await getDb(), access.user)).map((r) => [r.slug, `${localizedName(r.origin, locale)} → ${localizedName(r.destination, locale)}`]),
  );
  const routes = slugs.map((slug) => bySlug.get(slug) ?? slug).join(", ");
  return { ...state, formError: { ...state.formError, values: { ...state.formError.values, routes } } };
}
