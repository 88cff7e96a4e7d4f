import "server-only";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { ConfigError } from "@/lib/config-error";
import { describeDb, type DbConfig } from "../config";
import { JOB_QUEUE_SCHEMA } from "../job-queue-schema";
import { hasNoRows, readDbState, readMigrationState, type DbState, type MigrationState, type Query } from "./state";

type PostgresConfig = Extract<DbConfig, { driver: "postgres" }>;
type Tool = "pg_dump" | "pg_restore" | "psql";

// libpq rejects URI parameters it does not know (postgres-js accepts its own, such as ?max=), so
// only these are passed on to pg_dump / pg_restore.
const LIBPQ_PARAMS = new Set([
  "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslpassword", "application_name",
  "connect_timeout", "options", "target_session_attrs", "channel_binding", "gssencmode",
]);

/**
 * The command-line connection for pg_dump / pg_restore: a URI without the password (command lines
 * are visible to every user of the machine in `ps`), and the password in PGPASSWORD.
 */
function toolConnection(config: PostgresConfig): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(config.url);
  const password = decodeURIComponent(url.password);
  url.password = "";
  for (const key of [...url.searchParams.keys()]) if (!LIBPQ_PARAMS.has(key)) url.searchParams.delete(key);
  url.protocol = "postgresql:";
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? "10" };
  if (password) env.PGPASSWORD = password;
  return { dbname: url.toString(), env };
}

/** pg_dump / pg_restore / psql, from PG_BIN_DIR when set (e.g. /usr/lib/postgresql/16/bin), else the PATH. */
function toolPath(tool: Tool): string {
  const dir = process.env.PG_BIN_DIR?.trim();
  return dir ? path.join(dir, tool) : tool;
}

type ToolResult = { stdout: string; stderr: string };

function runTool(tool: Tool, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(toolPath(tool), args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(new ConfigError(`${tool} was not found; install the PostgreSQL client tools (Debian: apt-get install postgresql-client-15, or a newer version) or set PG_BIN_DIR to the directory that holds ${tool}.`));
      }
      reject(new ConfigError(`${tool} failed: ${firstErrorLine(stderr) ?? error.message}`));
    });
  });
}

/** The line of a tool's stderr that says what went wrong, without the "pg_dump: error: " prefix. */
function firstErrorLine(stderr: string): string | null {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /error|fatal|failed/i.test(l)) ?? lines[0];
  return line ? line.replace(/^(pg_dump|pg_restore|psql): (error: )?/, "").replace(/^error: /, "") : null;
}

async function toolMajor(tool: Tool): Promise<number> {
  const { stdout } = await runTool(tool, ["--version"]);
  const match = /\)\s+(\d+)/.exec(stdout);
  if (!match) throw new ConfigError(`Could not read the version of ${tool} from "${stdout.trim()}".`);
  return Number(match[1]);
}

async function connect(config: PostgresConfig): Promise<postgres.Sql> {
  const client = postgres(config.url, { onnotice: () => {}, max: 1, connect_timeout: 5 });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    const e = error as { code?: string; message?: string };
    throw new ConfigError(`Cannot reach ${describeDb(config)} (${e.message ?? String(error)}); start PostgreSQL or correct DATABASE_URL.`);
  }
  return client;
}

const queryOn = (client: postgres.Sql | postgres.TransactionSql): Query => async (text) => [...(await client.unsafe(text))] as Record<string, unknown>[];

async function serverMajor(client: postgres.Sql): Promise<number> {
  const [row] = await client`select current_setting('server_version_num')::int as v`;
  return Math.floor(Number(row?.v) / 10_000);
}

export type PostgresBackup = { state: DbState; migrations: MigrationState; serverMajor: number };

/**
 * pg_dump --format=custom of the database into `file`. The row counts and checksum it reports are
 * read in the very snapshot pg_dump dumps (pg_export_snapshot), so they describe the file exactly
 * even while the app keeps writing.
 */
export async function dumpPostgres(config: PostgresConfig, file: string): Promise<PostgresBackup> {
  const client = await connect(config);
  try {
    const major = await serverMajor(client);
    const dumpMajor = await toolMajor("pg_dump");
    if (dumpMajor < major) {
      throw new ConfigError(`pg_dump ${dumpMajor} cannot dump PostgreSQL ${major}; install pg_dump ${major} or newer (postgresql-client-${major}) or set PG_BIN_DIR to its directory.`);
    }
    const { dbname, env } = toolConnection(config);
    return await client.begin("isolation level repeatable read read only", async (tx) => {
      const [snapshot] = await tx`select pg_export_snapshot() as id`;
      const query = queryOn(tx);
      const state = await readDbState(query);
      const migrations = await readMigrationState(query);
      await runTool("pg_dump", ["--format=custom", `--snapshot=${String(snapshot?.id)}`, "--no-password", `--file=${file}`, `--dbname=${dbname}`], env);
      return { state, migrations, serverMajor: major };
    });
  } finally {
    await client.end({ timeout: 5 });
  }
}

export type PostgresRestore = { state: DbState; migrations: MigrationState; replacedExisting: boolean };

/**
 * pg_restore of a custom-format archive into the database, in one transaction (all or nothing),
 * with --clean --if-exists (objects in the archive are dropped first), --no-owner and
 * --no-privileges (the target's roles may differ). Refuses, unless `force`, a database with any
 * row in it or with other sessions connected (a running Corridor would keep writing).
 */
export async function restorePostgres(config: PostgresConfig, file: string, options: { force: boolean }): Promise<PostgresRestore> {
  await toolMajor("pg_restore");
  await toolMajor("psql");
  // Reads the archive's table of contents first: a damaged or too-new file fails here, before anything changes.
  await runTool("pg_restore", ["--list", file]);
  const client = await connect(config);
  let replacedExisting = false;
  try {
    const query = queryOn(client);
    const empty = await hasNoRows(query);
    const [sessions] = await client`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`;
    const others = Number(sessions?.n ?? 0);
    if (!options.force) {
      if (!empty) {
        throw new ConfigError(`${describeDb(config)} is not empty; restore into a new empty database, or pass --force to replace its contents with the backup (make a backup of it first).`);
      }
      if (others > 0) {
        throw new ConfigError(`${others} other session(s) are connected to ${describeDb(config)} (is Corridor running?); stop them first, or pass --force.`);
      }
    }
    replacedExisting = !empty;
    await restoreArchive(config, file);
    const state = await client.begin(async (tx) => {
      const q = queryOn(tx);
      return { state: await readDbState(q), migrations: await readMigrationState(q) };
    });
    return { ...state, replacedExisting };
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * Replays the archive in one transaction: all or nothing. `pg_restore --clean` alone cannot replace
 * a database that holds the job queue: each pg-boss queue is a partition of pgboss.job, and the
 * drop list it writes removes a partition's inherited primary key before its parent's, which
 * PostgreSQL refuses. So the archive is first written out as SQL (completely: a failure there
 * changes nothing), and psql runs, in a single transaction, a drop of the job queue's schema
 * (the archive recreates it, with its queues and jobs) followed by that SQL.
 */
async function restoreArchive(config: PostgresConfig, file: string): Promise<void> {
  const { dbname, env } = toolConnection(config);
  // The SQL holds every row of the backup: a directory only this user can read, removed afterwards.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-restore-"));
  try {
    const script = path.join(dir, "restore.sql");
    await runTool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", `--file=${script}`, file]);
    await runTool(
      "psql",
      ["--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1", "--no-password", `--dbname=${dbname}`,
        `--command=DROP SCHEMA IF EXISTS ${JOB_QUEUE_SCHEMA} CASCADE`, `--file=${script}`],
      env,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
