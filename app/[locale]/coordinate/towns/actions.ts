"use server";

import { redirect } from "next/navigation";
import { runFormAction } from "@/auth/form-action";
import { createTown, deleteTown, updateTown } from "@/db/queries/towns";
import type { FormState } from "@/lib/forms/form-state";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { townDeleteSchema, townEditSchema, townFormSchema } from "./schemas";

export async function createTownAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: townFormSchema,
    write: (db, user, { locale, ...input }) => createTown(db, user, input).then((r) => ({ ...r, locale })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  redirect(`/${outcome.result.locale}/coordinate/towns/${outcome.result.slug}?saved=1`);
}

export async function updateTownAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: townEditSchema,
    write: (db, user, { locale, id, version, ...input }) => updateTown(db, user, id, version, input).then((r) => ({ ...r, locale })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  redirect(`/${outcome.result.locale}/coordinate/towns/${outcome.result.slug}?saved=1`);
}

export async function deleteTownAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: townDeleteSchema,
    write: (db, user, { locale, id, version }) => deleteTown(db, user, id, version).then(() => ({ locale })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  redirect(`/${outcome.result.locale}/coordinate/towns?deleted=1`);
}
