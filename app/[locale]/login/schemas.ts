import { z } from "zod";
import { credentialsSchema } from "@/auth/credentials-schema";
import { LOCALES } from "@/i18n/routing";

export const loginFormSchema = credentialsSchema.extend({
  locale: z.enum(LOCALES),
  // Not length-limited here: an unusable destination falls back to the dashboard (safeCallbackPath)
  // instead of making sign-in itself fail.
  callbackUrl: z.string().optional(),
});

export const signOutFormSchema = z.object({ locale: z.enum(LOCALES) });

/** `message` carries the wording of a refusal that needs a number (the lockout's minutes). */
export type LoginState = { error: "invalid" | "malformed" | "locked" | null; email: string; message?: string };
