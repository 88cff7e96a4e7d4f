"use server";

import { runFormAction } from "@/auth/form-action";
import { linkTelegramChannel, unlinkTelegramChannel } from "@/db/queries/telegram-channels";
import { RefusedWriteError } from "@/db/queries/write-errors";
import { getTelegramConfig } from "@/env";
import { redirectInPageLocale } from "@/i18n/action-locale";
import type { FormState } from "@/lib/forms/form-state";
import { createChannelLookup } from "@/server/messaging/telegram/channels";
import { linkChannelSchema, unlinkChannelSchema } from "./schemas";

export async function linkTelegramChannelAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: linkChannelSchema,
    write: (db, user, { chat, language }) => {
      const config = getTelegramConfig();
      if (!config) throw new RefusedWriteError("chat", { code: "telegram_botOff" });
      return linkTelegramChannel(db, user, { chat, locale: language, lookUp: createChannelLookup(config) });
    },
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale("/coordinate/telegram-channels?linked=1");
}

export async function unlinkTelegramChannelAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const outcome = await runFormAction(formData, {
    role: "coordinator",
    schema: unlinkChannelSchema,
    write: (db, user, { id }) => unlinkTelegramChannel(db, user, { id }),
  });
  if (!outcome.ok) return outcome.state;
  return redirectInPageLocale("/coordinate/telegram-channels?unlinked=1");
}
