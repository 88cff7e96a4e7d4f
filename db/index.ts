import "server-only";
import { CircuitBreaker, guardDatabase, postgresProbe } from "./circuit-breaker";
import type { Db, DbHandle } from "./client";
import { openDb } from "./client";
import { resolveDbConfig } from "./config";

export type { Db } from "./client";

// One handle per server process. It lives on globalThis because Next bundles instrumentation and
// routes separately: a module-level variable would exist twice, and PGlite must be opened once.
// So does the circuit breaker: one per instance, whichever bundle saw the failure.
const globalForDb = globalThis as unknown as { corridorDb?: Promise<DbHandle>; corridorDbBreaker?: CircuitBreaker };

/**
 * This instance's circuit breaker for the database (db/circuit-breaker.ts). On PostgreSQL every
 * query passes it; the embedded PGlite has no connection to lose, so there it never opens.
 */
export function getDatabaseBreaker(): CircuitBreaker {
  if (!globalForDb.corridorDbBreaker) {
    const config = resolveDbConfig();
    const probe = config.driver === "postgres" ? postgresProbe(config.url) : async () => {};
    globalForDb.corridorDbBreaker = new CircuitBreaker(probe, { log: (line) => console.warn(`corridor: ${line}`) });
  }
  return globalForDb.corridorDbBreaker;
}

export function getDbHandle(): Promise<DbHandle> {
  globalForDb.corridorDb ??= openDb(resolveDbConfig())
    .then((handle) => {
      if (handle.driver !== "postgres") return handle;
      const breaker = getDatabaseBreaker();
      guardDatabase(handle.db, breaker);
      const close = handle.close;
      return {
        ...handle,
        close: () => {
          breaker.dispose();
          return close();
        },
      };
    })
    .catch((error) => {
      globalForDb.corridorDb = undefined; // let the next request retry (the database may come back)
      throw error;
    });
  return globalForDb.corridorDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
