"use server";

import { runFormAction } from "@/auth/form-action";
import { redirectInPageLocale } from "@/i18n/action-locale";
import { createTown, deleteTown, updateTown } from "@/db/queries/towns";
import type { FormState } from "@/lib/forms/form-state";
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
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale("/coordinate/towns?deleted=1");
}
