"use server";

import { runFormAction } from "@/auth/form-action";
import { redirectInPageLocale } from "@/i18n/action-locale";
import { createNotice, expireNotice, updateNotice } from "@/db/queries/area-notices";
import type { FormState } from "@/lib/forms/form-state";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { noticeEditSchema, noticeExpireSchema, noticeFormSchema } from "./schemas";

export async function createNoticeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: noticeFormSchema,
    write: (db, user, { target, ...input }) => createNotice(db, user, { input: { ...target, ...input }, now: new Date() }),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale("/coordinate/notices?saved=1");
}

export async function updateNoticeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: noticeEditSchema,
    write: (db, user, { id, version, target, ...input }) =>
      updateNotice(db, user, { id, baseVersion: version, input: { ...target, ...input } }),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale("/coordinate/notices?saved=1");
}

export async function expireNoticeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: noticeExpireSchema,
    write: (db, user, { id, version }) => expireNotice(db, user, { id, baseVersion: version, now: new Date() }),
  });
  if (!outcome.ok) return outcome.state;
  revalidatePublicPages();
  return redirectInPageLocale("/coordinate/notices?expired=1");
}
