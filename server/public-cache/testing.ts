import http from "node:http";
import type { AddressInfo } from "node:net";
import { withPublicCache } from "./server";

// For the cache's tests: the cache in front of a stand-in for Next's handler, over real HTTP.

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

const servers = new Set<http.Server>();

/** Serves `handler` behind a fresh public cache on a free local port; returns its base URL. */
export async function serveThroughCache(handler: Handler): Promise<string> {
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

/** A minimal page with the main element the stale notice is put into. */
export const page = (text: string) => `<!DOCTYPE html><html><body><main id="main">${text}</main></body></html>`;
