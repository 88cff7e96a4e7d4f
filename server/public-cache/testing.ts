import http from "node:http";
import type { AddressInfo } from "node:net";
import { islandManifest } from "../public-html/manifest";
import { withPublicCache } from "./server";

// For the cache's tests: the cache in front of a stand-in for Next's handler, over real HTTP.

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

const servers = new Set<http.Server>();

/** Serves `handler` behind a fresh public cache on a free local port; returns its base URL. */
export async function serveThroughCache(handler: Handler): Promise<string> {
  quietlyReadIslandManifest();
  const cached = withPublicCache(handler);
  const server = http.createServer((req, res) => void cached(req, res));
  servers.add(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes every server serveThroughCache started (call it in afterEach). */
export function closeCacheServers(): void {
  for (const server of servers) server.close();
  servers.clear();
}

/**
 * A minimal page with the main element the stale notice is put into, and a head (without one, a
 * residents' page is served with Next's runtime and that is logged as a fault).
 */
export const page = (text: string) => `<!DOCTYPE html><html><head></head><body><main id="main">${text}</main></body></html>`;

/**
 * The cache reads the islands' manifest once per process and logs when there is none, as before
 * `npm run build` (CI runs Vitest first). These tests are about caching, not islands: the manifest
 * is read here with that line held back, so a green run prints nothing that looks like a fault.
 */
function quietlyReadIslandManifest(): void {
  const error = console.error;
  console.error = () => {};
  try {
    islandManifest();
  } finally {
    console.error = error;
  }
}
