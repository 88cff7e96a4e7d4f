"use server";

import { AuthError } from "next-auth";
import { getTranslations } from "next-intl/server";
import { readSessionClaims, signIn, signOut } from "@/auth";
import { SignInLockedError } from "@/auth/sign-in-errors";
import { getDb } from "@/db";
import { revokeSession } from "@/db/queries/users";
import { actionLocale } from "@/i18n/action-locale";
import { minutesUntil } from "@/lib/login-limits";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { loginFormSchema, type LoginState } from "./schemas";

/**
 * Signs in with email and password. Every failure gets the same message, so the form does not
 * reveal which emails have accounts; only a reached failed sign-in limit (counted for unknown
 * emails too) says so, and when to try again. On success Auth.js redirects (a thrown redirect,
 * rethrown).
 */
export async function loginAction(_previous: LoginState, formData: FormData): Promise<LoginState> {
  // Called with what is not a form (a script can send any value React encodes): refused as state.
  if (!(formData instanceof FormData)) return { error: "malformed", email: "" };
  const rawEmail = formData.get("email");
  const email = typeof rawEmail === "string" ? rawEmail.slice(0, 320) : "";
  const parsed = loginFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { error: "malformed", email };
  const { callbackUrl } = parsed.data;
  const locale = await actionLocale();
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallbackPath(callbackUrl, `/${locale}/coordinate/start`),
    });
  } catch (error) {
    if (error instanceof AuthError && (error as { code?: string }).code === "locked") {
      const t = await getTranslations({ locale, namespace: "login" });
      const retryAfterMs = error instanceof SignInLockedError ? error.retryAfterMs : 15 * 60_000;
      return { error: "locked", email, message: t("locked", { minutes: minutesUntil(retryAfterMs) }) };
    }
    // The database cannot be reached (auth/sign-in-errors.ts): told so, the email kept.
    if (error instanceof AuthError && (error as { code?: string }).code === "unavailable") return { error: "unavailable", email };
    if (error instanceof AuthError) return { error: "invalid", email };
    throw error;
  }
  return { error: null, email };
}

/** Ends this session for good (a copied cookie is refused too), then clears the cookie. */
export async function signOutAction(_formData: FormData): Promise<void> {
  const claims = await readSessionClaims();
  if (claims) await revokeSession(await getDb(), claims);
  await signOut({ redirectTo: `/${await actionLocale()}` });
}
