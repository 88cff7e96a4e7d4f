import { AsyncLocalStorage } from "node:async_hooks";

// What only a render knows and the response cache needs, passed as a function's result: the
// cache runs Next's render inside renderReported(), a page or route handler calls
// reportNextChange() while it renders, and renderReported() returns the instant beside the render's
// own result. No header or markup is read back. The app (bundled by Next) and the server in
// front of it (scripts/serve.ts) are two module graphs in one process, so the storage lives in the
// global registry, as hooks.ts does; both sides reach it only through this module.

/** What a render reported, read by finish.ts. */
export type RenderReport = {
  /** The earliest instant at which what the answer says changes by the clock alone, or null (lib/next-change.ts). */
  nextChange: number | null;
};

const STORAGE = Symbol.for("corridor.publicCache.renderReport");

function storage(): AsyncLocalStorage<RenderReport> {
  const g = globalThis as { [STORAGE]?: AsyncLocalStorage<RenderReport> };
  return (g[STORAGE] ??= new AsyncLocalStorage<RenderReport>());
}

/** Runs `render` and returns its result with what was reported during it. */
export async function renderReported<T>(render: () => Promise<T>): Promise<{ result: T; report: RenderReport }> {
  const report: RenderReport = { nextChange: null };
  const result = await storage().run(report, render);
  return { result, report: { ...report } };
}

/**
 * Tells the response cache (and through its Cache-Control every HTTP cache) that what this answer
 * says changes by the clock alone at `at`. Several calls keep the earliest: an earlier instant can
 * only make copies expire sooner. Outside a render the cache runs (a test calling a route handler)
 * it does nothing.
 */
export function reportNextChange(at: Date | number | null): void {
  const report = storage().getStore();
  if (!report || at === null) return;
  const instant = typeof at === "number" ? at : at.getTime();
  if (!Number.isFinite(instant)) return;
  report.nextChange = report.nextChange === null ? instant : Math.min(report.nextChange, instant);
}
