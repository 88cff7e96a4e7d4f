import postgres from "postgres";
import { isDatabaseUnavailable } from "./unavailable";

// Knowing the database is down, once per instance. Without this every request during an outage
// sends its own queries to a dead server and waits for its own connection to fail (up to the
// connect timeout, and a render waits for several), so residents' cached pages queued behind
// renders and a coordinator waited seconds to be told nothing was saved. After one connection-class
// failure the breaker opens: every query is refused at once with an error isDatabaseUnavailable
// recognises, one background probe asks the database every PROBE_INTERVAL_MS whether it is back,
// and the first probe that succeeds closes the breaker. No half-open trial of real requests: a
// probe is cheaper than a request that would wait on a dead connection.

/** The error every query gets while the breaker is open; isDatabaseUnavailable recognises its code. */
export class DatabaseCircuitOpenError extends Error {
  readonly code = "DATABASE_CIRCUIT_OPEN";
  constructor(readonly openedAt: number) {
    super("The database is unreachable (circuit breaker open since the last connection failure); not sending the query.");
    this.name = "DatabaseCircuitOpenError";
  }
}

/** How often the probe asks while the breaker is open: fresh answers must return within 3 s of the database. */
export const PROBE_INTERVAL_MS = 1_000;

export type BreakerClock = {
  now(): number;
  /** Schedules the next probe; returns a cancel function. Tests pass one they drive by hand. */
  schedule(callback: () => void, ms: number): () => void;
};

const realClock: BreakerClock = {
  now: () => Date.now(),
  schedule(callback, ms) {
    // unref: a pending probe must not keep a script or a test process alive.
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

export type BreakerState = { open: false } | { open: true; since: number; lastProbeAt: number | null; reason: string };

export class CircuitBreaker {
  private openedAt: number | null = null;
  private reason = "";
  private lastProbeAt: number | null = null;
  private cancelProbe: (() => void) | null = null;
  private probing = false;
  private readonly openListeners = new Set<() => void>();
  private readonly closeListeners = new Set<() => void>();

  constructor(
    /** Resolves when the database answers (e.g. `select 1` on a connection of its own, with a short timeout). */
    private readonly probe: () => Promise<void>,
    private readonly options: { clock?: BreakerClock; probeIntervalMs?: number; log?: (line: string) => void } = {},
  ) {}

  private get clock(): BreakerClock {
    return this.options.clock ?? realClock;
  }

  isOpen(): boolean {
    return this.openedAt !== null;
  }

  state(): BreakerState {
    return this.openedAt === null ? { open: false } : { open: true, since: this.openedAt, lastProbeAt: this.lastProbeAt, reason: this.reason };
  }

  /** Called once each time the breaker opens (e.g. to release requests waiting on a render). */
  onOpen(listener: () => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Runs one database call through the breaker: refused at once while open; a connection-class
   * failure opens it. Other errors (a constraint, a bug) say nothing about reachability and pass.
   */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.openedAt !== null) throw new DatabaseCircuitOpenError(this.openedAt);
    try {
      return await call();
    } catch (error) {
      if (isDatabaseUnavailable(error) && !(error instanceof DatabaseCircuitOpenError)) this.trip(error);
      throw error;
    }
  }

  /** A connection failure was seen: open (if not already) and start probing. */
  trip(error: unknown): void {
    if (this.openedAt !== null) return;
    this.openedAt = this.clock.now();
    this.reason = reasonOf(error);
    this.lastProbeAt = null;
    this.options.log?.(`database unreachable (${this.reason}); refusing queries and probing every ${this.interval / 1000} s`);
    this.scheduleProbe();
    for (const listener of [...this.openListeners]) listener();
  }

  /** Stops probing (the handle is closing). The breaker stays in whatever state it is in. */
  dispose(): void {
    this.cancelProbe?.();
    this.cancelProbe = null;
  }

  private get interval(): number {
    return this.options.probeIntervalMs ?? PROBE_INTERVAL_MS;
  }

  private scheduleProbe(): void {
    this.cancelProbe?.();
    this.cancelProbe = this.clock.schedule(() => void this.runProbe(), this.interval);
  }

  private async runProbe(): Promise<void> {
    this.cancelProbe = null;
    if (this.openedAt === null || this.probing) return;
    this.probing = true;
    this.lastProbeAt = this.clock.now();
    try {
      await this.probe();
    } catch {
      // Still down: ask again after the interval. One probe at a time, never a storm.
      this.probing = false;
      if (this.openedAt !== null) this.scheduleProbe();
      return;
    }
    this.probing = false;
    const downFor = this.clock.now() - (this.openedAt ?? this.clock.now());
    this.openedAt = null;
    this.options.log?.(`database reachable again after ${Math.round(downFor / 100) / 10} s; sending queries`);
    for (const listener of [...this.closeListeners]) listener();
  }
}

/**
 * Puts every query and transaction of a drizzle database through the breaker, at the session:
 * query builders, relational queries, `execute` and prepared statements all go through
 * `session.prepareQuery(...).execute/all`, and `db.transaction` through `session.transaction`.
 * Queries inside a transaction use the transaction's own session: the transaction as a whole is
 * refused or observed, so a connection lost mid-way still opens the breaker.
 */
export function guardDatabase<D extends object>(db: D, breaker: CircuitBreaker): D {
  const session = (db as unknown as { session?: GuardableSession }).session;
  if (!session || typeof session.prepareQuery !== "function" || typeof session.transaction !== "function") {
    throw new Error("guardDatabase: this drizzle database has no session to guard (drizzle-orm's internals changed?)");
  }
  const prepareQuery = session.prepareQuery.bind(session);
  session.prepareQuery = (...args: unknown[]) => {
    const prepared = prepareQuery(...args);
    for (const method of ["execute", "all"] as const) {
      const original = prepared[method];
      if (typeof original === "function") prepared[method] = (...callArgs: unknown[]) => breaker.run(() => original.apply(prepared, callArgs));
    }
    return prepared;
  };
  const transaction = session.transaction.bind(session);
  session.transaction = (...args: unknown[]) => breaker.run(() => transaction(...args));
  return db;
}

type GuardablePrepared = { execute?: (...args: unknown[]) => Promise<unknown>; all?: (...args: unknown[]) => Promise<unknown> };
type GuardableSession = {
  prepareQuery: (...args: unknown[]) => GuardablePrepared;
  transaction: (...args: unknown[]) => Promise<unknown>;
};

function reasonOf(error: unknown): string {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string") return e.code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** How long a probe may take before it counts as a failure: a hung server is a down server. */
export const PROBE_TIMEOUT_MS = 1_500;

/**
 * The probe for a PostgreSQL server: `select 1` on a connection of its own, opened for the probe
 * and closed after it, so it never waits behind (or reuses) the pool's dead connections.
 */
export function postgresProbe(url: string, timeoutMs = PROBE_TIMEOUT_MS): () => Promise<void> {
  return async () => {
    const probe = postgres(url, { max: 1, connect_timeout: Math.max(1, Math.ceil(timeoutMs / 1000)), idle_timeout: 1, onnotice: () => {} });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe`select 1`,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      void probe.end({ timeout: 0 }).catch(() => {});
    }
  };
}
