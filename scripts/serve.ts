// The server every way of running the app uses: Next's request handler behind the public response
// cache (server/public-cache), told each client's address (server/client-address.ts). `npm start`,
// the end-to-end tests and the benchmark serve the production build through it; `npm run dev`
// serves Next's development server through it (--dev), so islands, the residents' pages' CSP and the
// cache behave in development as they do in production.
// Usage: tsx scripts/serve.ts [port] [--dev] (default port: PORT or 3000). Runs without the
// react-server condition: Next loads its own server bundles.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextServer, NextServerOptions } from "next/dist/server/next";
import { getTrustedProxyHops } from "@/env";
import { recordClientAddress } from "@/server/client-address";
import { withPublicCache } from "@/server/public-cache/server";
import { guardRequests, serverOptions } from "@/server/security/request-guard";

type Options = {
  port: number;
  dev: boolean;
  /** Next itself; a test passes a stand-in. */
  createNext?: (options: NextServerOptions & { turbopack?: boolean }) => Pick<NextServer, "getRequestHandler" | "getUpgradeHandler" | "prepare" | "close">;
  /** Builds the islands; `npm run build` does it for production. */
  buildIslands?: () => Promise<unknown>;
};

export async function startServer({ port, dev, createNext, buildIslands }: Options): Promise<{ server: http.Server; close: () => Promise<void> }> {
  // Before Next is loaded: it reads NODE_ENV when its modules are evaluated.
  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
  // In development the islands are built once at start (an edit to islands/ takes a restart;
  // pages and components reload as usual).
  if (dev) await (buildIslands ?? (await import("./build-islands")).buildIslands)();
  const create = createNext ?? (await import("next")).default;
  const app = create({ dev, hostname: "localhost", port, ...(dev ? { turbopack: true } : {}) });
  const handle = app.getRequestHandler();
  await app.prepare();

  const trustedProxyHops = getTrustedProxyHops();
  // Malformed requests Next would answer with a 500 are refused first (server/security/request-guard.ts).
  const answer = guardRequests(withPublicCache((req, res) => handle(req, res)));
  // With the guard's deadlines: headers and the whole request (server/security/request-guard.ts).
  const server = http.createServer(serverOptions(), (req, res) => {
    // Before anything reads the request: the sign-in limits count the address recorded here.
    recordClientAddress(req, trustedProxyHops);
    // A client that goes away mid-body is routine: without a listener its "aborted" error would be
    // an uncaught exception (Next only logs it, but nothing is wrong with the server).
    req.on("error", () => {});
    answer(req, res).catch((error: unknown) => {
      console.error("corridor: request failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Internal error");
    });
  });
  // The development server's hot reloading talks over a WebSocket.
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => void upgrade(req, socket, head).catch(() => socket.destroy()));
  }
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const close = async () => {
    server.close();
    await app.close();
  };
  return { server, close };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dev = process.argv.includes("--dev");
  const port = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? process.env.PORT ?? 3000);
  const { close } = await startServer({ port, dev });
  console.log(`corridor: serving${dev ? " (development)" : ""} on http://localhost:${port}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      void close().finally(() => process.exit(0));
      // Keep-alive connections can hold close() open: do not wait for them for ever.
      setTimeout(() => process.exit(0), 5_000).unref();
    });
  }
}
