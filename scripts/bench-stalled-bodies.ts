// Memory held by stalled request bodies: 1,000 clients each announce a 512 KB body, send half of
// it and stall, against the request guard with its production limits
// (server/security/request-guard.ts) in a process of its own. Next never sees an unfinished body
// (the guard reads every body first), so a stand-in answers what passes. Prints the server's RSS
// before and at the peak, how the stalled clients were answered, and the latency of requests
// without a body meanwhile; fails if the growth passes the stated bound.
// Usage: npm run bench:stalled
import { fork } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { guardRequests, REQUEST_LIMITS, serverOptions, staticFilesIn } from "@/server/security/request-guard";

const CLIENTS = 1_000;
const ANNOUNCED = REQUEST_LIMITS.bodyBytes;
const SENT = ANNOUNCED / 2;
/** The stated bound: the bytes the budget lets bodies hold, and 32 KB for each open connection. */
const BOUND = REQUEST_LIMITS.bufferedBytes + CLIENTS * 32 * 1024;

if (process.argv[2] === "--server") {
  const guarded = guardRequests(
    async (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    },
    staticFilesIn(process.cwd()),
  );
  const server = http.createServer(serverOptions(), (req, res) => void guarded(req, res));
  server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as net.AddressInfo).port }));
  process.on("message", () => {
    global.gc?.();
    process.send!({ rss: process.memoryUsage().rss });
  });
} else {
  const child = fork(import.meta.filename, ["--server"], { execArgv: [...process.execArgv, "--expose-gc"] });
  const stop = () => child.kill("SIGTERM");
  process.on("exit", stop);
  const next = () => new Promise<{ port?: number; rss?: number }>((resolve) => child.once("message", resolve));
  const { port } = await next();
  const rss = async () => {
    child.send("rss");
    return (await next()).rss!;
  };
  const get = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      http.get({ host: "127.0.0.1", port, path: "/en", agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(performance.now() - started));
      }).on("error", reject);
    });

  const before = await rss();
  const statuses = new Map<string, number>();
  const sockets: net.Socket[] = [];
  const answered: Promise<void>[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const socket = net.connect(port!, "127.0.0.1");
    sockets.push(socket);
    answered.push(
      new Promise((resolve) => {
        let head = "";
        let noted = false;
        const note = (status: string) => {
          if (noted) return;
          noted = true;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          resolve();
        };
        socket.on("data", (chunk) => {
          head += chunk.toString("latin1");
          if (head.includes("\r\n")) note(head.split(" ")[1]!);
          socket.destroy();
        });
        socket.on("error", () => note("reset"));
        socket.on("close", () => note("closed"));
      }),
    );
    socket.write(`POST /en/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${ANNOUNCED}\r\n\r\n`);
    socket.write("x".repeat(SENT));
  }
  // Let the server read what was sent, then measure while every client stalls.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const latencies: number[] = [];
  for (let i = 0; i < 20; i++) latencies.push(await get());
  const peak = await rss();
  const growth = peak - before;
  latencies.sort((a, b) => a - b);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`stalled bodies: ${CLIENTS} clients, each ${SENT / 1024} KB of ${ANNOUNCED / 1024} KB sent`);
  console.log(`server RSS: ${mb(before)} before, ${mb(peak)} at the peak: +${mb(growth)} (bound ${mb(BOUND)})`);
  console.log(`GET meanwhile: median ${latencies[10]!.toFixed(1)} ms, slowest ${latencies[19]!.toFixed(1)} ms`);
  // The stalled ones: refused as busy at once, or answered 408 at the body deadline.
  await Promise.race([Promise.all(answered), new Promise((resolve) => setTimeout(resolve, REQUEST_LIMITS.bodyMs + 5_000))]);
  console.log(`stalled clients' answers: ${JSON.stringify(Object.fromEntries(statuses))}`);
  for (const socket of sockets) socket.destroy();
  stop();
  if (growth > BOUND) {
    console.error(`the server grew by ${mb(growth)}, past the bound of ${mb(BOUND)}`);
    process.exit(1);
  }
  process.exit(0);
}
