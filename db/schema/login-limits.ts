import { bigint, index, integer, pgTable, varchar } from "drizzle-orm/pg-core";

/**
 * Failed sign-in counters shared by every app instance (lib/login-limits): one row per counted
 * key (an account's hashed email, or a client address) with its points in the current window
 * and when that window ends. The shape is rate-limiter-flexible's own PostgreSQL table; it is
 * created here by a migration so nothing runs DDL at request time.
 */
export const loginLimits = pgTable(
  "login_limits",
  {
    key: varchar("key", { length: 255 }).primaryKey(),
    points: integer("points").notNull().default(0),
    /** Milliseconds since the epoch when the window ends (null: never). */
    expire: bigint("expire", { mode: "number" }),
  },
  (t) => [index("login_limits_expire_idx").on(t.expire)],
);
