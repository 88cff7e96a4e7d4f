import crypto from "node:crypto";
import postgres from "postgres";
import { openDb, type DbHandle } from "../client";
import { parsePostgresUrl } from "../config";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export type TestDb = DbHandle & { label: "pglite" | "postgres"; drop(): Promise<void> };

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by DATABASE_URL (created here, dropped by drop()). Refuses any host
 * but this machine, so a test run can never touch a shared or production database.
 */
export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    const handle = await openDb({ driver: "pglite", dir: ":memory:" });
    await handle.migrate();
    return { ...handle, label: "pglite", drop: () => handle.close() };
  }
  const server = parsePostgresUrl(url);
  if (!LOCAL_HOSTS.has(server.host)) {
    throw new Error(`Refusing to run database tests against ${server.host}: only a local PostgreSQL is allowed.`);
  }
  const name = `corridor_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database "${name}"`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  // One role, the server's (a superuser, as in CI): tests are not about the role separation,
  // which db/roles.test.ts proves with roles of its own.
  const handle = await openDb({ ...parsePostgresUrl(testUrl.toString()), oneRole: true });
  await handle.migrate();
  return {
    ...handle,
    label: "postgres",
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
