import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { fuzzSeed, runRawFuzz } from "./fixtures/raw-fuzz";

// Malformed requests, sent over raw HTTP (node:http: the Fetch API refuses TRACE, undecodable
// paths and raw bytes) to the production server as `npm start` runs it. None may get a 5xx, and
// the server must still answer afterwards. The property test at the end draws a few hundred
// requests from a fixed seed; a failure prints the seed and the request, and
// E2E_FUZZ_SEED=<seed> replays the same run.

const PORT = Number(process.env.E2E_PORT ?? 3100);

type Sent = { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer };
type Answer = { status: number; headers: http.IncomingHttpHeaders; headerBytes: number; body: string };

/** One request on its own connection. `path` is sent byte for byte (latin1: each char one byte). */
function send({ method, path: target, headers = {}, body }: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Framed with Content-Length: Node sends a DELETE's or OPTIONS' body unframed otherwise, and
    // the server reads it as a second request this client never waits for.
    const framing = body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const req = http.request({ host: "localhost", port: PORT, method, path: target, headers: { ...framing, ...headers, connection: "close" }, agent: false, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headerBytes = res.rawHeaders.reduce((n, h) => n + Buffer.byteLength(h) + 2, 0);
        resolve({ status: res.statusCode!, headers: res.headers, headerBytes, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timed out: ${method} ${target.slice(0, 200)}`)));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** One request written byte for byte on a raw socket (asterisk and absolute-form targets): its status and headers. */
function sendRaw(requestLine: string, headers: string[] = []): Promise<{ status: number; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(PORT, "localhost");
    let received = "";
    socket.setTimeout(20_000, () => socket.destroy(new Error(`timed out: ${requestLine}`)));
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("end", () => {
      const [statusLine = "", ...lines] = received.split("\r\n\r\n")[0]!.split("\r\n");
      resolve({ status: Number(statusLine.split(" ")[1]), headers: Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()])) });
    });
    socket.write(`${requestLine}\r\n${[`Host: localhost:${PORT}`, ...headers, "Connection: close"].join("\r\n")}\r\n\r\n`);
  });
}

/** Server action IDs of this build, to call real actions with bodies no form sends. */
function actionIds(): { login: string; any: string[]; pageOf: Map<string, string> } {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; workers?: Record<string, unknown> }>;
  };
  const entries = Object.entries(manifest.node);
  // A page each action is served from ("app/[locale]/login/page" → /en/login): Next runs an action only there.
  const pageOf = new Map(
    entries.map(([id, v]) => [
      id,
      Object.keys(v.workers ?? {})[0]!
        .replace(/^app\/\[locale\]/, "/en")
        .replace(/\/page$/, "")
        .replace("[slug]", "lysychansk")
        .replace("[id]", "00000000-0000-4000-8000-000000000000"),
    ]),
  );
  return { login: entries.find(([, v]) => v.exportedName === "loginAction")![0], any: entries.map(([id]) => id), pageOf };
}

test.describe("malformed requests are refused, never a 500", () => {
  test("undecodable paths are 400", async () => {
    for (const target of ["/lite/towns/%ff", "/uk/lite/towns/%ff", "/feeds/cap/%ff.xml", "/api/v1/routes%ff", "/en/towns/%c0%af", "/%ff"]) {
      const answer = await send({ method: "GET", path: target });
      expect(answer.status, target).toBe(400);
      // The API and feeds answer every error as a problem document.
      expect(answer.headers["content-type"], target).toMatch(/^(api|feeds)\//.test(target.slice(1)) ? /^application\/problem\+json/ : /^text\/plain/);
    }
  });

  test("TRACE and other methods no part of the app answers are 405 with Allow", async () => {
    // (TRACK and other names Node's parser does not know get its own 400 before any code runs.)
    for (const method of ["TRACE", "PROPFIND", "MKCOL", "LOCK", "PURGE", "SEARCH"]) {
      for (const target of ["/en", "/en/towns/lysychansk", "/lite", "/api/v1/routes", "/api/auth/session"]) {
        const answer = await send({ method, path: target });
        expect(answer.status, `${method} ${target}`).toBe(405);
        expect(answer.headers["allow"], `${method} ${target}`).toMatch(/^GET, HEAD/);
      }
    }
    // The API's own 405 for methods it knows: a problem naming what it takes.
    const post = await send({ method: "POST", path: "/api/v1/routes", headers: { "content-type": "application/json" }, body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers["allow"]).toBe("GET, HEAD, OPTIONS");
    expect(post.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  test("asterisk and absolute-form targets, and static files asked for what they do not serve, get a 4xx", async () => {
    const options = await sendRaw("OPTIONS * HTTP/1.1");
    expect(options.status).toBe(204);
    expect(options.headers["allow"]).toBe("GET, HEAD, POST, OPTIONS");
    for (const method of ["GET", "HEAD"]) expect((await sendRaw(`${method} * HTTP/1.1`)).status, method).toBe(400);
    // Absolute-form is served as its path: no redirect to the host it names.
    const absolute = await sendRaw(`GET http://localhost:${PORT}/api/health HTTP/1.1`);
    expect(absolute.status).toBe(200);
    const chunk = fs.readdirSync(path.resolve(".next/static/chunks")).find((f) => f.endsWith(".js"))!;
    const island = fs.readdirSync(path.resolve("public/islands")).find((f) => f.endsWith(".js"))!;
    for (const file of ["/sw.js", "/favicon.ico", `/_next/static/chunks/${chunk}`, `/islands/${island}`]) {
      for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) {
        const answer = await sendRaw(`${method} ${file} HTTP/1.1`, ["Content-Length: 0"]);
        expect(answer.status, `${method} ${file}`).toBe(405);
        expect(answer.headers["allow"], `${method} ${file}`).toBe("GET, HEAD");
      }
      const size = fs.statSync(file.startsWith("/_next/static/") ? path.resolve(".next/static", file.slice("/_next/static/".length)) : path.resolve("public", file.slice(1))).size;
      for (const range of ["bytes=5-1", `bytes=${size}-`]) {
        const answer = await sendRaw(`GET ${file} HTTP/1.1`, [`Range: ${range}`]);
        expect(answer.status, `${file} ${range}`).toBe(416);
        expect(answer.headers["content-range"], `${file} ${range}`).toBe(`bytes */${size}`);
      }
      expect((await sendRaw(`GET ${file} HTTP/1.1`, ["Range: bytes=0-3"])).status, file).toBe(206);
      // No range at all: ignored, the whole file.
      expect((await sendRaw(`GET ${file} HTTP/1.1`, ["Range: bytes=abc"])).status, file).toBe(200);
    }
    expect((await sendRaw("GET /en HTTP/1.1", ["Host: evil.example"])).status).toBe(400);
  });

  test("a server action called with no form, or a broken form, is 400 before any access check", async () => {
    const { login } = actionIds();
    const cases: Sent[] = [
      { method: "POST", path: "/en/login", headers: { "next-action": login, "content-type": "application/json" }, body: '{"email":1}' },
      { method: "POST", path: "/en/login", headers: { "next-action": login, "content-type": "text/plain;charset=UTF-8" }, body: "[1,2]" },
      { method: "POST", path: "/en/login", headers: { "next-action": login }, body: "[]" },
      { method: "POST", path: "/en/login", headers: { "next-action": login, "content-type": "multipart/form-data; boundary=abc" }, body: "--abc\r\ngarbage" },
      { method: "POST", path: "/en/login", headers: { "next-action": login, "content-type": "multipart/form-data" }, body: "--abc\r\n\r\n--abc--" },
      // A no-JavaScript form post (no Next-Action header): Next parses the body looking for an action.
      { method: "POST", path: "/en/towns/lysychansk", headers: { "content-type": "multipart/form-data; boundary=xyz" }, body: "--abc\r\nbroken" },
      { method: "POST", path: "/a.b", headers: { "content-type": "multipart/form-data; boundary=xyz" }, body: "--xyz\r\nContent-Disposition: form-data\r\n" },
      { method: "POST", path: "/en/coordinate/towns/new", headers: { "next-action": "not-an-action", "content-type": "application/json", cookie: "authjs.session-token=forged" }, body: "{}" },
      // Arguments in a shape no form of the app sends (React's decoder throws on this one), and a
      // root nested 5,000 deep.
      ...['["$Z1"]', `${"[".repeat(5_000)}${"]".repeat(5_000)}`, `[${"[".repeat(5_000)}${"]".repeat(5_000)},"$K1"]`].map((root) => ({
        method: "POST",
        path: "/en/login",
        headers: { "next-action": login, "content-type": "multipart/form-data; boundary=----CorridorE2E" },
        body: `------CorridorE2E\r\nContent-Disposition: form-data; name="0"\r\n\r\n${root}\r\n------CorridorE2E--\r\n`,
      })),
      // The same without JavaScript (no Next-Action header): the bound arguments' fields.
      ...[
        ["$ACTION_1:0", `{"id":"${login}","bound":"$Z1"}`],
        ["$ACTION_1:0", `${"[".repeat(5_000)}${"]".repeat(5_000)}`],
        ["$ACTION_1:1", `[${"[".repeat(5_000)}${"]".repeat(5_000)}]`],
      ].map(([name, value]) => ({
        method: "POST",
        path: "/en/login",
        headers: { "content-type": "multipart/form-data; boundary=----CorridorE2E" },
        body: [["$ACTION_REF_1", ""], ["$ACTION_1:0", `{"id":"${login}","bound":"$@1"}`], ["$ACTION_1:1", "[null]"]]
          .map(([n, v]) => [n, n === name ? value : v])
          .map(([n, v]) => `------CorridorE2E\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`)
          .join("") + "------CorridorE2E--\r\n",
      })),
    ];
    for (const c of cases) {
      const answer = await send(c);
      expect(answer.status, `${c.path} ${JSON.stringify(c.headers)}`).toBe(400);
    }
    // A form post over the limit is 413 without being read.
    const big = await send({ method: "POST", path: "/en/login", headers: { "next-action": login, "content-type": "multipart/form-data; boundary=abc", "content-length": String(1024 * 1024) }, body: "" }).catch(() => null);
    if (big) expect(big.status).toBe(413);
  });

  test("overlong addresses get a 414 or a 404 whose headers fit a 4 KB proxy buffer", async () => {
    const long = "a".repeat(5_000);
    for (const target of [`/en/${long}`, `/${long}`, `/en//${long}`, `/uk/towns/${long}`, `/lite/towns/${long}`, `/api/v1/${long}`, `/feeds/cap/${long}.xml`, `/en?q=${long}`]) {
      const answer = await send({ method: "GET", path: target });
      expect(answer.status, target.slice(0, 30)).toBe(414);
      expect(answer.headerBytes, target.slice(0, 30)).toBeLessThan(4_096);
    }
    // Under the limit, a page path no page has: 404 with no address-sized header (next-intl's
    // alternates, the language redirect and Next's "//" redirect all repeat the path).
    const shorter = "a".repeat(1_000);
    for (const target of [`/en/${shorter}`, `/${shorter}`, `/en/towns/${shorter}`, `/en/lite/towns/${shorter}`]) {
      const answer = await send({ method: "GET", path: target });
      expect(answer.status, target.slice(0, 30)).toBe(404);
      expect(answer.headerBytes, target.slice(0, 30)).toBeLessThan(4_096);
    }
    // A page of ordinary length keeps its hreflang alternates.
    const town = await send({ method: "GET", path: "/en/towns/lysychansk" });
    expect(town.headers["link"]).toContain('hreflang="uk"');
    expect(town.headerBytes).toBeLessThan(4_096);
  });

  test("API errors are problems no cache keeps: a second identical request is answered afresh", async () => {
    for (const target of ["/api/v1/routes?status=bogus", "/api/v1/routes?town=atlantis", "/api/v1/nope"]) {
      for (let i = 0; i < 2; i++) {
        const answer = await send({ method: "GET", path: target });
        expect(answer.status, target).toBeGreaterThanOrEqual(400);
        expect(answer.status, target).toBeLessThan(500);
        expect(answer.headers["content-type"], target).toMatch(/^application\/problem\+json/);
        expect(answer.headers["cache-control"], target).toBe("no-store");
        expect(answer.headers["x-corridor-cache"] ?? "", target).not.toBe("HIT");
        expect(JSON.parse(answer.body), target).toMatchObject({ status: answer.status, type: expect.stringMatching(/^\/api\/v1\/problems\//) });
      }
    }
  });

  test("property: random paths, methods, headers and bodies never get a 5xx", async () => {
    test.setTimeout(300_000);
    const seed = fuzzSeed();
    const runs = Number(process.env.E2E_FUZZ_RUNS ?? 400);
    console.log(`malformed-requests fuzz: seed ${seed}, ${runs} requests (E2E_FUZZ_SEED=${seed} replays it)`);
    test.info().annotations.push({ type: "fuzz seed", description: String(seed) });
    const { any: actions, pageOf } = actionIds();

    const byte = fc.integer({ min: 0, max: 255 });
    const percent = byte.map((b) => `%${b.toString(16).padStart(2, "0")}`);
    const utf8Raw = fc.string({ unit: "grapheme", maxLength: 4 }).map((s) => Buffer.from(s, "utf8").toString("latin1"));
    const segment = fc.oneof(
      fc.constantFrom("..", ".", "%2e%2e", "%2f", "%00", "en", "uk", "lite", "towns", "lysychansk", "routes", "api", "v1", "feeds", "cap", "coordinate", "admin", "login", "_next", "static", "openapi.json", "x.xml", "index.html", "%c0%ae"),
      fc.stringMatching(/^[a-z0-9-]{0,12}$/),
      fc.array(percent, { maxLength: 4 }).map((p) => p.join("")),
      utf8Raw,
      fc.integer({ min: 100, max: 6_000 }).map((n) => "b".repeat(n)),
    );
    const prefix = fc.constantFrom("", "/en", "/uk", "/ru", "/lite", "/uk/lite", "/en/towns", "/en/routes", "/api/v1", "/api/auth", "/feeds", "/feeds/cap", "/en/coordinate", "/_next");
    const query = fc.option(
      fc
        .array(fc.tuple(fc.constantFrom("town", "status", "limit", "lang", "q", "callbackUrl", "_rsc", "reason", "page", "x"), fc.oneof(fc.stringMatching(/^[a-z0-9-]{0,10}$/), percent, fc.constantFrom("-1", "0", "1e9", "open", "bogus", ""))), { maxLength: 4 })
        .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`),
      { nil: "" },
    );
    const target = fc.tuple(prefix, fc.array(segment, { maxLength: 4 }), fc.boolean(), query).map(([p, segs, slash, q]) => `${p}/${segs.join("/")}${slash ? "/" : ""}${q}`.replace(/^\/\//, "/").replace(/[\x00-\x20\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`));
    const method = fc.constantFrom("GET", "GET", "GET", "HEAD", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "PURGE");
    const boundary = fc.stringMatching(/^[A-Za-z0-9]{1,20}$/);
    const contentType = fc.option(
      fc.oneof(
        fc.constantFrom("application/json", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data", "text/x-component", "application/xml", ";;;", "multipart/form-data; boundary="),
        boundary.map((b) => `multipart/form-data; boundary=${b}`),
      ),
      { nil: undefined },
    );
    const nextAction = fc.option(fc.oneof(fc.constantFrom(...actions), fc.stringMatching(/^[0-9a-f]{0,44}$/), fc.constantFrom("x", "../../etc")), { nil: undefined });
    const extra = fc.record(
      {
        rsc: fc.constant("1"),
        "next-router-state-tree": fc.oneof(fc.constant("%5B%5D"), fc.stringMatching(/^[a-z%0-9]{0,20}$/)),
        "next-router-prefetch": fc.constant("1"),
        "accept-language": fc.constantFrom("uk", "ru;q=0.9", "*", "xx-YY", ";q=", "en-GB,en;q=0.5"),
        "if-none-match": fc.constantFrom("*", 'W/"x"', '"a", "b"', "garbage"),
        cookie: fc.constantFrom("authjs.session-token=forged", "NEXT_LOCALE=xx", "a=%ff"),
        "x-forwarded-host": fc.constantFrom("evil.example", "", "a".repeat(300), "a, b", "a b", "a.example:99999", "[::1]:3000"),
        "x-forwarded-proto": fc.constantFrom("https", "http", "", "a b", "https, http"),
        accept: fc.constantFrom("text/x-component", "application/json", "*/*"),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.tuple(boundary, fc.array(fc.tuple(fc.stringMatching(/^[a-z$_0-9]{1,10}$/), fc.string({ maxLength: 40 })), { maxLength: 4 }), fc.boolean()).map(([b, fields, closed]) => ({
        boundary: b,
        text: fields.map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + (closed ? `--${b}--\r\n` : ""),
      })),
    );
    // Server action arguments in React's reply encoding: numbered JSON fields whose "$<tag><id>"
    // strings refer to other fields, form entries ("_1_email"), and the no-JavaScript fields
    // ($ACTION_ID_<id>, $ACTION_REF_1 with $ACTION_1:0) a form without JavaScript posts.
    const reference = fc.tuple(fc.constantFrom("", "@", "F", "Q", "W", "K", "i", "D", "n", "T", "h", "B", "R", "X", "u", "$", "undefined"), fc.integer({ min: 0, max: 4 })).map(([tag, id]) => (tag === "undefined" ? "$undefined" : `$${tag}${id.toString(16)}`));
    const { value: replyValue } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        reference,
        fc.string({ maxLength: 6 }),
        fc.integer(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), tie("value"), { maxKeys: 3 }),
      ),
    }));
    const field = (name: string, value: string, b: string) => `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const reply = fc
      .tuple(
        boundary,
        fc.constantFrom(...actions),
        fc.array(fc.oneof(replyValue.map((v) => JSON.stringify(v)), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.constantFrom("_1_email", "_1_password", "1_callbackUrl", "_2_x", "1_$ACTION_KEY", `$ACTION_ID_${actions[0]}`, "$ACTION_REF_1", "$ACTION_1:0", "$ACTION_1:1"), fc.oneof(fc.string({ maxLength: 12 }), replyValue.map((v) => JSON.stringify(v)))), { maxLength: 3 }),
        fc.boolean(),
      )
      .map(([b, action, chunks, entries, header]) => ({
        boundary: b,
        action: header ? action : undefined,
        text: chunks.map((c, i) => field(String(i), c, b)).join("") + entries.map(([k, v]) => field(k, v, b)).join("") + `--${b}--\r\n`,
      }));
    const request = fc.record({ method, target, contentType, nextAction, extra, body: fc.oneof(body, reply, reply) });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = { ...(r.extra as Record<string, string>) };
        let payload: string | undefined;
        let { method: verb, target: address } = r;
        if (r.body !== undefined && typeof r.body === "object" && "action" in r.body) {
          // Posted where the action lives, so Next decodes the arguments and runs it.
          verb = "POST";
          address = pageOf.get(r.body.action ?? actions[0]!) ?? "/en/login";
          headers["content-type"] = `multipart/form-data; boundary=${r.body.boundary}`;
          if (r.body.action) headers["next-action"] = r.body.action;
          payload = r.body.text;
        } else if (r.body !== undefined && typeof r.body === "object") {
          // Another multipart content type drawn makes the body's boundary a wrong one.
          headers["content-type"] = r.contentType?.startsWith("multipart/") ? r.contentType : `multipart/form-data; boundary=${r.body.boundary}`;
          payload = r.body.text;
        } else {
          if (r.contentType) headers["content-type"] = r.contentType;
          payload = r.body;
        }
        if (r.nextAction !== undefined && !headers["next-action"]) headers["next-action"] = r.nextAction;
        if (verb === "GET" || verb === "HEAD") payload = undefined;
        const answer = await send({ method: verb, path: address, headers, body: payload });
        if (answer.status >= 500) throw new Error(`${answer.status} for ${verb} ${address.slice(0, 300)} ${JSON.stringify(headers)} body ${JSON.stringify(payload)?.slice(0, 300)}`);
        expect(answer.headerBytes).toBeLessThan(8_192);
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );

    const health = await send({ method: "GET", path: "/api/health" });
    expect(health.status).toBe(200);
    const home = await send({ method: "GET", path: "/en" });
    expect(home.status).toBe(200);
  });

  test("property: raw request lines, headers, framing and encodings on sockets never get a 5xx or hang", async () => {
    test.setTimeout(120_000);
    await runRawFuzz({ port: PORT, runs: Number(process.env.E2E_RAW_FUZZ_RUNS ?? 300), seed: fuzzSeed(), label: "raw-socket fuzz" });
    expect((await send({ method: "GET", path: "/api/health" })).status).toBe(200);
  });
});

