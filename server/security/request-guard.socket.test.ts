import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardRequests, satisfiable, staticFilesIn } from "./request-guard";

// The guard in front of a stand-in for Next that fails the way Next does on what the guard must
// stop: it cannot make a URL of "*", and its file server throws on a method or range it does not
// serve. Requests go over raw sockets: no HTTP client sends an asterisk or absolute-form target.

const SW = "self.addEventListener('fetch', () => {});\n"; // 43 bytes
let root: string;
let server: http.Server;
let port: number;
const reached: string[] = [];

async function standInForNext(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // Next's router makes a URL of the target alone: "*" and absolute-form fail there (TypeError: Invalid URL, or a redirect off-site).
  if (!req.url!.startsWith("/")) throw new TypeError("Invalid URL");
  const url = new URL(req.url!, `http://${req.headers.host}`);
  reached.push(`${req.method} ${url.pathname} host=${url.host}`);
  const isStatic = url.pathname === "/sw.js" || url.pathname.startsWith("/_next/static/");
  if (isStatic && (req.method !== "GET" && req.method !== "HEAD")) throw new TypeError("method not served");
  if (isStatic && req.headers.range && !/^bytes=\d+-\d*$/.test(req.headers.range)) throw new RangeError("range not served");
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("ok");
}

/** Sends `text` as it is on a fresh connection and returns the status line and headers. */
function raw(text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(text.slice(0, 60))}`)));
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("end", () => {
      const [head = "", body = ""] = received.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
    });
    socket.write(text);
  });
}

const request = (line: string, headers: string[] = []) => raw(`${line}\r\n${["Host: localhost", ...headers, "Connection: close"].join("\r\n")}\r\n\r\n`);

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-guard-"));
  fs.mkdirSync(path.join(root, "public", "islands"), { recursive: true });
  fs.mkdirSync(path.join(root, ".next", "static", "chunks"), { recursive: true });
  fs.writeFileSync(path.join(root, "public", "sw.js"), SW);
  fs.writeFileSync(path.join(root, "public", "favicon.ico"), "icon");
  fs.writeFileSync(path.join(root, "public", "islands", "map-abc123.js"), "export {};\n");
  fs.writeFileSync(path.join(root, ".next", "static", "chunks", "app-1.js"), "x".repeat(100));
  const guarded = guardRequests(standInForNext, staticFilesIn(root));
  server = http.createServer((req, res) => {
    guarded(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

describe("every request target is answered, never with a 500", () => {
  it("answers OPTIONS * with 204 and Allow, and refuses * for any other method with 400", async () => {
    const options = await request("OPTIONS * HTTP/1.1");
    expect(options.status).toBe(204);
    expect(options.headers["allow"]).toBe("GET, HEAD, POST, OPTIONS");
    for (const method of ["GET", "HEAD", "POST", "DELETE"]) {
      const answer = await request(`${method} * HTTP/1.1`, method === "POST" || method === "DELETE" ? ["Content-Length: 0"] : []);
      expect(answer.status, method).toBe(400);
    }
  });

  it("refuses more than one Host header", async () => {
    expect((await raw("GET /en HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n")).status).toBe(400);
    expect((await raw("GET /en HTTP/1.1\r\nHost: localhost\r\nhost: localhost\r\nConnection: close\r\n\r\n")).status).toBe(400);
    expect((await request("GET /en HTTP/1.1")).status).toBe(200);
  });

  it("serves an absolute-form target as its path, the target's authority standing for Host", async () => {
    reached.length = 0;
    expect((await request("GET http://corridor.example:8080/en/towns?x=1 HTTP/1.1")).status).toBe(200);
    expect((await request("GET https://corridor.example HTTP/1.1")).status).toBe(200);
    expect(reached).toEqual(["GET /en/towns host=corridor.example:8080", "GET / host=corridor.example"]);
    // An authority that is no host is refused like such a Host header.
    expect((await request("GET http://a%20b/en HTTP/1.1")).status).toBe(400);
  });

  it("refuses under /api and /feeds with a problem document, elsewhere with plain text", async () => {
    const cases: [string, number, string][] = [
      ["TRACE /api/v1/routes HTTP/1.1", 405, "method-not-allowed"],
      ["TRACE /feeds/status.atom HTTP/1.1", 405, "method-not-allowed"],
      ["GET /api/v1/routes%ff HTTP/1.1", 400, "bad-request"],
      ["GET /feeds/cap/%ff.xml HTTP/1.1", 400, "bad-request"],
      [`GET /api/v1/routes?town=${"a".repeat(2_100)} HTTP/1.1`, 414, "uri-too-long"],
    ];
    for (const [line, status, name] of cases) {
      const answer = await request(line);
      expect(answer.status, line.slice(0, 40)).toBe(status);
      expect(answer.headers["content-type"], line.slice(0, 40)).toMatch(/^application\/problem\+json/);
      expect(answer.headers["access-control-allow-origin"]).toBe("*");
      expect(JSON.parse(answer.body), line.slice(0, 40)).toMatchObject({ type: `/api/v1/problems/${name}`, status });
    }
    expect((await request("TRACE /feeds/status.atom HTTP/1.1")).headers["allow"]).toBe("GET, HEAD, OPTIONS");
    const page = await request("TRACE /en HTTP/1.1");
    expect(page.status).toBe(405);
    expect(page.headers["content-type"]).toMatch(/^text\/plain/);
  });
});

describe("static files take GET and HEAD, and a range they can serve", () => {
  const files = ["/sw.js", "/favicon.ico", "/islands/map-abc123.js", "/_next/static/chunks/app-1.js", "/_next/static/chunks/missing.js"];

  it("answers any other method with 405 and Allow: GET, HEAD", async () => {
    for (const file of files) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
        const answer = await request(`${method} ${file} HTTP/1.1`, ["Content-Length: 0"]);
        expect(answer.status, `${method} ${file}`).toBe(405);
        expect(answer.headers["allow"], `${method} ${file}`).toBe("GET, HEAD");
      }
      expect((await request(`GET ${file} HTTP/1.1`)).status, file).toBe(200);
    }
    // Named through dot segments, it is the same file.
    for (const file of ["/./sw.js", "/x/../sw.js", "/en/../sw.js", "/%2e/sw.js", "/./islands/map-abc123.js"]) {
      const answer = await request(`POST ${file} HTTP/1.1`, ["Content-Length: 0"]);
      expect(answer.status, `POST ${file}`).toBe(405);
      expect(answer.headers["allow"], `POST ${file}`).toBe("GET, HEAD");
    }
    // A page is not a static file: its POST goes on (to a form action, or the page's own 405).
    expect((await request("POST /en/login HTTP/1.1", ["Content-Length: 0"])).status).toBe(200);
  });

  it("answers an unsatisfiable range with 416 and the file's size, and passes one it can serve", async () => {
    for (const range of ["bytes=5-1", "bytes=43-", "bytes=1000-2000", "bytes=-0", "bytes=0-1,5-1"]) {
      const answer = await request("GET /sw.js HTTP/1.1", [`Range: ${range}`]);
      expect(answer.status, range).toBe(416);
      expect(answer.headers["content-range"], range).toBe(`bytes */${SW.length}`);
    }
    expect((await request("GET /_next/static/chunks/app-1.js HTTP/1.1", ["Range: bytes=200-"])).headers["content-range"]).toBe("bytes */100");
    expect((await request("GET /sw.js HTTP/1.1", ["Range: bytes=0-3"])).status).toBe(200);
    // A Range that is no range at all is ignored: the whole file, and Next never sees the header.
    reached.length = 0;
    for (const range of ["bytes=abc", "bytes=", "bytes=a-b", "bytes=1-2-3", "garbage", "bytes=-"]) {
      expect((await request("GET /sw.js HTTP/1.1", [`Range: ${range}`])).status, range).toBe(200);
    }
    expect(reached).toHaveLength(6);
    expect((await request("GET /en HTTP/1.1", ["Range: bytes=5-1"])).status).toBe(200); // pages ignore Range
  });
});

describe("satisfiable", () => {
  it.each([
    ["bytes=0-0", true],
    ["bytes=42-", true],
    ["bytes=-1", true],
    ["bytes=-100", true],
    ["bytes=0-1, 50-60", true],
    ["items=5-1", true], // another unit: ignored, the whole file is served
    ["bytes=43-", false],
    ["bytes=5-1", false],
    ["bytes=-0", false],
    ["bytes=1-2-3", true], // not a range: ignored, like another unit
    ["garbage", true],
  ])("%s of a 43-byte file: %s", (range, expected) => {
    expect(satisfiable(range, 43)).toBe(expected);
  });
});
