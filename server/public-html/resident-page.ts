import { addressOf } from "@/lib/addresses";
import { islandManifest, type IslandManifest } from "./manifest";
import { stripNextRuntime } from "./strip-next-runtime";

// The one step in front of Next that makes a residents' page island-only: called from the public
// response cache's render() (server/public-cache/server.ts) on every page it renders, before the
// answer is stored (so it runs once per render, not per request).

type Answer = { status: number; headers: Record<string, string | string[]>; body: Buffer };

const refusedPaths = new Set<string>();

/**
 * The answer to send for `url`: a residents' HTML page without Next's client runtime and with its
 * islands, anything else unchanged. A page the transform refuses (it streamed content that only a
 * script would show) is sent unchanged, with its runtime, and said once per address in the log.
 */
export function residentPageAnswer<T extends Answer>(url: string | undefined, answer: T, manifest: IslandManifest | null = islandManifest()): T {
  const pathname = new URL(url ?? "/", "http://x").pathname;
  // An empty body (a HEAD request) has nothing to change.
  if (answer.status !== 200 || answer.body.length === 0 || addressOf(pathname).kind !== "resident-page") return answer;
  if (!String(answer.headers["content-type"] ?? "").startsWith("text/html")) return answer;
  const result = stripNextRuntime(answer.body.toString("utf8"), manifest?.islands ?? {});
  if (!result.ok) {
    if (!refusedPaths.has(pathname)) {
      refusedPaths.add(pathname);
      console.error(`corridor: ${pathname} is served unchanged, with Next's runtime: ${result.reason}`);
    }
    return answer;
  }
  return { ...answer, body: Buffer.from(result.html, "utf8") };
}
