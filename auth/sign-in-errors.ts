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

/**
 * Thrown from the credentials check when the database cannot be reached (down, or this
 * instance's circuit breaker open): the password cannot be checked and no attempt is counted.
 * Without it Auth.js turns the failure into its generic "Configuration" error page; as a
 * CredentialsSignin it reaches the sign-in form (or `code=unavailable` in Auth.js's redirect).
 */
export class SignInUnavailableError extends CredentialsSignin {
  override code = "unavailable";
  constructor() {
    super("The database cannot be reached");
  }
}
