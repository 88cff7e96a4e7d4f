import type http from "node:http";
import { freshFor, STALE_IF_ERROR_MS } from "./policy";
import { notModified } from "../http/public-response";
import { answerOf, CacheKeys, preparedHeaders, ResponseCache, storedAnswer, type CacheOutcome, type CachedAnswer } from "./response-cache";
import { answerStaffOrPass, databaseUnavailable, onDatabaseUnavailable, unavailableAnswer, withStaleNotice } from "./outage";
import { publicCacheHooks } from "./hooks";
import { VersionTracker } from "./version-tracker";
import { finishAnswer, type Rendered } from "./finish";
import { renderReported } from "./render-report";
import { mayConfirmCopy, sharedCacheControlOf } from "./shared-cache";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;


/**
 * Wraps Next's request handler with the public response cache: residents' pages, lite pages, the
 * public API and feeds are answered from memory while the public data's version is unchanged and
 * the answer is younger than its freshness (10 s; 1 s just after a change). Every instance reads
 * the version from the database at most once a second, so a write on any instance reaches every
 * instance's answers within about a second; the writing instance drops its answers at once.
 * When a fresh answer cannot be rendered (the database is down), the last answer is served with a
 * notice of its time, or, if there is none, a plain 503 page.
 */
export function withPublicCache(next: Handler, options: { maxEntries?: number; maxBytes?: number } = {}): Handler {
  const cache = new ResponseCache({ maxEntries: options.maxEntries ?? 2_000, maxBytes: options.maxBytes ?? 200 * 1024 * 1024 });
  const tracker = new VersionTracker(
    () => {
      const read = publicCacheHooks().readVersion;
      return read ? read() : Promise.reject(new Error("the app has not registered its version reader yet"));
    },
    () => cache.expireAll(),
  );
  publicCacheHooks().invalidate = () => tracker.invalidate();

  // One render per address at a time: when an answer expires under load, the requests that
  // arrive meanwhile wait for that render instead of each starting their own.
  const rendering = new Map<string, Promise<Outcome>>();

  const keys = new CacheKeys();

  return async (req, res) => {
    const key = keys.of(req);
    if (key === null) return answerStaffOrPass(next, req, res);
    rememberAcceptEncoding(req);
    // The database is known to be down (this instance's circuit breaker is open): answer from the
    // copy at once, or the 503. Rendering would only fail, and waiting for it is what made
    // residents wait seconds for a page this instance already holds.
    if (databaseUnavailable()) {
      const copy = cache.get(key);
      if (copy && Date.now() < copy.freshUntil) send(req, res, copy, "HIT");
      else respondToFailure(req, res, copy);
      return;
    }
    const { version, seenAt } = tracker.peek() ?? (await tracker.current());
    const cached = cache.get(key);
    if (cached && version !== null && cached.version === version && Date.now() < cached.freshUntil) {
      send(req, res, cached, "HIT");
      return;
    }
    const pending = rendering.get(key);
    if (pending) {
      // Waiting is bounded: a render that hangs must not hold every later request with it. And
      // it ends the moment the database is seen to be down: the render will not bring data.
      let stopWaiting = () => {};
      const outcome = await Promise.race([
        pending,
        new Promise<Outcome>((resolve) => {
          const timer = setTimeout(() => {
            // Given up on: the next request for this address starts a render of its own.
            if (rendering.get(key) === pending) rendering.delete(key);
            resolve({ kind: "aborted" });
          }, WAIT_FOR_RENDER_MS).unref();
          const unsubscribe = onDatabaseUnavailable(() => resolve({ kind: "failed" }));
          stopWaiting = () => {
            clearTimeout(timer);
            unsubscribe();
          };
        }),
      ]).finally(() => stopWaiting());
      if (outcome.kind === "stored") send(req, res, outcome.answer, "HIT");
      else if (outcome.kind === "failed") respondToFailure(req, res, cache.get(key));
      // The database went down while this request waited: its copy, not a render that would fail.
      else if (databaseUnavailable()) respondToFailure(req, res, cache.get(key));
      // Not shareable (a redirect, a 404), or the render was abandoned: this request renders its own.
      else await answerAlone(req, res, key);
      return;
    }
    const leader = render(next, req, res, version, seenAt);
    rendering.set(key, leader);
    try {
      const outcome = await leader;
      if (outcome.kind === "stored") {
        cache.set(key, outcome.answer);
        send(req, res, outcome.answer, "MISS");
      } else if (outcome.kind === "failed") respondToFailure(req, res, cache.get(key) ?? cached);
      else if (outcome.kind === "unshared") send(req, res, outcome.answer, "BYPASS");
      // "aborted": the client went away; there is no one to answer.
    } finally {
      if (rendering.get(key) === leader) rendering.delete(key);
    }
  };

  async function answerAlone(req: http.IncomingMessage, res: http.ServerResponse, key: string) {
    const outcome = await render(next, req, res, null, 0);
    // The copy this address has (if any), never a 503 when there is one (a request that
    // gave up waiting and then failed its own render used to answer 503 beside a cached copy).
    if (outcome.kind === "failed") respondToFailure(req, res, cache.get(key));
    else if (outcome.kind === "stored" || outcome.kind === "unshared") send(req, res, outcome.answer, "BYPASS");
  }
}

type Outcome = { kind: "stored" | "unshared"; answer: CachedAnswer } | { kind: "failed" | "aborted" };

/** How long a request waits for another request's render of the same address before rendering itself. */
const WAIT_FOR_RENDER_MS = 10_000;

/**
 * A public answer's whole way: rendered by Next into a buffer (renderToBuffer) with what the page
 * or handler reported while rendering (render-report.ts: its next change), failed or not,
 * finished (finish.ts: islands, CSP hashes, next change, ETag, compression), and stored when
 * it is the same for everyone.
 */
async function render(next: Handler, req: http.IncomingMessage, res: http.ServerResponse, version: string | null, seenAt: number): Promise<Outcome> {
  const { result: rendered, report } = await renderReported(() => renderToBuffer(next, req, res));
  if (rendered === "aborted") return { kind: "aborted" };
  const now = Date.now();
  // A page that rendered its error boundary (app/[locale]/error.tsx) failed, whatever its status.
  if (rendered.status >= 500 || rendered.body.includes(ERROR_MARK)) return { kind: "failed" };
  const { "set-cookie": cookies, ...shared } = rendered.headers;
  const pathname = new URL(req.url ?? "/", "http://x").pathname;
  if (rendered.status === 200 && onlyLocaleCookies(cookies) && version !== null) {
    // Stored without the language cookie: it only echoes the URL's language, and an answer
    // shared by everyone must never carry a cookie.
    const finished = finishAnswer(pathname, { ...rendered, headers: shared }, report);
    return { kind: "stored", answer: storedAnswer(finished, version, now, freshFor(now, seenAt, finished.nextChange)) };
  }
  return { kind: "unshared", answer: storedAnswer(finishAnswer(pathname, rendered, report), "", now, 0) };
}

/**
 * Next's answer to this request as a buffer, whatever the client holds and whichever method it
 * used, so that it can be stored for everyone.
 */
async function renderToBuffer(next: Handler, req: http.IncomingMessage, res: http.ServerResponse): Promise<Rendered | "aborted"> {
  // Render the full answer whatever this client holds, so it can be stored for everyone; send()
  // then answers this client's own If-None-Match / If-Modified-Since against it.
  const conditional = { "if-none-match": req.headers["if-none-match"], "if-modified-since": req.headers["if-modified-since"] };
  delete req.headers["if-none-match"];
  delete req.headers["if-modified-since"];
  // A HEAD is rendered as the GET it stands for: Next answers a HEAD with an empty body, and that
  // empty body, stored, would be every later GET's answer (with the data's real ETag, so caches
  // revalidating it would keep it). send() leaves the body out for the HEAD itself.
  const method = req.method;
  if (method === "HEAD") req.method = "GET";
  return capture(next, req, res).finally(() => {
    req.method = method;
    for (const [name, value] of Object.entries(conditional)) if (value !== undefined) req.headers[name] = value;
  });
}

function respondToFailure(req: http.IncomingMessage, res: http.ServerResponse, cached: CachedAnswer | undefined) {
  if (cached && Date.now() - cached.storedAt < STALE_IF_ERROR_MS) sendStale(req, res, cached);
  else sendUnavailable(req, res);
}

/** next-intl's NEXT_LOCALE cookie (the page's own language) is the only cookie a public answer may set. */
function onlyLocaleCookies(cookies: string | string[] | undefined): boolean {
  return [cookies ?? []].flat().every((cookie) => cookie.startsWith("NEXT_LOCALE="));
}

const ERROR_MARK = Buffer.from("data-corridor-error");

/**
 * Lets Next answer into a buffer instead of the socket, uncompressed (the cache compresses once),
 * so the answer can be stored, or replaced by a stale copy if rendering failed.
 */
async function capture(next: Handler, req: http.IncomingMessage, res: http.ServerResponse): Promise<Rendered | "aborted"> {
  delete req.headers["accept-encoding"];
  const chunks: Buffer[] = [];
  let status: number | null = null;
  const original = { writeHead: res.writeHead, write: res.write, end: res.end, flushHeaders: res.flushHeaders };
  return new Promise<Rendered | "aborted">((resolve, reject) => {
    let settled = false;
    const restore = () => Object.assign(res, original);
    // The client went away before the answer was complete: Next stops rendering and may never
    // end the response, so this render is over (requests waiting on it render for themselves).
    res.once("close", () => {
      if (settled) return;
      settled = true;
      restore();
      resolve("aborted");
    });
    res.writeHead = function (code: number, ...rest: unknown[]) {
      status = code;
      const headers = rest.find((r) => typeof r === "object" && r !== null) as http.OutgoingHttpHeaders | undefined;
      if (headers) for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value as string);
      return res;
    } as typeof res.writeHead;
    res.flushHeaders = () => {};
    res.write = function (chunk: unknown, ...rest: unknown[]) {
      if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof rest[0] === "string" ? (rest[0] as BufferEncoding) : "utf8"));
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    } as typeof res.write;
    res.end = function (chunk?: unknown, ...rest: unknown[]) {
      if (chunk && typeof chunk !== "function") chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof rest[0] === "string" ? (rest[0] as BufferEncoding) : "utf8"));
      if (settled) return res;
      settled = true;
      restore();
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(res.getHeaders())) if (value !== undefined) headers[name] = Array.isArray(value) ? value : String(value);
      for (const name of Object.keys(headers)) res.removeHeader(name);
      resolve({ status: status ?? res.statusCode, headers, body: Buffer.concat(chunks) });
      return res;
    } as typeof res.end;
    next(req, res).catch((error: unknown) => {
      if (settled) return;
      settled = true;
      restore();
      reject(error);
    });
  }).catch((error: unknown) => {
    console.error("corridor: rendering a public page failed", error);
    return { status: 500, headers: {}, body: Buffer.alloc(0) };
  });
}

/**
 * The hot path of every cache hit: the answer's headers were prepared once (response-cache.ts),
 * so this is one writeHead and one end, as for a plain server sending the same bytes. Only a
 * residents' page, or an answer with a next change, served from a fresh copy adds one header of
 * its own: the Cache-Control for shared caches, which shrinks with the copy's age (shared-cache.ts).
 */
function send(req: http.IncomingMessage, res: http.ServerResponse, answer: CachedAnswer, outcome: CacheOutcome): void {
  // The plain and the compressed body are two representations, each with its own tag.
  const gzip = answer.gzip !== null && acceptsGzip(req);
  const etag = gzip ? answer.gzipEtag : answer.headers["etag"];
  const cacheControl = sharedCacheControlOf(answer, outcome);
  const withOwn = (headers: (string | string[])[]) => (cacheControl === null ? headers : headers.concat("cache-control", cacheControl));
  const conditional = req.headers["if-none-match"] !== undefined || req.headers["if-modified-since"] !== undefined;
  if (typeof etag === "string" && answer.status === 200 && conditional && mayConfirmCopy(cacheControl) && notModified(req.headers, { etag })) {
    res.writeHead(304, withOwn(preparedHeaders(answer, gzip ? "304-gzip" : "304", outcome, cacheControl !== null)));
    res.end();
    return;
  }
  res.writeHead(answer.status, withOwn(preparedHeaders(answer, gzip ? "gzip" : "plain", outcome, cacheControl !== null)));
  res.end(req.method === "HEAD" ? undefined : gzip ? answer.gzip! : answer.body);
}

/**
 * The stale copy of an answer is made once: during an outage every request for a page would
 * otherwise insert the notice and compress the page again, just when residents reload most.
 */
function sendStale(req: http.IncomingMessage, res: http.ServerResponse, answer: CachedAnswer): void {
  let stale = answer.staleCopy;
  if (!stale) {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const html = String(answer.headers["content-type"] ?? "").startsWith("text/html");
    const body = html ? Buffer.from(withStaleNotice(answer.body.toString("utf8"), answer.storedAt, pathname)) : answer.body;
    // Without the fresh copy's ETag: this is another body (the notice), and a 304 to a cache
    // revalidating its copy (nginx's proxy_cache_revalidate) would make that copy fresh again.
    const { etag: _freshCopysTag, ...headers } = answer.headers;
    stale = answerOf(200, { ...headers, "cache-control": "no-store", "x-corridor-stale-since": new Date(answer.storedAt).toISOString() }, body, answer.version, Date.now(), 0);
    answer.staleCopy = stale;
  }
  send(req, res, stale, "STALE");
}

function sendUnavailable(req: http.IncomingMessage, res: http.ServerResponse): void {
  const pathname = new URL(req.url ?? "/", "http://x").pathname;
  const { type, body, headers } = unavailableAnswer(pathname);
  res.writeHead(503, {
    ...headers,
    "content-type": type,
    "cache-control": "no-store",
    "retry-after": "30",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-corridor-cache": "UNAVAILABLE",
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

// Accept-Encoding was removed from the request before Next saw it; keep the client's for `send`.
const ACCEPT = Symbol("accept-encoding");
function acceptEncodingOf(req: http.IncomingMessage): string {
  return (req as http.IncomingMessage & { [ACCEPT]?: string })[ACCEPT] ?? "";
}
// Clients send a handful of distinct Accept-Encoding values: the answer for the last one is kept.
let lastAccept = "";
let lastAcceptsGzip = false;
function acceptsGzip(req: http.IncomingMessage): boolean {
  const accept = acceptEncodingOf(req);
  if (accept !== lastAccept) {
    lastAccept = accept;
    lastAcceptsGzip = /\bgzip\b/.test(accept);
  }
  return lastAcceptsGzip;
}
export function rememberAcceptEncoding(req: http.IncomingMessage): void {
  (req as http.IncomingMessage & { [ACCEPT]?: string })[ACCEPT] = String(req.headers["accept-encoding"] ?? "");
}
