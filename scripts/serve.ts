// The production server: Next's request handler behind the public response cache
// (server/public-cache), told each client's address (server/client-address.ts). `npm start`, the
// end-to-end tests and the benchmark all serve through it.
// Usage: tsx scripts/serve.ts [port] (default: PORT or 3000). Runs without the react-server
// condition: Next loads its own server bundles.
import http from "node:http";
import { getTrustedProxyHops } from "@/env";
import { recordClientAddress } from "@/server/client-address";
import { withPublicCache } from "@/server/public-cache/server";
import { guardRequests, serverOptions } from "@/server/security/request-guard";

// Before Next is loaded: it reads NODE_ENV when its modules are evaluated.
(process.env as Record<string, string>).NODE_ENV = "production";
const { default: next } = await import("next");

const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
const trustedProxyHops = getTrustedProxyHops();
const app = next({ dev: false, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

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

server.listen(port, () => console.log(`corridor: serving on http://localhost:${port}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
    // Keep-alive connections can hold close() open: do not wait for them for ever.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
