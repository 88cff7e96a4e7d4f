import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { addressOf, isMachineAddress, METHODS_OF } from "@/lib/addresses";
import { PROBLEM_CONTENT_TYPE, problemBody, type ProblemName } from "../http/problem";
import { CORS_HEADERS } from "../http/public-response";
import { ACTION_BODY_LIMIT_BYTES } from "./headers";

// Requests refused before Next sees them (scripts/serve.ts), because Next answers them with a 500:
// - a request-target that does not percent-decode (GET /lite/towns/%ff): Next's router throws
//   decoding it before any route or proxy.ts runs;
// - a method Node accepts but the Fetch API refuses (TRACE, TRACK, CONNECT) or that no part of
//   the app answers (PROPFIND, MKCOL, …): Next builds a Request from it and throws;
// - a server action called with what is not a form: every action here takes FormData, and an
//   action handed a JSON or text body throws before its own access check; a multipart body
//   that does not parse (a broken or missing boundary), which Next fails on while looking for a
//   no-JavaScript action in it, on any page or route; and arguments in any shape but the one
//   this app's forms send (isAppReply, and isAppFormPost for a form posted without JavaScript),
//   which React's decoding may throw on; and one posted from another origin, which Next refuses
//   by throwing (403 here, by Next's own comparison of Origin with X-Forwarded-Host or Host);
// - an address over 2,048 characters (414), whose echo in Next's redirects would overflow proxies;
// - a Host, X-Forwarded-Host or X-Forwarded-Proto that makes no URL (Auth.js throws on it);
// - the asterisk target (`OPTIONS *`, `GET *`), which Next cannot make a URL of: OPTIONS gets 204
//   with Allow, anything else 400;
// - a static file (/_next/static/…, /islands/…, public/'s files) asked for with a method other than
//   GET or HEAD (405), or with a Range none of whose parts can be served (416): Next's file
//   server throws on both.
// Each gets a short plain-text 4xx; under /api and /feeds, a problem document (server/http/problem.ts)
// like every other error there. Loaded by the server in front of Next (no server-only).

/** Methods some part of the app answers; the route handlers give their own 405 for the rest. */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Longest request-target (path and query) passed to Next. */
export const MAX_TARGET_LENGTH = 2_048;

/** What the app answers for itself (OPTIONS *): every method some part of it takes. */
const SERVER_ALLOW = "GET, HEAD, POST, OPTIONS";
/** What a static file takes. */
const STATIC_ALLOW = "GET, HEAD";

type Refusal = {
  status: 204 | 400 | 403 | 405 | 408 | 413 | 414 | 416 | 503;
  message: string;
  headers?: Record<string, string>;
  /** The connection is closed after the answer: what is left of the body is never read. */
  close?: boolean;
};

/** Why the request line and headers alone are refused (or, for OPTIONS *, answered), or null. */
export function refusalOf(req: Pick<http.IncomingMessage, "method" | "url" | "headers"> & { rawHeaders?: string[] }, statics: StaticFiles = publicStaticFiles()): Refusal | null {
  const method = req.method ?? "GET";
  // Node keeps the first of several Host headers and drops the rest; a proxy may have routed by
  // another one. RFC 9112 §3.2: 400.
  if ((req.rawHeaders ?? []).filter((name, i) => i % 2 === 0 && name.toLowerCase() === "host").length > 1) {
    return { status: 400, message: "Bad request: more than one Host header." };
  }
  const target = req.url ?? "/";
  if (target === "*") {
    if (method === "OPTIONS") return { status: 204, message: "", headers: { Allow: SERVER_ALLOW } };
    return { status: 400, message: "Bad request: only OPTIONS may have * as its target." };
  }
  // Origin-form ("/path?query"); absolute-form was made origin-form first (toOriginForm), and
  // anything else makes no URL for Next.
  if (!target.startsWith("/")) return { status: 400, message: "Bad request: the target must be a path starting with /." };
  const rawPath = target.split("?")[0]!;
  if (!KNOWN_METHODS.has(method)) {
    // What the address takes, as its own 405 and OPTIONS say (lib/addresses.ts); what the whole
    // app takes where its route handlers decide.
    const kind = addressOf(rawPath).kind;
    const methods = METHODS_OF[kind];
    // The webhooks take POST alone, and refuse OPTIONS too.
    const allow = kind === "static" ? STATIC_ALLOW : kind === "webhook" ? "POST" : methods ? [...methods, "OPTIONS"].join(", ") : SERVER_ALLOW;
    return { status: 405, message: `Method ${method} is not allowed.`, headers: { Allow: allow } };
  }
  // Next echoes the address in its own redirects (Location and Refresh for "//"), so an address
  // this long would make headers past the 4-8 KB buffers of common reverse proxies. No address
  // of the app comes near it (slugs are at most 120 characters, a search at most a few hundred).
  if ((req.url ?? "").length > MAX_TARGET_LENGTH) return { status: 414, message: `URI too long (limit ${MAX_TARGET_LENGTH} characters).` };
  // Auth.js builds the site's URL from these on every session read, and a value that makes no URL
  // (empty, a list, a space, port 99999) threw there: every page and /api/auth/session gave 500.
  for (const name of ["host", "x-forwarded-host"] as const) {
    const value = req.headers[name];
    if (value !== undefined && !isAuthority(value)) return { status: 400, message: `Bad request: ${name} is not one host name with an optional port.` };
  }
  const proto = req.headers["x-forwarded-proto"];
  if (proto !== undefined && !/^https?$/i.test(String(proto).trim())) return { status: 400, message: "Bad request: x-forwarded-proto must be http or https." };
  if (!decodes(rawPath)) return { status: 400, message: "Bad request: the address is not valid percent-encoded UTF-8." };
  // By the path it names once its dot segments are resolved (/./sw.js, /x/../sw.js, /%2e/sw.js):
  // Next resolves them too and serves the file, and a POST there gave 500.
  const file = statics.fileOf(new URL(rawPath, "http://guard.invalid").pathname);
  if (file !== null) {
    if (method !== "GET" && method !== "HEAD") return { status: 405, message: `Method ${method} is not allowed for a static file.`, headers: { Allow: STATIC_ALLOW } };
    const range = req.headers.range;
    if (range !== undefined) {
      const size = sizeOf(file);
      if (size !== null && !satisfiable(String(range), size)) {
        return { status: 416, message: "Range not satisfiable.", headers: { "Content-Range": `bytes */${size}` } };
      }
    }
  }
  if (hasBody(method) && (req.headers["next-action"] !== undefined || isMultipart(req.headers["content-type"]))) {
    if (!isMultipart(req.headers["content-type"]) || !/;\s*boundary=/i.test(String(req.headers["content-type"]))) {
      return { status: 400, message: "Bad request: a form action takes a multipart/form-data body with a boundary." };
    }
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > ACTION_BODY_LIMIT_BYTES) return { status: 413, message: `Request body too large (limit ${ACTION_BODY_LIMIT_BYTES} bytes).` };
    // The residents' form refuses another site's posts itself; machine addresses take no action.
    const address = addressOf(rawPath);
    if (address.kind !== "resident-form" && !isMachineAddress(address) && fromAnotherOrigin(req.headers)) {
      return { status: 403, message: "Forbidden: a form of this site is posted from this site's own pages." };
    }
  }
  return null;
}

/**
 * Next's own test of a server action's origin (next/dist/server/app-render/action-handler.js): the
 * Origin's host ("null" for an opaque origin) against the first X-Forwarded-Host, else Host; no
 * Origin passes. Next refuses a mismatch too, but by throwing: a 500 and its error page.
 */
function fromAnotherOrigin(headers: http.IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined) return false;
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return true;
  }
  const forwarded = headers["x-forwarded-host"];
  const forwardedHost = (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(",")[0])?.trim();
  const host = forwardedHost || headers.host;
  return host === undefined || originHost !== host;
}

/**
 * Makes an absolute-form target (`GET http://host/path`, what clients send proxies) origin-form,
 * as RFC 9112 §3.2.2 has a server do: its authority replaces Host. Next would otherwise answer
 * it with a redirect to that URL, whatever host it names.
 */
export function toOriginForm(req: Pick<http.IncomingMessage, "url" | "headers">): void {
  const match = /^https?:\/\/([^/?#]*)(.*)$/i.exec(req.url ?? "");
  if (!match) return;
  req.headers.host = match[1]!;
  req.url = match[2]!.startsWith("/") ? match[2]! : `/${match[2]!}`;
}

/** Where the files served as they are live: a static path's file on disk, or null for any other path. */
export type StaticFiles = { fileOf(rawPath: string): string | null };

/**
 * Next's build output under /_next/static/ and public/ (where the islands' bundles go too), as
 * Next serves them. public/'s top level is listed once: it changes only with a build.
 */
export function staticFilesIn(root: string): StaticFiles {
  const nextStatic = path.join(root, ".next", "static");
  const publicDir = path.join(root, "public");
  let top: Map<string, boolean> | null = null;
  const publicTop = () => {
    if (top) return top;
    top = new Map();
    try {
      for (const entry of fs.readdirSync(publicDir, { withFileTypes: true })) top.set(entry.name, entry.isDirectory());
    } catch {
      // No public/ folder: no public files.
    }
    return top;
  };
  const inside = (dir: string, rest: string): string | null => {
    const file = path.join(dir, decodeURIComponent(rest));
    return file.startsWith(dir + path.sep) ? file : null;
  };
  return {
    fileOf(rawPath) {
      if (rawPath.startsWith("/_next/static/")) return inside(nextStatic, rawPath.slice("/_next/static/".length));
      const [first, ...rest] = rawPath.slice(1).split("/");
      const isDir = publicTop().get(decodeURIComponent(first ?? ""));
      if (isDir === undefined || (isDir && rest.length === 0) || (!isDir && rest.length > 0)) return null;
      return inside(publicDir, rawPath.slice(1));
    },
  };
}

let defaultStatics: StaticFiles | null = null;
function publicStaticFiles(): StaticFiles {
  defaultStatics ??= staticFilesIn(process.cwd());
  return defaultStatics;
}

function sizeOf(file: string): number | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

/**
 * Whether a Range header is one RFC 9110 §14.1.2 can read: a unit, "=", and for bytes a list of
 * "first-last", "first-" or "-suffix". One that is not is ignored, as §14.2 lets a server do: the
 * whole file is served (guardRequests drops it, since Next's file server throws on it).
 */
export function wellFormedRange(range: string): boolean {
  const match = /^\s*([A-Za-z]+)\s*=(.*)$/.exec(range);
  if (!match) return false;
  if (match[1]!.toLowerCase() !== "bytes") return true;
  return match[2]!.split(",").every((spec) => /^\s*(\d+-\d*|-\d+)\s*$/.test(spec));
}

/**
 * Whether a well-formed Range header asks for something of a `size`-byte file (RFC 9110 §14.1.2).
 * Another unit is ignored (the whole file is served): satisfiable. A byte range that ends before
 * it starts or starts past the end cannot be served; a list is served if any part can.
 */
export function satisfiable(range: string, size: number): boolean {
  if (!wellFormedRange(range)) return true;
  const match = /^\s*([A-Za-z]+)\s*=(.*)$/.exec(range)!;
  if (match[1]!.toLowerCase() !== "bytes") return true;
  const specs = match[2]!.split(",").map((s) => s.trim());
  let any = false;
  for (const spec of specs) {
    const part = /^(\d*)-(\d*)$/.exec(spec);
    if (!part) return false;
    if (part[1] === "") {
      if (Number(part[2]) > 0 && size > 0) any = true;
      continue;
    }
    const start = Number(part[1]);
    if (part[2] !== "" && Number(part[2]) < start) return false;
    if (start < size) any = true;
  }
  return any;
}

/** "example.org", "localhost:3000", "[::1]:8080": what a URL's authority may be, without user info. */
function isAuthority(value: string | string[]): boolean {
  if (typeof value !== "string" || value === "" || /[\s/?#@\\,]/.test(value)) return false;
  try {
    const url = new URL(`http://${value}`);
    return url.host !== "" && (url.port === "" || Number(url.port) <= 65_535);
  } catch {
    return false;
  }
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

const hasBody = (method: string) => method === "POST" || method === "PUT" || method === "PATCH" || method === "DELETE";

function isMultipart(contentType: string | string[] | undefined): boolean {
  return /^\s*multipart\/form-data\b/i.test(String(contentType ?? ""));
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/**
 * How long a request may take and how much of it is held (docs/request-limits.md). Without nginx
 * in front (`npm start` reached directly) the app reads bodies itself, so a client that stalls
 * mid-body must not hold memory or a connection for ever.
 */
export type RequestLimits = {
  /** From the connection (or the previous request on it) to the end of the headers: Node answers 408. */
  headersMs: number;
  /** From the end of the headers to the end of the body: 408. */
  bodyMs: number;
  /** Largest body of one request, the most any form or route takes (413 past it). */
  bodyBytes: number;
  /** Bytes held for bodies not yet complete, across the process: past it, 503 with Retry-After. */
  bufferedBytes: number;
  /** What Retry-After says on that 503: about as long as the bodies being read may still take. */
  retryAfterSeconds: number;
};

export const REQUEST_LIMITS: RequestLimits = {
  // A phone on a poor link sends headers (a few KB) in well under this.
  headersMs: 20_000,
  // 512 KB at about 20 KB/s (a weak 3G link); forms here are a few KB.
  bodyMs: 30_000,
  bodyBytes: ACTION_BODY_LIMIT_BYTES,
  // 128 bodies at their largest at once; nginx, when in front, buffers bodies itself.
  bufferedBytes: 64 * 1024 * 1024,
  retryAfterSeconds: 10,
};

/**
 * Options for http.createServer that go with the guard: the header deadline, and a backstop for
 * the whole request (a body nobody reads, such as a GET's, is left in the kernel's buffers; Node
 * ends it with 408 here). Node checks deadlines every connectionsCheckingInterval.
 */
export function serverOptions(limits: RequestLimits = REQUEST_LIMITS): http.ServerOptions {
  return {
    headersTimeout: limits.headersMs,
    requestTimeout: limits.headersMs + limits.bodyMs + 1_000,
    connectionsCheckingInterval: Math.min(1_000, limits.headersMs),
  };
}

/** The bytes held for unfinished bodies, shared by every request the guard reads. */
export class BodyBudget {
  held = 0;
  constructor(readonly limit: number) {}
  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }
  give(bytes: number): void {
    this.held -= bytes;
  }
}

/**
 * `next` behind the guard: malformed requests Next would answer with a 500 are refused first, and
 * every body is read within the limits (a form post's is checked too) before Next sees it.
 * scripts/serve.ts serves this with serverOptions().
 */
export function guardRequests(next: Handler, statics: StaticFiles = publicStaticFiles(), limits: RequestLimits = REQUEST_LIMITS): Handler {
  const budget = new BodyBudget(limits.bufferedBytes);
  return async (req, res) => {
    toOriginForm(req);
    if (typeof req.headers.range === "string" && !wellFormedRange(req.headers.range)) delete req.headers.range;
    const refusal = refusalOf(req, statics);
    if (refusal) return refuse(req, res, refusal, limits);
    if (!hasBodyToRead(req)) return next(req, res);
    const read = await readBody(req, limits, budget);
    if (!read.ok) return refuse(req, res, read.refusal, limits);
    if (!needsBodyCheck(req)) return next(replay(req, read.body), res);
    const checked = await checkedMultipart(req, read.body);
    if (!checked.ok) return refuse(req, res, checked.refusal, limits);
    return next(checked.request, res);
  };
}

/** Whether the body must be read and checked before Next sees it: a form post (the only kind of action call). */
export function needsBodyCheck(req: Pick<http.IncomingMessage, "method" | "headers">): boolean {
  return hasBody(req.method ?? "GET") && isMultipart(req.headers["content-type"]);
}

/** A request of a method that carries a body, with one coming (a length above 0, or chunks). */
function hasBodyToRead(req: Pick<http.IncomingMessage, "method" | "headers">): boolean {
  if (!hasBody(req.method ?? "GET")) return false;
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const declared = Number(req.headers["content-length"] ?? 0);
  return !Number.isFinite(declared) || declared > 0;
}

type Read = { ok: true; body: Buffer<ArrayBuffer> } | { ok: false; refusal: Refusal };

/**
 * Reads a request's body within the limits: at most bodyBytes (413, the rest read and dropped so
 * the client sees the answer), within bodyMs (408), and only while the process holds less than
 * bufferedBytes for unfinished bodies (503 with Retry-After; the connection is then closed, so
 * what the client still sends is never read).
 */
export async function readBody(req: http.IncomingMessage, limits: RequestLimits = REQUEST_LIMITS, budget: BodyBudget = new BodyBudget(limits.bufferedBytes)): Promise<Read> {
  const busy: Refusal = { status: 503, message: "The server is busy reading other requests; try again shortly.", headers: { "Retry-After": String(limits.retryAfterSeconds) }, close: true };
  // A body whose announced length no longer fits is refused before any of it is read.
  const declared = Number(req.headers["content-length"]);
  const needs = Number.isFinite(declared) && declared > 0 ? Math.min(declared, limits.bodyBytes) : 1;
  if (budget.held + needs > budget.limit) return { ok: false, refusal: busy };
  const chunks: Buffer[] = [];
  let size = 0;
  let held = 0;
  // Read with events, not for-await: leaving a for-await loop early destroys the request, and with
  // it the socket, so a client still sending a large body would never see its 413 (EPIPE).
  const ended = await new Promise<"ok" | "tooLarge" | "aborted" | "late" | "busy">((resolve) => {
    const timer = setTimeout(() => done(size > limits.bodyBytes ? "tooLarge" : "late"), limits.bodyMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limits.bodyBytes) {
        if (!budget.take(chunk.length)) return done("busy");
        held += chunk.length;
        chunks.push(chunk);
      } else if (size > DRAIN_LIMIT_BYTES) req.destroy();
    };
    const done = (how: "ok" | "tooLarge" | "aborted" | "late" | "busy") => {
      clearTimeout(timer);
      req.off("data", onData);
      budget.give(held);
      held = 0;
      resolve(how);
    };
    req.on("data", onData);
    req.on("end", () => done(size > limits.bodyBytes ? "tooLarge" : "ok"));
    req.on("error", () => done("aborted"));
    req.on("close", () => done(size > limits.bodyBytes ? "tooLarge" : "aborted"));
  });
  if (ended === "ok") return { ok: true, body: Buffer.concat(chunks) };
  // The client went away mid-body: answered for form's sake, nobody reads it.
  if (ended === "aborted") return { ok: false, refusal: { status: 400, message: "Bad request: the body ended early." } };
  if (ended === "late") return { ok: false, refusal: { status: 408, message: `Request timeout: the body did not arrive within ${limits.bodyMs / 1000} s.`, close: true } };
  if (ended === "busy") return { ok: false, refusal: busy };
  return { ok: false, refusal: { status: 413, message: `Request body too large (limit ${limits.bodyBytes} bytes).`, close: !req.complete } };
}

/**
 * Parses a multipart body (read by readBody) with the Fetch API's form parser: a body it cannot
 * parse is refused here. The parsed body is handed on as a fresh request carrying the same bytes,
 * so Next reads exactly what was checked.
 */
export async function checkedMultipart(req: http.IncomingMessage, body: Buffer<ArrayBuffer>): Promise<{ ok: true; request: http.IncomingMessage } | { ok: false; refusal: Refusal }> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": String(req.headers["content-type"]) } }).formData();
  } catch {
    return { ok: false, refusal: { status: 400, message: "Bad request: the multipart/form-data body does not parse." } };
  }
  // With a Next-Action header the arguments are a reply; without, Next still looks for a
  // no-JavaScript form action in any multipart post, on any page.
  if (req.headers["next-action"] !== undefined ? !isAppReply(form) : !isAppFormPost(form)) {
    return { ok: false, refusal: { status: 400, message: "Bad request: the server action's arguments are not a form this app sends." } };
  }
  return { ok: true, request: replay(req, body) };
}

// React's reply encoding (how a server action's arguments travel, react-server-dom's
// encodeReply/decodeReply): field "0" holds the arguments as JSON, whose "$<tag>…" strings stand
// for other values or refer to other fields. Decoding trusts those references, and dozens of
// shapes no client would send make it throw (a 500) or wait for a field that never comes. This
// app's forms send exactly one shape, so only that passes (isAppReply); the rest get a 400 before
// Next decodes anything.
//
// The shape: every action is a form action, called as `action(formData)` or, through
// useActionState, `action(previousState, formData)`. So "0" is `["$K<id>"]` or
// `[<state>, "$K<id>"]`, the form's entries travel as fields "_<id>_<name>", and nothing else is
// sent. The state is plain data the server returned before (FormState and its kin): JSON whose
// strings React escapes ("$" → "$$") and where undefined, NaN, ±Infinity and -0 are constants
// ("$undefined", …). Its depth is bounded, and the walk stops there, so no input can run it out
// of stack.

/** Deepest a form state nests (FormState: state → fieldErrors → field → values → value is 4). */
export const MAX_STATE_DEPTH = 8;
const FORM_REFERENCE = /^\$K([0-9a-f]{1,8})$/;
const FORM_ENTRY = /^_([0-9a-f]{1,8})_/;

export function isAppReply(form: FormData): boolean {
  let root: unknown;
  const entryIds = new Set<string>();
  for (const [name, value] of form) {
    if (name === "0") {
      if (typeof value !== "string" || root !== undefined) return false;
      root = parsed(value);
      if (root === undefined) return false;
      continue;
    }
    const entry = FORM_ENTRY.exec(name);
    if (!entry) return false;
    entryIds.add(entry[1]!);
  }
  if (!Array.isArray(root) || root.length < 1 || root.length > 2) return false;
  const last: unknown = root[root.length - 1];
  const form_ = typeof last === "string" ? FORM_REFERENCE.exec(last) : null;
  if (!form_ || parseInt(form_[1]!, 16) === 0) return false;
  // The form's entries all belong to the one form the arguments name.
  if ([...entryIds].some((id) => id !== form_[1])) return false;
  return root.length === 1 || isPlainState(root[0], 0);
}

// Without JavaScript a form posts its action in "$ACTION_" fields, which React's server renderer
// writes as hidden inputs (decodeAction/decodeFormState read them): "$ACTION_ID_<id>" for an
// action with nothing bound, or "$ACTION_REF_<p>" with the bound arguments encoded as a reply
// under the prefix "$ACTION_<p>:" — field 0 `{"id":"<id>","bound":"$@1"}` and field 1 the list of
// bound arguments (useActionState binds the previous state) — and "$ACTION_KEY", the form's
// state key. Those fields are decoded like a reply, so only that shape passes; the form's own
// fields are handed to the action as they are and are not looked at.

const BOUND_METADATA = /^\$ACTION_(.+):([0-9a-f]+)$/s;

export function isAppFormPost(form: FormData): boolean {
  const refs = new Set<string>();
  const chunks = new Map<string, string>();
  for (const [name, value] of form) {
    if (!name.startsWith("$ACTION_")) continue;
    // Hidden inputs: never files.
    if (typeof value !== "string") return false;
    if (name === "$ACTION_KEY" || name.startsWith("$ACTION_ID_")) continue;
    if (name.startsWith("$ACTION_REF_")) {
      refs.add(name.slice("$ACTION_REF_".length));
      continue;
    }
    if (!BOUND_METADATA.test(name) || chunks.has(name)) return false;
    chunks.set(name, value);
  }
  let expected = 0;
  for (const prefix of refs) {
    expected += 2;
    const metadata = parsed(chunks.get(`$ACTION_${prefix}:0`));
    const bound = parsed(chunks.get(`$ACTION_${prefix}:1`));
    if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return false;
    const keys = Object.keys(metadata);
    if (keys.length !== 2 || typeof (metadata as { id?: unknown }).id !== "string" || (metadata as { bound?: unknown }).bound !== "$@1") return false;
    if (!Array.isArray(bound) || bound.length < 1 || bound.length > MAX_BOUND_ARGUMENTS || !bound.every((value) => isPlainState(value, 1))) return false;
  }
  // Nothing else under "$ACTION_<p>:": no form sends it, and a reference could point there.
  return chunks.size === expected;
}

/** Most arguments an action is bound to (useActionState binds one). */
const MAX_BOUND_ARGUMENTS = 4;

function parsed(json: string | undefined): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** What React writes in place of values JSON has no form for; each decodes to a constant. */
const STATE_CONSTANTS = new Set(["$undefined", "$NaN", "$Infinity", "$-Infinity", "$-0"]);

function isPlainState(value: unknown, depth: number): boolean {
  if (value === null || typeof value === "boolean" || typeof value === "number") return true;
  if (typeof value === "string") return !value.startsWith("$") || value.startsWith("$$") || STATE_CONSTANTS.has(value);
  if (depth >= MAX_STATE_DEPTH || typeof value !== "object") return false;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.every((child) => isPlainState(child, depth + 1));
}

/** A request with the same line, headers and socket as `req`, whose body is `body` (already read from `req`). */
function replay(req: http.IncomingMessage, body: Buffer): http.IncomingMessage {
  const copy = new http.IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = { ...req.headers, "content-length": String(body.length) };
  delete copy.headers["transfer-encoding"];
  copy.rawHeaders = [];
  for (const [name, value] of Object.entries(copy.headers)) for (const v of [value ?? []].flat()) copy.rawHeaders.push(name, v);
  copy.push(body);
  copy.push(null);
  copy.complete = true;
  // Next destroys a request it answers without reading (an action it refuses), which on an
  // unread IncomingMessage is an "aborted" error: with no listener, an uncaught exception.
  copy.on("error", () => {});
  return copy;
}

/**
 * Past this many bytes an oversized body is not read to its end: the connection is cut. Below it
 * the rest is read and dropped first, so that a client still sending gets its 413 and not a broken
 * pipe (clients write the whole body before they read the answer).
 */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/** Answers a refused request in plain text; the connection is closed when a body may still be coming. */
export function refuse(req: http.IncomingMessage, res: http.ServerResponse, refusal: Refusal, limits: RequestLimits = REQUEST_LIMITS): void {
  // The body nobody will read: a client that goes away mid-body makes the request emit "aborted",
  // which with no listener would be an uncaught exception.
  req.on("error", () => {});
  if (refusal.status === 413 && !req.complete && !refusal.close) {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > DRAIN_LIMIT_BYTES) return answer(req, res, refusal);
    let drained = 0;
    let answered = false;
    const once = () => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      answer(req, res, refusal);
    };
    // A client sending slowly gets its answer at the body deadline all the same.
    const timer = setTimeout(once, limits.bodyMs);
    req.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT_BYTES) once();
    });
    req.on("end", once);
    req.on("close", once);
    return;
  }
  // Closed after the answer: the rest of the body is never read.
  if (!refusal.close) req.resume();
  answer(req, res, refusal);
}

/** The refusals a client of the API or the feeds gets as a problem document. */
const PROBLEMS: Partial<Record<Refusal["status"], ProblemName>> = { 400: "bad-request", 405: "method-not-allowed", 414: "uri-too-long" };

function answer(req: http.IncomingMessage, res: http.ServerResponse, { status, message, headers, close }: Refusal): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 204) {
    res.writeHead(204, { ...headers, "Cache-Control": "no-store" });
    res.end();
    return;
  }
  const rawPath = (req.url ?? "/").split("?")[0]!;
  const problem = PROBLEMS[status];
  if (problem && rawPath.startsWith("/") && isMachineAddress(addressOf(rawPath))) {
    // The instance is the path only: an overlong or undecodable one is cut, not echoed whole.
    const body = JSON.stringify(problemBody(problem, message, rawPath.slice(0, 200)));
    res.writeHead(status, { ...CORS_HEADERS, ...headers, "Content-Type": PROBLEM_CONTENT_TYPE, "Content-Length": String(Buffer.byteLength(body)), "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Content-Language": "en", ...(close ? { Connection: "close" } : {}) });
    res.end(req.method === "HEAD" ? undefined : body);
    return;
  }
  res.writeHead(status, {
    ...headers,
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    ...(status === 413 || close ? { Connection: "close" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : `${message}\n`);
}
