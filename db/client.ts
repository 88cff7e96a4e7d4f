import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { ConfigError } from "@/lib/config-error";
import { describeDb, type DbConfig } from "./config";
import { installJobQueue } from "./job-queue-schema";
import { acquirePgliteLock } from "./pglite-lock";
import { checkAppRole, checkMigrationsApplied, checkSameDatabase, currentRole, grantAppRole, migrationsOwner } from "./roles";
import * as schema from "./schema";

/** The drizzle database, whichever driver is underneath. Queries take this. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/**
 * pg-boss opens its own small pool on PostgreSQL (it runs multi-statement transactions that a
 * shared postgres.js pool refuses); on PGlite it must go through the one embedded connection.
 */
export type JobQueueConnection = { connectionString: string } | { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** The handle inside `db.transaction(async (tx) => ...)`: helpers that must run in the caller's transaction take this. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DbHandle = {
  db: Db;
  driver: DbConfig["driver"];
  description: string;
  /**
   * Applies committed migrations from db/migrations; safe to call on every start. "checked": this
   * role may not migrate (the owner does, docs/operating.md, "Two database roles") and the schema is current.
   */
  migrate(): Promise<"applied" | "checked">;
  /** How the job queue (pg-boss, server/messaging/queue.ts) reaches this database. */
  jobQueue: JobQueueConnection;
  close(): Promise<void>;
};

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
// Any constant works; it only has to be the same in every instance that migrates.
const MIGRATION_ADVISORY_LOCK = 727_001;
const ROLES_DOC = 'see docs/operating.md, "Two database roles"';

/**
 * Opens the database, verifying it answers. Unreachable or held databases become a ConfigError
 * with the one line an operator needs; nothing is written before those checks pass.
 */
export async function openDb(config: DbConfig, options: { pgliteDataDir?: Blob } = {}): Promise<DbHandle> {
  return config.driver === "postgres" ? openPostgres(config) : openPglite(config.dir, options.pgliteDataDir);
}

async function openPostgres(config: Extract<DbConfig, { driver: "postgres" }>): Promise<DbHandle> {
  const client = postgres(config.url, {
    // Re-run migrations print NOTICEs ("relation already exists, skipping").
    onnotice: () => {},
    max: config.poolSize,
    // A request waits at most this for a connection: a refused write is told so within 2 s even
    // before the circuit breaker (db/circuit-breaker.ts) has seen the outage; after that, at once.
    connect_timeout: 2,
    ...(config.onQuery ? { debug: config.onQuery } : {}),
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new ConfigError(
      `Cannot reach ${describeDb(config)} (${reasonOf(error)}); start PostgreSQL or correct DATABASE_URL.`,
    );
  }
  const db = drizzlePostgres(client, { schema });
  return {
    db: db as unknown as Db,
    driver: "postgres",
    description: describeDb(config),
    jobQueue: { connectionString: config.url },
    migrate: () => migratePostgresDatabase(config, client),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * Applies the migrations on PostgreSQL. With DATABASE_OWNER_URL they run as the owner, which also
 * installs pg-boss's schema and queues and then grants the app role (db/roles.ts). Without it the
 * schema must already belong to another role (an operator migrated with the owner's URL and runs
 * the servers with the app role's only): then this only checks the schema is current. Either way
 * an app role that could undo the audit log's protection is refused, unless the operator chose
 * the one-role setup (DATABASE_ONE_ROLE), which migrates as the app role and warns at every start.
 */
async function migratePostgresDatabase(config: Extract<DbConfig, { driver: "postgres" }>, app: postgres.Sql): Promise<"applied" | "checked"> {
  const where = describeDb(config);
  if (!config.ownerUrl && config.oneRole) {
    console.warn(
      `corridor: warning: DATABASE_ONE_ROLE is set, so the app role "${await currentRole(app)}" may own the schema of ${where}, and its credentials could switch off the audit log's protection; set DATABASE_OWNER_URL instead (${ROLES_DOC}).`,
    );
    if ((await migrationsOwner(app)) === "other") {
      await checkMigrationsApplied(app, MIGRATIONS_FOLDER, where);
      return "checked";
    }
    await migrateAs(config.url, "DATABASE_URL", async (single) => {
      try {
        await migratePostgres(drizzlePostgres(single, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } catch (error) {
        // drizzle wraps the driver's error ("Failed query: …"); the SQLSTATE is on its cause.
        const cause = (error as { cause?: unknown }).cause ?? error;
        if ((cause as { code?: string }).code !== "42501") throw error;
        throw new ConfigError(
          `${where}: this role may not create the schema (${reasonOf(cause)}); set DATABASE_OWNER_URL to the schema owner's URL to migrate as the owner (${ROLES_DOC}).`,
        );
      }
    });
    return "applied";
  }
  if (!config.ownerUrl) {
    // Checked before the journal is read: a superuser or a member of the owning role would pass
    // for the owner there, which is exactly the role to refuse.
    await checkAppRole(app, where, { privileges: false, oneRoleHint: true });
    if ((await migrationsOwner(app)) === "none") {
      throw new ConfigError(
        `${where} has not been migrated, and the app role may not do it; run \`npm run db:migrate\` with DATABASE_OWNER_URL set to the schema owner's URL, then start again (${ROLES_DOC}).`,
      );
    }
    await checkMigrationsApplied(app, MIGRATIONS_FOLDER, where);
    await checkAppRole(app, where, { privileges: true, oneRoleHint: true });
    return "checked";
  }
  const ownerUrl = config.ownerUrl;
  const appRole = await currentRole(app);
  await migrateAs(ownerUrl, "DATABASE_OWNER_URL", async (owner) => {
    // Checked before anything is written: the right database, and an app role that is not the
    // owner in disguise (superuser, member, same login).
    await checkSameDatabase(owner, app, where);
    await checkAppRole(app, where, { owner: await currentRole(owner), privileges: false });
    await migratePostgres(drizzlePostgres(owner, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    await installJobQueue(ownerUrl);
    await grantAppRole(owner, appRole);
  });
  await checkAppRole(app, where, { privileges: true });
  return "applied";
}

/**
 * Several instances may start together; only one may migrate at a time. A one-connection client
 * keeps the session-level advisory lock and the migration on the same connection.
 */
async function migrateAs(url: string, variable: "DATABASE_URL" | "DATABASE_OWNER_URL", run: (single: postgres.Sql) => Promise<void>): Promise<void> {
  const single = postgres(url, { onnotice: () => {}, max: 1, connect_timeout: 5 });
  try {
    try {
      await single`select pg_advisory_lock(${MIGRATION_ADVISORY_LOCK})`;
    } catch (error) {
      throw new ConfigError(`Cannot reach the database to migrate it (${reasonOf(error)}); start PostgreSQL or correct ${variable}.`);
    }
    await run(single);
  } finally {
    await single`select pg_advisory_unlock(${MIGRATION_ADVISORY_LOCK})`.catch(() => {});
    await single.end({ timeout: 5 });
  }
}

/** `dataDir`: an in-memory database starts from this dump (dumpDataDir) instead of an empty cluster. */
async function openPglite(dir: string, dataDir?: Blob): Promise<DbHandle> {
  let release = () => {};
  let client: PGlite;
  if (dir === ":memory:") {
    client = await PGlite.create(dataDir ? { loadDataDir: dataDir } : {});
  } else {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    release = acquirePgliteLock(dir);
    try {
      client = await PGlite.create(dir);
    } catch (error) {
      release();
      throw new ConfigError(
        `Cannot open the embedded database in ${dir} (${reasonOf(error)}); restore it from a backup or move it away to start afresh.`,
      );
    }
  }
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Db,
    driver: "pglite",
    description: describeDb({ driver: "pglite", dir }),
    jobQueue: {
      async executeSql(text, values) {
        // pg-boss sends its schema as one multi-statement text without parameters: exec runs those.
        if (!values || values.length === 0) {
          const results = await client.exec(text);
          return { rows: results[results.length - 1]?.rows ?? [] };
        }
        return { rows: (await client.query(text, values)).rows };
      },
    },
    async migrate() {
      await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
      return "applied" as const;
    },
    async close() {
      await client.close();
      release();
    },
  };
}

function reasonOf(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { code?: string; message?: string };
    if (e.code && e.message && !e.message.includes(e.code)) return `${e.code}: ${e.message}`;
    if (e.message) return e.message;
  }
  return String(error);
}

/**
 * True when the database has neither places nor accounts. The demo (with its public password) is
 * seeded only then: an embedded database where someone already created a real account is left alone.
 */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select (select count(*) from ${schema.towns}) + (select count(*) from ${schema.users}) as n`),
  );
  return Number(row?.n ?? 0) === 0;
}

/** postgres-js returns an array; PGlite returns { rows }. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
