import type http from "node:http";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { publicCacheHooks } from "@/server/public-cache/hooks";
import { pageCsp } from "@/server/security/headers";
import { inlineHashes } from "@/server/security/public-csp";
import { startServer } from "./serve";

// `npm run dev` is scripts/serve.ts --dev: Next's development server behind the same guard and
// response cache as production. Next here is a stand-in that answers as the development server
// does (a residents' page with Next's scripts in it), so the test takes a second, not the minutes
// a real development compile takes.

const calls: string[] = [];
const environment = process.env.NODE_ENV;
let close = async () => {};

afterAll(async () => {
  await close();
  (process.env as Record<string, string | undefined>).NODE_ENV = environment;
});

describe("npm run dev", () => {
  it("builds the islands, starts Next in development, and serves its pages through the production pipeline", async () => {
    publicCacheHooks().readVersion = async () => "1:true";
    let renders = 0;
    const started = await startServer({
      port: 0,
      dev: true,
      buildIslands: async () => void calls.push("islands"),
      createNext: (options) => {
        calls.push(`next dev=${options.dev} turbopack=${options.turbopack}`);
        return {
          prepare: async () => void calls.push("prepare"),
          close: async () => {},
          getRequestHandler: () => async (_req: http.IncomingMessage, res: http.ServerResponse) => {
            renders++;
            res.setHeader("content-type", "text/html; charset=utf-8");
            res.setHeader("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self'");
            res.end(`<!DOCTYPE html><html><head><script src="/_next/static/chunks/main-app.js" async=""></script></head><body><main id="main"><p data-island="copy">Lysychansk</p></main><script>self.__next_f.push([1])</script></body></html>`);
          },
          getUpgradeHandler: () => async (_req: http.IncomingMessage, socket: net.Socket | import("node:stream").Duplex) => {
            calls.push("upgrade");
            socket.end("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
          },
        };
      },
    });
    close = started.close;
    expect(process.env.NODE_ENV).toBe("development");
    expect(calls).toEqual(["islands", "next dev=true turbopack=true", "prepare"]);
    const base = `http://localhost:${(started.server.address() as net.AddressInfo).port}`;

    const page = await fetch(`${base}/en/towns/lysychansk`);
    const html = await page.text();
    expect(page.headers.get("x-corridor-cache")).toBe("MISS");
    expect(html).toContain("Lysychansk");
    expect(html).not.toContain("/_next/static/chunks/main-app.js");
    expect(html).not.toContain("__next_f");
    // The residents' policy is the pipeline's, hashed from the final HTML, as in production: not what Next sent.
    expect(page.headers.get("content-security-policy")).toBe(pageCsp({ nonce: null, hashes: inlineHashes(html) }));
    expect((await fetch(`${base}/en/towns/lysychansk`)).headers.get("x-corridor-cache")).toBe("HIT");
    expect(renders).toBe(1);

    // Hot reloading's WebSocket reaches Next's upgrade handler.
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect((started.server.address() as net.AddressInfo).port, "127.0.0.1");
      let received = "";
      socket.on("data", (chunk) => (received += chunk.toString()));
      socket.on("end", () => resolve(received));
      socket.on("error", reject);
      socket.write("GET /_next/webpack-hmr HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    });
    expect(reply).toMatch(/^HTTP\/1\.1 101/);
    expect(calls).toContain("upgrade");
  });
});
