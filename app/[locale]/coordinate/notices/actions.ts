"use server";

import { redirect } from "next/navigation";
import { runFormAction } from "@/auth/form-action";
import { createNotice, expireNotice, updateNotice } from "@/db/queries/area-notices";
import type { FormState } from "@/lib/forms/form-state";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { noticeEditSchema, noticeExpireSchema, noticeFormSchema } from "./schemas";

export async function createNoticeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: noticeFormSchema,
    write: (db, user, { locale, target, ...input }) =>
      createNotice(db, user, { ...target, ...input }, new Date()).then(() => ({ locale })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  redirect(`/${outcome.result.locale}/coordinate/notices?saved=1`);
}

export async function updateNoticeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: noticeEditSchema,
    write: (db, user, { locale, id, version, target, ...input }) =>
      updateNotice(db, user, id, version, { ...target, ...input }).then(() => ({ locale })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  redirect(`/${outcome.result.locale}/coordinate/notices?saved=1`);
}

export async function expireNoticeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: noticeExpireSchema,
    write: (db, user, { locale, id, version }) => expireNotice(db, user, id, version, new Date()).then(() => ({ locale })),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  redirect(`/${outcome.result.locale}/coordinate/notices?expired=1`);
}
