import http from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT_BYTES } from "./headers";
import { checkedMultipart, needsBodyCheck, readBody, refusalOf } from "./request-guard";

const req = (method: string, url: string, headers: http.IncomingHttpHeaders = {}) => ({ method, url, headers });

function incoming(headers: http.IncomingHttpHeaders, body: string): http.IncomingMessage {
  const message = new http.IncomingMessage(new Socket());
  message.method = "POST";
  message.url = "/en/login";
  message.headers = headers;
  message.push(Buffer.from(body));
  message.push(null);
  return message;
}

/** What the guard does with a form post's body: read it within the limits, then check it. */
async function guardBody(message: http.IncomingMessage) {
  const read = await readBody(message);
  return read.ok ? checkedMultipart(message, read.body) : read;
}

describe("requests refused before Next", () => {
  it("passes ordinary requests", () => {
    expect(refusalOf(req("GET", "/en/towns/lysychansk"))).toBeNull();
    expect(refusalOf(req("GET", "/api/v1/routes?town=lysychansk&status=open"))).toBeNull();
    expect(refusalOf(req("POST", "/en/login", { "next-action": "60ab", "content-type": "multipart/form-data; boundary=----x" }))).toBeNull();
    expect(refusalOf(req("POST", "/api/auth/callback/credentials", { "content-type": "application/x-www-form-urlencoded" }))).toBeNull();
    expect(refusalOf(req("DELETE", "/api/v1/routes"))).toBeNull(); // the route answers its own 405 problem
  });

  it("refuses undecodable paths, unknown methods and overlong addresses", () => {
    expect(refusalOf(req("GET", "/lite/towns/%ff"))?.status).toBe(400);
    expect(refusalOf(req("GET", "/feeds/cap/%ff.xml?x=1"))?.status).toBe(400);
    const trace = refusalOf(req("TRACE", "/api/v1/routes"));
    expect(trace).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD, OPTIONS" } });
    // What the address takes, as its own 405 says: a residents' page has no form, a staff page has.
    expect(refusalOf(req("PROPFIND", "/en"))).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD, OPTIONS" } });
    expect(refusalOf(req("PROPFIND", "/en/coordinate"))).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD, POST, OPTIONS" } });
    for (const path of ["/api/health", "/lite", "/lite/towns/lysychansk", "/feeds/status.atom"]) {
      expect(refusalOf(req("TRACE", path)), path).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD, OPTIONS" } });
    }
    expect(refusalOf(req("TRACE", "/api/auth/session"))).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD, POST, OPTIONS" } });
    expect(refusalOf(req("TRACE", "/api/telegram/webhook"))).toMatchObject({ status: 405, headers: { Allow: "POST" } });
    expect(refusalOf(req("TRACE", "/sw.js"))).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD" } });
    expect(refusalOf(req("GET", `/en/${"a".repeat(5_000)}`))?.status).toBe(414);
  });

  it("refuses a Host, X-Forwarded-Host or X-Forwarded-Proto that makes no URL", () => {
    for (const host of ["", "a b", "a, b", "a.example:99999", "user@a.example", "a/b"]) {
      expect(refusalOf(req("GET", "/en", { host }))?.status, host).toBe(400);
      expect(refusalOf(req("GET", "/en", { host: "localhost:3000", "x-forwarded-host": host }))?.status, host).toBe(400);
    }
    for (const host of ["localhost:3000", "corridor.example.org", "[::1]:8080", "127.0.0.1"]) expect(refusalOf(req("GET", "/en", { host, "x-forwarded-host": host }))).toBeNull();
    expect(refusalOf(req("GET", "/en", { "x-forwarded-proto": "https" }))).toBeNull();
    for (const proto of ["", "a b", "https, http", "ftp"]) expect(refusalOf(req("GET", "/en", { "x-forwarded-proto": proto }))?.status, proto).toBe(400);
  });

  it("a server action call must be a form post with a boundary, and not too large", () => {
    expect(refusalOf(req("POST", "/en/login", { "next-action": "60ab", "content-type": "application/json" }))?.status).toBe(400);
    expect(refusalOf(req("POST", "/en/login", { "next-action": "60ab" }))?.status).toBe(400);
    expect(refusalOf(req("POST", "/en/login", { "content-type": "multipart/form-data" }))?.status).toBe(400);
    expect(refusalOf(req("POST", "/en/login", { "next-action": "60ab", "content-type": "multipart/form-data; boundary=x", "content-length": String(ACTION_BODY_LIMIT_BYTES + 1) }))?.status).toBe(413);
    expect(needsBodyCheck(req("POST", "/en", { "content-type": "multipart/form-data; boundary=x" }))).toBe(true);
    expect(needsBodyCheck(req("POST", "/api/sms/inbound", { "content-type": "application/x-www-form-urlencoded" }))).toBe(false);
  });

  // Next refuses an action posted from another origin, but with a 500 and its error page.
  it("refuses a server action posted from another origin, as Next would, with 403 instead of Next's 500", () => {
    const form = { "content-type": "multipart/form-data; boundary=----x" };
    const post = (url: string, headers: http.IncomingHttpHeaders) => refusalOf(req("POST", url, { host: "localhost:3340", ...form, ...headers }));
    for (const origin of ["http://evil.example", "http://localhost:3341", "null"]) {
      expect(post("/en/coordinate/requests", { origin })?.status, origin).toBe(403);
      expect(post("/en/login", { origin, "next-action": "60ab" })?.status, origin).toBe(403);
    }
    expect(post("/en/coordinate/requests", { origin: "http://localhost:3340" })).toBeNull();
    expect(post("/en/coordinate/requests", {})).toBeNull(); // no Origin: Next lets it through, and so does the guard
    // Behind a proxy Next compares with X-Forwarded-Host, and so does the guard.
    expect(post("/en/coordinate/requests", { origin: "https://corridor.example.org", "x-forwarded-host": "corridor.example.org" })).toBeNull();
    expect(post("/en/coordinate/requests", { origin: "http://localhost:3340", "x-forwarded-host": "corridor.example.org" })?.status).toBe(403);
    // The residents' form checks its own posts (and lets Origin: null through on purpose).
    expect(post("/uk/transport", { origin: "null" })).toBeNull();
    expect(post("/api/auth/callback/credentials", { origin: "http://evil.example" })).toBeNull();
  });

  it("parses a multipart body before Next does, and hands on the same bytes", async () => {
    const body = '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.org\r\n--b--\r\n';
    const checked = await guardBody(incoming({ "content-type": "multipart/form-data; boundary=b" }, body));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const chunks: Buffer[] = [];
    for await (const chunk of checked.request as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(body);
    expect(checked.request.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(checked.request.url).toBe("/en/login");

    const broken = await guardBody(incoming({ "content-type": "multipart/form-data; boundary=b" }, "--b\r\ngarbage"));
    expect(broken).toMatchObject({ ok: false, refusal: { status: 400 } });
    const other = await guardBody(incoming({ "content-type": "multipart/form-data; boundary=zzz" }, body));
    expect(other).toMatchObject({ ok: false, refusal: { status: 400 } });
  });

  it("refuses server action arguments React's decoding would throw on", async () => {
    const post = (fields: Record<string, string>) => {
      // A browser's kind of boundary: Node 20's form parser (undici 6) misreads some values
      // containing a one-character boundary, which no browser sends.
      const b = "----CorridorFormBoundary7Qx";
      const body = Object.entries(fields).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${b}--\r\n`;
      return guardBody(incoming({ "content-type": `multipart/form-data; boundary=${b}`, "next-action": "60ab" }, body));
    };
    // What React sends for a form action: the arguments, the form's entries under a prefix.
    expect(await post({ "0": '["$undefined","$K1"]', "_1_email": "a@example.org" })).toMatchObject({ ok: true });
    expect(await post({ "0": '[{"status":"idle"},"$K1"]', "_1_email": "a@example.org", "_1_note": "$$5" })).toMatchObject({ ok: true });
    expect(await post({ "0": '["$K1"]' })).toMatchObject({ ok: true });
    for (const root of ['"x"', "null", "1", "[", '"$T0"', '["$@2"]', '["$Q5"]', '["$F1"]', '["$h1"]', '["$0"]', '["$Q1"]', '["$Z1"]', '["$K0"]', '[1,2,"$K1"]', '[{"a":"$1"},"$K1"]', '[{"a":"$n1x"},"$K1"]']) {
      expect((await post({ "0": root, "1": '"not entries"' })).ok, root).toBe(false);
      expect((await post({ "0": root })).ok, root).toBe(false);
    }
    // Entries of another form than the one the arguments name, or fields the app never sends.
    expect((await post({ "0": '["$K1"]', "_2_email": "a" })).ok).toBe(false);
    expect((await post({ "0": '["$K1"]', "1": '"x"' })).ok).toBe(false);
    expect((await post({ "0": '["$K1"]', "1_email": "a" })).ok).toBe(false);
    expect((await post({ "_1_email": "a" })).ok).toBe(false);
  });
});
