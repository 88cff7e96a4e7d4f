import { CredentialsSignin } from "next-auth";

/**
 * Thrown from the credentials check while a failed sign-in limit is reached. Auth.js hands it on
 * unchanged to the server action that called signIn() (and, for a direct POST to its callback,
 * puts `code=locked` in the redirect), so the form can say when to try again.
 */
export class SignInLockedError extends CredentialsSignin {
  override code = "locked";
  constructor(readonly retryAfterMs: number) {
    super("Too many failed sign-ins");
  }
}
