import crypto from "node:crypto";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { verifyCredentials } from "@/db/queries/users";
import { getAuthSecret } from "@/env";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/session-user";
import { credentialsSchema } from "./credentials-schema";

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

// Lazy configuration: the secret is read at the first request, not at import or build time, so
// `next build` needs no secret and the embedded demo can generate its own.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: (secret ??= getAuthSecret()),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await verifyCredentials(await getDb(), parsed.data.email, parsed.data.password);
        return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
      },
    }),
  ],
  logger: {
    // A forged, expired or garbled cookie is routine: one line, not a stack trace per request.
    error(error: Error) {
      if (error.name === "JWTSessionError") console.warn("auth: refused an invalid session token");
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
      return session;
    },
  },
}));
