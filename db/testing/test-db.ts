import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { openDb, type DbHandle } from "../client";
import { parsePostgresUrl } from "../config";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export type TestDb = DbHandle & {
  label: "pglite" | "postgres";
  /** The database's address on PostgreSQL, for a process of its own (a bench's server); none for in-memory PGlite. */
  url?: string;
  drop(): Promise<void>;
};

/**
 * Set by db/testing/global-setup.ts for the run's workers: a migrated database each test file's
 * own database is copied from (a PGlite dump file, or a PostgreSQL template database's name).
 * A fresh PGlite cluster costs seconds of CPU to create and the migrations more; copying the one
 * migrated at the start of this run costs a fraction, and is the same schema (it was made from
 * this tree's migrations, minutes ago).
 */
export const TEMPLATE_VARIABLE = "CORRIDOR_TEST_DB_TEMPLATE";

/** DATABASE_URL when it names a local PostgreSQL, undefined for PGlite; any other host is refused. */
function localPostgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return undefined;
  const server = parsePostgresUrl(url);
  if (!LOCAL_HOSTS.has(server.host)) {
    throw new Error(`Refusing to run database tests against ${server.host}: only a local PostgreSQL is allowed.`);
  }
  return url;
}

function withDatabase(url: string, name: string): string {
  const result = new URL(url);
  result.pathname = `/${name}`;
  return result.toString();
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by DATABASE_URL (created here, dropped by drop()). Refuses any host
 * but this machine, so a test run can never touch a shared or production database.
 */
export async function createTestDb(): Promise<TestDb> {
  const url = localPostgresUrl();
  const template = process.env[TEMPLATE_VARIABLE];
  if (!url) {
    const dump = template ? new Blob([fs.readFileSync(template)]) : undefined;
    const handle = await openDb({ driver: "pglite", dir: ":memory:" }, { pgliteDataDir: dump });
    if (!dump) await handle.migrate();
    return { ...handle, label: "pglite", drop: () => handle.close() };
  }
  const name = `corridor_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { onnotice: () => {}, max: 1 });
  await admin.unsafe(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
  // One role, the server's (a superuser, as in CI): tests are not about the role separation,
  // which db/roles.db.test.ts proves with roles of its own.
  const handle = await openDb({ ...parsePostgresUrl(withDatabase(url, name)), oneRole: true });
  if (!template) await handle.migrate();
  return {
    ...handle,
    label: "postgres",
    url: withDatabase(url, name),
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * Migrates one database for the whole run to copy from (see TEMPLATE_VARIABLE) and returns what
 * names it, with the function that removes it.
 */
export async function createTemplate(): Promise<{ template: string; remove(): Promise<void> }> {
  const url = localPostgresUrl();
  if (!url) {
    const handle = await openDb({ driver: "pglite", dir: ":memory:" });
    await handle.migrate();
    const dump = await ((handle.db as unknown as { $client: PGlite }).$client.dumpDataDir("none"));
    await handle.close();
    const file = path.join(os.tmpdir(), `corridor-test-db-${process.pid}-${crypto.randomBytes(4).toString("hex")}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return { template: file, remove: async () => fs.rmSync(file, { force: true }) };
  }
  const name = `corridor_template_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database "${name}"`);
  const handle = await openDb({ ...parsePostgresUrl(withDatabase(url, name)), oneRole: true });
  try {
    await handle.migrate();
  } finally {
    // A template may have no connections while it is copied.
    await handle.close();
  }
  return {
    template: name,
    async remove() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
