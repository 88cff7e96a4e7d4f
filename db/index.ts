import "server-only";
import type { Db, DbHandle } from "./client";
import { openDb } from "./client";
import { resolveDbConfig } from "./config";

export type { Db } from "./client";

// One handle per server process. It lives on globalThis because Next bundles instrumentation and
// routes separately: a module-level variable would exist twice, and PGlite must be opened once.
const globalForDb = globalThis as unknown as { corridorDb?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  globalForDb.corridorDb ??= openDb(resolveDbConfig()).catch((error) => {
    globalForDb.corridorDb = undefined; // let the next request retry (the database may come back)
    throw error;
  });
  return globalForDb.corridorDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
