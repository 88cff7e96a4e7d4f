import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardRequests, type RequestLimits, serverOptions, staticFilesIn } from "./request-guard";

// The request budget with slow clients on raw sockets, against the guard with small limits (the
// same code as the production ones, scaled down so the test takes seconds): headers and bodies
// that stall get 408, a body past its cap 413, and once the bytes held for unfinished bodies
// reach the process-wide cap, new bodies get 503 with Retry-After while other clients are served.

const LIMITS: RequestLimits = { headersMs: 600, bodyMs: 1_500, bodyBytes: 16 * 1024, bufferedBytes: 64 * 1024, retryAfterSeconds: 7 };
let server: http.Server;
let port: number;
const bodiesReached: number[] = [];

beforeAll(async () => {
  const guarded = guardRequests(
    async (req, res) => {
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) size += chunk.length;
      if (req.method === "POST") bodiesReached.push(size);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    },
    staticFilesIn("/nonexistent-corridor-root"),
    LIMITS,
  );
  server = http.createServer(serverOptions(LIMITS), (req, res) => void guarded(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Answer = { status: number; headers: Record<string, string>; afterMs: number };

/** A connection that sends `text` now and reads until the server closes it (or `waitMs` passes: status 0). */
function connection(text: string, waitMs = 5_000) {
  const socket = net.connect(port, "127.0.0.1");
  const started = Date.now();
  let received = "";
  const answer = new Promise<Answer>((resolve) => {
    const done = () => {
      const [head = ""] = received.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine.split(" ")[1] ?? 0) || 0, headers, afterMs: Date.now() - started });
      socket.destroy();
    };
    socket.setTimeout(waitMs, done);
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      // One answer is all these tests read; the server may keep the connection open after it.
      if (/\r\n\r\n/.test(received) && /content-length: 0|\r\n\r\n[\s\S]*\n$/i.test(received)) done();
    });
    socket.on("error", done);
    socket.on("close", done);
  });
  socket.write(text);
  return { socket, answer };
}

const post = (length: number, sent: string) => `POST /en/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${length}\r\n\r\n${sent}`;
const get = () => connection("GET /en HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").answer;

describe("the request budget", () => {
  it("answers headers that never end with 408", async () => {
    const { answer } = connection("GET /en HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
    const got = await answer;
    expect(got.status).toBe(408);
    // Node checks deadlines every connectionsCheckingInterval: within a few of them.
    expect(got.afterMs).toBeLessThan(LIMITS.headersMs + 3_000);
  });

  it("answers a body that stalls with 408 at the body deadline, and closes the connection", async () => {
    const { answer } = connection(post(1_000, "a=1&b="));
    const got = await answer;
    expect(got.status).toBe(408);
    expect(got.headers["connection"]).toBe("close");
    expect(got.afterMs).toBeGreaterThanOrEqual(LIMITS.bodyMs - 50);
    expect(got.afterMs).toBeLessThan(LIMITS.bodyMs + 1_000);
  });

  it("answers a body past the per-request cap with 413, and passes one within it", async () => {
    expect((await connection(post(LIMITS.bodyBytes + 1, "x".repeat(LIMITS.bodyBytes + 1))).answer).status).toBe(413);
    // Chunked, with no length announced: counted as it comes.
    const chunked = `POST /en/reports HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${(LIMITS.bodyBytes + 10).toString(16)}\r\n${"y".repeat(LIMITS.bodyBytes + 10)}\r\n0\r\n\r\n`;
    expect((await connection(chunked).answer).status).toBe(413);
    bodiesReached.length = 0;
    const fits = `POST /en/reports HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${LIMITS.bodyBytes}\r\nConnection: close\r\n\r\n${"z".repeat(LIMITS.bodyBytes)}`;
    expect((await connection(fits).answer).status).toBe(200);
    expect(bodiesReached).toEqual([LIMITS.bodyBytes]);
  });

  it("past the bytes held for unfinished bodies, new bodies get 503 with Retry-After while others are served; freed at the deadline", async () => {
    // Each stalls after 12 KB of a 16 KB body: five hold 60 KB of the 64 KB; the sixth's bytes do not fit.
    const stalled = Array.from({ length: 6 }, () => connection(post(LIMITS.bodyBytes, "s".repeat(12 * 1024))));
    const answers = stalled.map((s) => s.answer);
    const sixth = await answers[5]!;
    expect(sixth.status).toBe(503);
    expect(sixth.headers["retry-after"]).toBe(String(LIMITS.retryAfterSeconds));
    // A new body whose length no longer fits: 503 at once, nothing of it read.
    const late = await connection(post(8 * 1024, "")).answer;
    expect(late.status).toBe(503);
    expect(late.afterMs).toBeLessThan(LIMITS.bodyMs);
    // Requests without a body are served meanwhile.
    expect((await get()).status).toBe(200);
    // At the deadline the stalled ones get 408 and their bytes are given back: a body is taken again.
    expect((await Promise.all(answers.slice(0, 5))).map((a) => a.status)).toEqual([408, 408, 408, 408, 408]);
    expect((await connection(post(10, "0123456789")).answer).status).toBe(200);
  });

  it("many stalled bodies at once leave other clients served, and each stalled one is answered at its deadline", async () => {
    const stalled = Array.from({ length: 300 }, () => connection(`POST /en/reports HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n${"x".repeat(100)}\r\n`));
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
    const statuses = (await Promise.all(stalled.map((s) => s.answer))).map((a) => a.status);
    // 300 × 100 bytes fit the budget: none is refused as busy, all time out.
    expect(new Set(statuses)).toEqual(new Set([408]));
  }, 20_000);
});
