import { readMigrationFiles } from "drizzle-orm/migrator";
import type postgres from "postgres";
import { ConfigError } from "@/lib/config-error";
import { ONE_ROLE_CONSENT } from "./config";
import { JOB_QUEUE_SCHEMA, jobQueueSchemaVersion } from "./job-queue-schema";

// Least privilege on PostgreSQL (docs/operating.md, "Two database roles"). The owner role (DATABASE_OWNER_URL)
// owns every table and runs the migrations; the app role (DATABASE_URL) only reads and writes
// rows. Disabling a trigger (ALTER TABLE … DISABLE TRIGGER), dropping or truncating a table and
// `session_replication_role` all need ownership or superuser, so the app's own credentials (a
// leaked DATABASE_URL, an injected statement) cannot switch off the audit log's append-only
// trigger, and on audit_log the app role has no UPDATE or DELETE to begin with.
//
// Privileges are re-granted from the lists below on every migrate, after the migrations, in one
// transaction: everything the app role holds on these schemas is revoked and granted again. So a
// new table of a migration is covered the moment it exists, a privilege granted by hand (drift)
// does not survive the next migrate, and the lists here are the whole truth. Default privileges
// (ALTER DEFAULT PRIVILEGES) are deliberately not used: they would give every future table full
// DML the moment anyone creates it, an append-only one included, outside any reviewed list.

/** Schemas whose tables the app reads and writes (pg-boss's included). */
const APP_SCHEMAS = ["public", JOB_QUEUE_SCHEMA] as const;
/** drizzle's migration journal: the app role may read it (a server started without the owner's URL checks it is current). */
const MIGRATIONS_SCHEMA = "drizzle";
const MIGRATIONS_TABLE = "__drizzle_migrations";
/** Tables the app may read and append to, never change: SELECT and INSERT only. */
export const APPEND_ONLY_TABLES = ["public.audit_log"] as const;

type Sql = postgres.Sql | postgres.TransactionSql;

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The role a connection acts as. */
export async function currentRole(sql: Sql): Promise<string> {
  const [row] = await sql<{ role: string }[]>`select current_user::text as role`;
  if (!row) throw new Error("current_user returned no row");
  return row.role;
}

/**
 * Run as the owner, after the migrations: grants the app role exactly what the app needs.
 * - USAGE on the schemas public and pgboss (never CREATE: it cannot add or replace objects);
 * - SELECT, INSERT, UPDATE, DELETE on their tables (never TRUNCATE, REFERENCES or TRIGGER);
 *   on the append-only tables SELECT and INSERT only;
 * - USAGE and SELECT on their sequences (nextval for serial ids, and pg_dump reads them);
 * - SELECT on drizzle's journal and its sequence (read-only: a backup as the app role needs both).
 * Functions keep PostgreSQL's default EXECUTE for PUBLIC: the app calls only pg-boss's
 * create_queue (a no-op for the queues the owner made here) and, through triggers, the
 * migrations' trigger functions, which need no EXECUTE of the role that fires them.
 * CREATE on schema public is also revoked from PUBLIC (PostgreSQL before 15 grants it; a no-op on
 * 15, and only a warning where the owner does not own the schema: checkAppRole then refuses).
 */
export async function grantAppRole(owner: postgres.Sql, appRole: string): Promise<void> {
  const app = quoteIdentifier(appRole);
  const schemas = [...APP_SCHEMAS, MIGRATIONS_SCHEMA].map(quoteIdentifier).join(", ");
  const appSchemas = APP_SCHEMAS.map(quoteIdentifier).join(", ");
  await owner.begin(async (tx) => {
    await tx.unsafe(`revoke all on all tables in schema ${schemas} from ${app}`);
    await tx.unsafe(`revoke all on all sequences in schema ${schemas} from ${app}`);
    await tx.unsafe(`revoke all on schema ${schemas} from ${app}`);
    await tx.unsafe(`revoke create on schema public from public`);
    await tx.unsafe(`grant usage on schema ${appSchemas} to ${app}`);
    await tx.unsafe(`grant select, insert, update, delete on all tables in schema ${appSchemas} to ${app}`);
    for (const table of APPEND_ONLY_TABLES) await tx.unsafe(`revoke update, delete on ${table} from ${app}`);
    await tx.unsafe(`grant usage, select on all sequences in schema ${appSchemas} to ${app}`);
    await tx.unsafe(`grant usage on schema ${quoteIdentifier(MIGRATIONS_SCHEMA)} to ${app}`);
    await tx.unsafe(`grant select on ${quoteIdentifier(MIGRATIONS_SCHEMA)}.${quoteIdentifier(MIGRATIONS_TABLE)} to ${app}`);
    // pg_dump reads every sequence it dumps: `npm run db:backup` works as the app role.
    await tx.unsafe(`grant select on all sequences in schema ${quoteIdentifier(MIGRATIONS_SCHEMA)} to ${app}`);
  });
}

const REFER = 'see docs/operating.md, "Two database roles"';

/**
 * Refuses an app role that could undo the audit log's protection, with one line naming the fix.
 * Refused rather than warned about: a warning in a start-up log would leave the operator believing
 * they have the guarantee. `owner` (the owner's role name) is known when DATABASE_OWNER_URL is
 * set; without it, owning through membership of the owning role is what gives the owner away.
 * `privileges`: also check what the grants left (run after migrating; before, an empty database
 * proves nothing). `oneRoleHint`: no owner URL was given, so the one-role setup is the other way out.
 */
export async function checkAppRole(app: Sql, where: string, options: { owner?: string; privileges: boolean; oneRoleHint?: boolean }): Promise<void> {
  const [role] = await app<{ name: string; superuser: boolean; createrole: boolean; bypassrls: boolean; memberOfOwner: boolean | null; serverVersion: number }[]>`
    select r.rolname::text as name, r.rolsuper as superuser, r.rolcreaterole as createrole, r.rolbypassrls as bypassrls,
      case when ${options.owner ?? null}::text is null then null
        else pg_has_role(r.oid, (select oid from pg_roles where rolname = ${options.owner ?? null}::text), 'MEMBER') end as "memberOfOwner",
      current_setting('server_version_num')::int as "serverVersion"
    from pg_roles r where r.rolname = current_user`;
  if (!role) throw new Error("the app role is not in pg_roles");
  const prefix = `${where}: the app role "${role.name}" (DATABASE_URL)`;
  const refer = options.oneRoleHint ? `${REFER}; or set DATABASE_ONE_ROLE=${ONE_ROLE_CONSENT} to accept that` : REFER;
  if (role.superuser) {
    throw new ConfigError(`${prefix} is a superuser, so it could switch off the audit log's protection; connect the app as a role without SUPERUSER (${refer}).`);
  }
  if (role.createrole) {
    throw new ConfigError(`${prefix} has CREATEROLE, so it could grant itself the owner's rights; run ALTER ROLE ${quoteIdentifier(role.name)} NOCREATEROLE (${refer}).`);
  }
  if (role.bypassrls) {
    throw new ConfigError(`${prefix} has BYPASSRLS, so row security would not apply to it; run ALTER ROLE ${quoteIdentifier(role.name)} NOBYPASSRLS (${refer}).`);
  }
  if (options.owner === role.name) {
    throw new ConfigError(`${where}: DATABASE_URL and DATABASE_OWNER_URL log in as the same role "${role.name}"; the app needs a role of its own that owns nothing (${REFER}).`);
  }
  if (role.memberOfOwner) {
    throw new ConfigError(`${prefix} is a member of the owner role "${options.owner}", so it has the owner's rights; run REVOKE ${quoteIdentifier(options.owner ?? "")} FROM ${quoteIdentifier(role.name)} (${REFER}).`);
  }
  const schemas = [...APP_SCHEMAS, MIGRATIONS_SCHEMA];
  // Owning directly, through a role it belongs to, or as the database's owner (pg_database_owner
  // owns schema public on PostgreSQL 15): pg_has_role covers all three.
  const [owned] = await app<{ name: string; owner: string; direct: boolean }[]>`
    select n.nspname || coalesce('.' || c.relname, '') as name, pg_get_userbyid(coalesce(c.relowner, n.nspowner))::text as owner,
      coalesce(c.relowner, n.nspowner) = (select oid from pg_roles where rolname = current_user) as direct
    from pg_namespace n left join pg_class c on c.relnamespace = n.oid and pg_has_role(current_user, c.relowner, 'MEMBER')
    where n.nspname = any(${schemas}::text[]) and (c.oid is not null or pg_has_role(current_user, n.nspowner, 'MEMBER'))
    order by c.oid nulls first limit 1`;
  if (owned) {
    const how = owned.direct ? "owns" : `can act as "${owned.owner}", which owns`;
    throw new ConfigError(`${prefix} ${how} ${owned.name}, so it could alter or drop it and disable its triggers; the owner role (DATABASE_OWNER_URL) must own the schema and the app role must not be a member of it (${refer}).`);
  }
  if (!options.privileges) return;
  const [can] = await app<{ createSchema: string | null; createInDatabase: boolean; setReplicationRole: boolean }[]>`
    select (select string_agg(nspname, ', ' order by nspname) from pg_namespace
              where nspname = any(${schemas}::text[]) and has_schema_privilege(current_user, oid, 'CREATE')) as "createSchema",
      has_database_privilege(current_user, current_database(), 'CREATE') as "createInDatabase",
      ${role.serverVersion >= 150_000 ? app`has_parameter_privilege(current_user, 'session_replication_role', 'SET')` : app`false`} as "setReplicationRole"`;
  if (can?.createSchema) {
    throw new ConfigError(
      `${prefix} may create objects in schema ${can.createSchema}; as the schema's owner run REVOKE CREATE ON SCHEMA ${can.createSchema} FROM PUBLIC, ${quoteIdentifier(role.name)} (${REFER}).`,
    );
  }
  if (can?.createInDatabase) {
    throw new ConfigError(`${prefix} may create schemas in this database; run REVOKE CREATE ON DATABASE … FROM PUBLIC, ${quoteIdentifier(role.name)} (${REFER}).`);
  }
  if (can?.setReplicationRole) {
    throw new ConfigError(
      `${prefix} may set session_replication_role, which skips every trigger; run REVOKE SET ON PARAMETER session_replication_role FROM ${quoteIdentifier(role.name)} (${REFER}).`,
    );
  }
}

/**
 * Both URLs must reach one database: migrating and granting in another would leave the app's
 * database unmigrated or ungranted. Compared on the server's answers, not the URLs' text (a
 * pooler may give the app another host, port or database name): the database's oid and name and
 * the server's start time, which together no other database shares.
 */
export async function checkSameDatabase(owner: Sql, app: Sql, where: string): Promise<void> {
  const identify = async (sql: Sql) => {
    const [row] = await sql<{ name: string; id: string }[]>`
      select current_database()::text as name, d.oid::text || '@' || pg_postmaster_start_time()::text as id
      from pg_database d where d.datname = current_database()`;
    return row ?? { name: "?", id: "?" };
  };
  const [o, a] = await Promise.all([identify(owner), identify(app)]);
  if (o.id !== a.id) {
    const names = o.name === a.name ? `both named "${a.name}", on different servers` : `"${a.name}" and "${o.name}"`;
    throw new ConfigError(`${where}: DATABASE_URL and DATABASE_OWNER_URL reach different databases (${names}); both must name the app's one database (${REFER}).`);
  }
}

/**
 * Who applied the migrations: "none" (a new database), "self" (the app role owns drizzle's
 * journal, directly or as a member of its owner: the one-role setup) or "other" (an owner role
 * did; this process has no owner URL). "self" says nothing about whether that is allowed:
 * checkAppRole decides that.
 */
export async function migrationsOwner(app: Sql): Promise<"none" | "self" | "other"> {
  const [row] = await app<{ own: boolean }[]>`
    select pg_has_role(current_user, c.relowner, 'MEMBER') as own
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${MIGRATIONS_SCHEMA} and c.relname = ${MIGRATIONS_TABLE}`;
  return row === undefined ? "none" : row.own ? "self" : "other";
}

/**
 * A server given only the app role's URL cannot migrate; it starts only if the owner already
 * applied every committed migration (else its queries would meet an older schema).
 */
export async function checkMigrationsApplied(app: Sql, migrationsFolder: string, where: string): Promise<void> {
  const committed = readMigrationFiles({ migrationsFolder });
  let applied: number;
  try {
    const [row] = await app<{ last: string | null }[]>`
      select max(created_at)::text as last from ${app(MIGRATIONS_SCHEMA)}.${app(MIGRATIONS_TABLE)}`;
    applied = Number(row?.last ?? 0);
  } catch (error) {
    if ((error as { code?: string }).code !== "42501") throw error;
    throw new ConfigError(`${where}: the app role may not read the migrations' journal; run \`npm run db:migrate\` with DATABASE_OWNER_URL set (it grants the app role), then start again.`);
  }
  const missing = committed.filter((m) => m.folderMillis > applied).length;
  if (missing > 0) {
    throw new ConfigError(
      `${where}: ${missing} of ${committed.length} migrations are not applied, and the app role does not own the schema to apply them; run \`npm run db:migrate\` with DATABASE_OWNER_URL set, then start again.`,
    );
  }
  // pg-boss's schema too: after an upgrade of pg-boss the app's queue would otherwise try to
  // migrate it at its first message and fail for want of ownership, with residents left untold.
  const wanted = jobQueueSchemaVersion();
  if (wanted === null) return;
  const [boss] = await app<{ version: number | null }[]>`select max(version)::int as version from ${app(JOB_QUEUE_SCHEMA)}.version`.catch(
    (error: { code?: string }) => {
      // Not installed (no schema or table), or installed without the app role's grants.
      if (["42P01", "3F000", "42501"].includes(error.code ?? "")) return [{ version: null }];
      throw error;
    },
  );
  if ((boss?.version ?? 0) < wanted) {
    throw new ConfigError(
      `${where}: the job queue's schema (pg-boss) is ${boss?.version ? `at version ${boss.version}, not ${wanted}` : "not installed"}, and the app role may not install it; run \`npm run db:migrate\` with DATABASE_OWNER_URL set, then start again.`,
    );
  }
}
