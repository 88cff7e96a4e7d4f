import path from "node:path";
import { z } from "zod";
import { ConfigError } from "@/lib/config-error";

export type DbConfig =
  | {
      driver: "postgres";
      url: string;
      host: string;
      port: number;
      database: string;
      poolSize: number;
      /**
       * DATABASE_OWNER_URL: the role that owns the schema. Migrations (drizzle's and pg-boss's) run
       * as it and then grant the app role (DATABASE_URL's) only what the app needs (db/roles.ts).
       * Unset: one role does both, as before (the weaker setup: see docs/operating.md, "Two database roles").
       */
      ownerUrl?: string;
      /**
       * DATABASE_ONE_ROLE: the operator accepts that the app role owns the schema (or is a
       * superuser), so nothing stops it from switching off the audit log's protection. Without
       * it such a role is refused at start; with it, every start prints a warning.
       */
      oneRole?: true;
      /** Called for every statement sent: benchmarks count the database round trips with it. */
      onQuery?: () => void;
    }
  /** dir ":memory:" is an in-memory PGlite, used by tests. */
  | { driver: "pglite"; dir: string };

export const DEFAULT_PGLITE_DIR = ".data/pglite";

/**
 * The one value DATABASE_ONE_ROLE takes. A word that names what is given up, rather than "1", so
 * that nobody turns it on by copying a line without reading it.
 */
export const ONE_ROLE_CONSENT = "unprotected-audit-log";
export const oneRoleSetting = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() || undefined : v),
  z.literal(ONE_ROLE_CONSENT, { error: `must be "${ONE_ROLE_CONSENT}" or unset` }).optional(),
);

/** Which database to use, from the environment: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export function resolveDbConfig(env: Record<string, string | undefined> = process.env): DbConfig {
  const raw = env.DATABASE_URL?.trim();
  const owner = env.DATABASE_OWNER_URL?.trim();
  if (raw) {
    const config = { ...parsePostgresUrl(raw), poolSize: parsePoolSize(env.DATABASE_POOL_SIZE) };
    // Only the scheme is checked here: whether both URLs reach the same database (a pooler may
    // name it differently) is asked of the server itself when migrating (db/roles.ts).
    if (owner) config.ownerUrl = parsePostgresUrl(owner, 10, "DATABASE_OWNER_URL").url;
    if (parseOneRole(env.DATABASE_ONE_ROLE)) {
      if (owner) {
        throw new ConfigError(
          "DATABASE_ONE_ROLE and DATABASE_OWNER_URL are both set: the first says one role does everything, the second names an owner role; unset one of them.",
        );
      }
      config.oneRole = true;
    }
    return config;
  }
  if (owner) {
    throw new ConfigError(
      "DATABASE_OWNER_URL is set but DATABASE_URL is not: the embedded database has no roles; set DATABASE_URL to the app role's URL, or unset DATABASE_OWNER_URL.",
    );
  }
  const dir = env.PGLITE_DIR?.trim() || DEFAULT_PGLITE_DIR;
  return { driver: "pglite", dir: dir === ":memory:" ? dir : path.resolve(/*turbopackIgnore: true*/ dir) };
}

function parseOneRole(raw: string | undefined): boolean {
  const parsed = oneRoleSetting.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      `DATABASE_ONE_ROLE must be "${ONE_ROLE_CONSENT}" (the app role may then own the schema, and the audit log is not protected from it) or unset, not "${raw}".`,
    );
  }
  return parsed.data !== undefined;
}

function parsePoolSize(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return 10;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw new ConfigError(`DATABASE_POOL_SIZE must be a whole number from 1 to 100, not "${raw}".`);
  }
  return size;
}

export function parsePostgresUrl(
  raw: string,
  poolSize = 10,
  variable: "DATABASE_URL" | "DATABASE_OWNER_URL" = "DATABASE_URL",
): Extract<DbConfig, { driver: "postgres" }> {
  const hint =
    variable === "DATABASE_URL"
      ? "expected postgres://USER:PASSWORD@HOST:5432/DATABASE; fix it, or unset DATABASE_URL to use the embedded database"
      : "expected postgres://OWNER:PASSWORD@HOST:5432/DATABASE, the schema owner's login to the app's database; fix it, or unset DATABASE_OWNER_URL to migrate as the app role";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${variable} is not a valid URL (${hint}).`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(`${variable} must start with postgres:// or postgresql://, not ${url.protocol}// (${hint}).`);
  }
  if (!url.hostname) throw new ConfigError(`${variable} has no host (${hint}).`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!database || database.includes("/")) {
    throw new ConfigError(`${variable} names no database (${hint}).`);
  }
  const port = url.port ? Number(url.port) : 5432;
  return { driver: "postgres", url: raw, host: url.hostname, port, database, poolSize };
}

/** Where the config points, for messages: never includes the password. */
export function describeDb(config: DbConfig): string {
  return config.driver === "postgres"
    ? `PostgreSQL at ${config.host}:${config.port}/${config.database}`
    : config.dir === ":memory:"
      ? "an in-memory PGlite database"
      : `the embedded database in ${config.dir}`;
}
