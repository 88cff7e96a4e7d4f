import { z } from "zod";
import { credentialsSchema } from "@/auth/credentials-schema";

export const loginFormSchema = credentialsSchema.extend({
  // Not length-limited here: an unusable destination falls back to the dashboard (safeCallbackPath)
  // instead of making sign-in itself fail.
  callbackUrl: z.string().optional(),
});

/** `message` carries the wording of a refusal that needs a number (the lockout's minutes). */
export type LoginState = { error: "invalid" | "malformed" | "locked" | "unavailable" | null; email: string; message?: string };
