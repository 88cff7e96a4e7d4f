/**
 * Whether an error means the database cannot be reached right now (down, restarting, network),
 * as raised by postgres-js or PGlite through drizzle: a refused or dropped connection, a connect
 * timeout, PostgreSQL's connection-exception and shutdown classes (08…, 57P01–57P03), or this
 * instance's circuit breaker refusing a query because the database was just seen to be down
 * (db/circuit-breaker.ts).
 * Such a failure happened before anything was committed, so the user can simply try again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === "string" ? e.code : "";
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|CONNECT_TIMEOUT|DATABASE_CIRCUIT_OPEN)$/.test(code)) return true;
    if (/^08/.test(code) || /^57P0[123]$/.test(code)) return true;
    // An AggregateError (Node's connect tried several addresses) holds the real ones.
    if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}
