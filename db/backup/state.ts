import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Runs one SQL text and returns its rows; each driver adapts its own client to this. */
export type Query = (text: string) => Promise<Record<string, unknown>[]>;

export type TableState = { table: string; rows: number; md5: string };

export type DbState = {
  /** Every table outside the system schemas (public and drizzle), with its row count and a hash of its rows. */
  tables: TableState[];
  /** Every sequence's position, so a restored database does not hand out ids it already used. */
  sequences: { sequence: string; lastValue: string; isCalled: boolean }[];
  /** sha256 over all of the above: equal checksums mean equal contents. */
  checksum: string;
};

const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

function ident(schema: string, name: string): string {
  return `"${schema.replaceAll('"', '""')}"."${name.replaceAll('"', '""')}"`;
}

/**
 * The contents of every table and sequence. Rows are hashed one by one (md5 of the row as JSON)
 * and the hashes sorted, so the result does not depend on physical order or collation, and no
 * table's text has to fit in one value. Run it inside a transaction: it sets the time zone to UTC
 * for the transaction, because timestamps become text in the session's zone.
 */
export async function readDbState(query: Query): Promise<DbState> {
  await query(`set local timezone to 'UTC'`);
  const tables = await query(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and ${USER_SCHEMAS} order by 1, 2`,
  );
  const tableStates: TableState[] = [];
  for (const t of tables) {
    const schema = String(t.schema);
    const name = String(t.name);
    const [row] = await query(
      `select count(*)::text as rows, coalesce(md5(string_agg(h, '' order by h)), '') as md5
       from (select md5(row_to_json(x)::text) as h from ${ident(schema, name)} x) hashed`,
    );
    tableStates.push({ table: schema === "public" ? name : `${schema}.${name}`, rows: Number(row?.rows ?? 0), md5: String(row?.md5 ?? "") });
  }
  const sequenceRows = await query(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'S' and ${USER_SCHEMAS} order by 1, 2`,
  );
  const sequences: DbState["sequences"] = [];
  for (const s of sequenceRows) {
    const schema = String(s.schema);
    const name = String(s.name);
    const [row] = await query(`select last_value::text as v, is_called as c from ${ident(schema, name)}`);
    sequences.push({ sequence: schema === "public" ? name : `${schema}.${name}`, lastValue: String(row?.v), isCalled: row?.c === true });
  }
  const checksum = crypto.createHash("sha256").update(JSON.stringify({ tables: tableStates, sequences })).digest("hex");
  return { tables: tableStates, sequences, checksum };
}

/** True when no table outside the system schemas holds a row (drizzle's migration record aside). */
export async function hasNoRows(query: Query): Promise<boolean> {
  const tables = await query(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and ${USER_SCHEMAS} and not (n.nspname = 'drizzle' and c.relname = '__drizzle_migrations')`,
  );
  for (const t of tables) {
    const [row] = await query(`select exists (select 1 from ${ident(String(t.schema), String(t.name))}) as e`);
    if (row?.e === true) return false;
  }
  return true;
}

export type MigrationState = {
  /** The newest migration applied to the database (its tag), or null when none is. */
  applied: string | null;
  /** Migrations this version of Corridor has that the database has not applied. */
  pending: string[];
  /** The database has migrations this version of Corridor does not know: it was made by a newer one. */
  newer: boolean;
};

type Journal = { entries: { tag: string; when: number }[] };

/** Where the database stands against db/migrations (drizzle records each migration's `when`). */
export async function readMigrationState(query: Query): Promise<MigrationState> {
  const journal = JSON.parse(
    fs.readFileSync(path.join(process.cwd(), "db", "migrations", "meta", "_journal.json"), "utf8"),
  ) as Journal;
  const [exists] = await query(`select to_regclass('drizzle.__drizzle_migrations') is not null as e`);
  let last = -1;
  if (exists?.e === true) {
    const [row] = await query(`select coalesce(max(created_at), -1)::text as w from drizzle.__drizzle_migrations`);
    last = Number(row?.w ?? -1);
  }
  const applied = journal.entries.filter((e) => e.when <= last);
  const newest = journal.entries.at(-1);
  return {
    applied: applied.at(-1)?.tag ?? (last >= 0 ? "an unknown migration" : null),
    pending: journal.entries.filter((e) => e.when > last).map((e) => e.tag),
    newer: newest !== undefined && last > newest.when,
  };
}

export function describeMigrations(m: MigrationState): string {
  if (m.newer) return `the database has migrations newer than this version of Corridor (${m.applied ?? "none"} is the newest it knows)`;
  if (m.applied === null) return "no migrations applied";
  if (m.pending.length === 0) return `migrations current (${m.applied})`;
  return `at migration ${m.applied}, ${m.pending.length} pending (${m.pending.join(", ")}): npm start or npm run db:migrate applies them`;
}
