import crypto from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb, type Db } from "@/db";
import { attemptSignIn, createLoginLimiter, type LoginLimiter } from "@/db/queries/login-limiter";
import { getAuthSecret, getLoginProtection, getPublicUrl } from "@/env";
import { addressLimitKey } from "@/lib/login-limits";
import { recordedClientAddress } from "@/server/client-address";
import { secureCookiesSetting } from "@/server/security/headers";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/session-user";
import { credentialsSchema } from "./credentials-schema";
import { SignInLockedError, SignInUnavailableError } from "./sign-in-errors";
import { isDatabaseUnavailable } from "@/db/unavailable";

declare module "next-auth" {
  interface Session {
    userId?: string;
    sessionId?: string;
    /** Milliseconds since the epoch when the user signed in (compared with sessions-valid-after). */
    authTime?: number;
  }
  interface User {
    role?: "admin" | "coordinator";
  }
}

// Read once per process: validating the environment and reading a file on every request is waste.
let secret: string | undefined;
let protection: ReturnType<typeof getLoginProtection> | undefined;
let limiter: { db: Db; limiter: LoginLimiter } | undefined;

function loginLimiterFor(db: Db): LoginLimiter {
  protection ??= getLoginProtection();
  if (limiter?.db !== db) limiter = { db, limiter: createLoginLimiter(db, protection) };
  return limiter.limiter;
}

// Lazy configuration: the secret is read at the first request, not at import or build time, so
// `next build` needs no secret and the embedded demo can generate its own.
/**
 * Auth.js errors a client causes by what it sends, never the server failing, by their `type`:
 * one line each, not a stack trace per request (a fuzz, or anyone, could fill the log with them).
 */
const ROUTINE_REFUSALS: Record<string, string> = {
  JWTSessionError: "an invalid session token",
  // A method or an /api/auth/… path Auth.js has no action for (HEAD, /api/auth/nonsense); answered 400.
  UnknownAction: "a request for no Auth.js action",
  // A callback of a provider there is none of, or a GET of the credentials' callback (which only
  // takes posts; nginx turns a HEAD into a GET): the app's only provider is credentials.
  InvalidProvider: "a callback of no provider the app has",
  // A sign-in posted without the form's CSRF token.
  MissingCSRF: "a sign-in without its CSRF token",
};

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: (secret ??= getAuthSecret()),
  trustHost: true,
  // Cookies are HttpOnly and SameSite=Lax (Auth.js defaults); Secure with an https AUTH_URL, else
  // whenever the request came over https (server/security/headers.ts), so http://localhost still works.
  useSecureCookies: secureCookiesSetting(getPublicUrl()),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // Every sign-in, from the login form or posted straight to Auth.js's callback, comes here,
      // so the failed sign-in limits cannot be bypassed. Unknown email and wrong password get the
      // same answer (null); only a reached limit is told apart, and it is counted for unknown
      // emails too, so it reveals nothing about which accounts exist.
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        // Recorded by the server in front of Next (scripts/serve.ts) from the socket and the
        // trusted proxies (TRUSTED_PROXY_HOPS); never read from X-Forwarded-For here.
        const address = addressLimitKey(recordedClientAddress(request.headers));
        let outcome;
        try {
          const db = await getDb();
          outcome = await attemptSignIn(db, loginLimiterFor(db), { email: parsed.data.email, password: parsed.data.password, address });
        } catch (error) {
          // The database is down: the form says so ("nothing was saved") instead of Auth.js's
          // generic error page. Nothing was counted or written; the visitor simply tries again.
          if (isDatabaseUnavailable(error)) throw new SignInUnavailableError();
          throw error;
        }
        if (outcome.ok) return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name, role: outcome.user.role };
        if (outcome.reason === "locked") throw new SignInLockedError(outcome.retryAfterMs);
        return null;
      },
    }),
  ],
  logger: {
    // A forged, expired or garbled cookie is routine: one line, not a stack trace per request.
    error(error: Error) {
      // `type`, not `name`: the production build minifies class names.
      const refused = ROUTINE_REFUSALS[(error as { type?: string }).type ?? ""];
      if (refused) console.warn(`auth: refused ${refused}`);
      // A failed or refused sign-in is in the audit log (session.sign_in_failed / _refused_locked).
      else if (error instanceof CredentialsSignin) return;
      else console.error(error);
    },
  },
  callbacks: {
    // The token carries who and when; role and account state are re-read from the database on
    // every request (auth/require-user.ts), so a role change or a disable takes effect at once.
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        // Carried for clients that read the token; authorization re-reads the role from the database.
        token.role = user.role;
        token.authTime = Date.now();
        token.sid = crypto.randomUUID();
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.sub === "string") session.userId = token.sub;
      if (typeof token.authTime === "number") session.authTime = token.authTime;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      // No page reads the name or e-mail from here (staff pages take the account from the database),
      // and /api/auth/session answers anyone holding the cookie, even for a disabled account or a
      // session ended by a password reset: so it carries no identity at all.
      delete (session as { user?: unknown }).user;
      return session;
    },
  },
}));
