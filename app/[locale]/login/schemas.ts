import { z } from "zod";
import { credentialsSchema } from "@/auth/credentials-schema";
import { LOCALES } from "@/i18n/routing";

export const loginFormSchema = credentialsSchema.extend({
  locale: z.enum(LOCALES),
  callbackUrl: z.string().max(512).optional(),
});

export const signOutFormSchema = z.object({ locale: z.enum(LOCALES) });

export type LoginState = { error: "invalid" | "malformed" | null; email: string };
