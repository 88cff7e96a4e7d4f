import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userRole } from "./enums";
import { organisations } from "./organisations";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Always stored lower-cased and trimmed; the unique index is on this value. */
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull(),
    /** Null for an account not (yet) working for an organisation: it can claim nothing. */
    organisationId: uuid("organisation_id").references(() => organisations.id, { onDelete: "restrict" }),
    disabled: boolean("disabled").notNull().default(false),
    /** Tokens issued before this instant are refused: "revoke all sessions" moves it to now. */
    sessionsValidAfter: timestamp("sessions_valid_after", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);

/**
 * Session tokens are stateless JWTs; signing out records the token's session id here so that a
 * copy of the cookie is refused afterwards. Rows older than the session lifetime can be pruned.
 */
export const sessionRevocations = pgTable("session_revocations", {
  sessionId: uuid("session_id").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }).notNull().defaultNow(),
});
