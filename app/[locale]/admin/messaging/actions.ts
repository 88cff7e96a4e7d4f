"use server";

import { runFormAction } from "@/auth/form-action";
import { setMessagingPaused } from "@/db/queries/messaging-admin";
import { redirectInPageLocale } from "@/i18n/action-locale";
import type { FormState } from "@/lib/forms/form-state";
import { messagingSwitchSchema } from "./schemas";

// Admins only: runFormAction checks the session and role against the database, and
// setMessagingPaused checks the role again and writes its audit row in its transaction.

export async function pauseMessagingAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return setPaused(formData, true);
}

export async function resumeMessagingAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return setPaused(formData, false);
}

async function setPaused(formData: FormData, paused: boolean): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "admin",
    schema: messagingSwitchSchema,
    write: (db, user, { version }) => setMessagingPaused(db, user, { paused, baseVersion: version }),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale(`/admin/messaging?saved=${paused ? "paused" : "resumed"}`);
}
