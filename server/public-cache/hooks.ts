// The meeting point of the app (bundled by Next) and the server in front of it (scripts/serve.ts):
// two module graphs in one process, so they share a global registry rather than a module.

const PUBLIC_CACHE_HOOKS = Symbol.for("corridor.publicCache");

export type PublicCacheHooks = {
  /** Registered by the app at start-up: the public data's version, read from the database. */
  readVersion?: () => Promise<string>;
  /** Registered by the server: this instance wrote public data; drop its cached answers now. */
  invalidate?: () => void;
  /**
   * Registered by the app at start-up: this instance's database circuit breaker
   * (db/circuit-breaker.ts). While it is open the server answers from its copies at once.
   */
  database?: { isUnavailable(): boolean; onUnavailable(listener: () => void): () => void };
};

export function publicCacheHooks(): PublicCacheHooks {
  const g = globalThis as { [PUBLIC_CACHE_HOOKS]?: PublicCacheHooks };
  return (g[PUBLIC_CACHE_HOOKS] ??= {});
}
