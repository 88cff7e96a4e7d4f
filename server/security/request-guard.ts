import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { addressOf, isMachineAddress } from "@/lib/addresses";
import { PROBLEM_CONTENT_TYPE, problemBody, PUBLIC_API_METHODS, type ProblemName } from "../http/problem";
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
//   this app's forms send (isAppReply), which React's decoding may throw on.
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

type Refusal = { status: 204 | 400 | 405 | 413 | 414 | 416; message: string; headers?: Record<string, string> };

/** Why the request line and headers alone are refused (or, for OPTIONS *, answered), or null. */
export function refusalOf(req: Pick<http.IncomingMessage, "method" | "url" | "headers">, statics: StaticFiles = publicStaticFiles()): Refusal | null {
  const method = req.method ?? "GET";
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
    const kind = addressOf(rawPath).kind;
    const readOnly = kind === "public-api" || kind === "feed" || kind === "unknown-api";
    return { status: 405, message: `Method ${method} is not allowed.`, headers: { Allow: readOnly ? PUBLIC_API_METHODS : "GET, HEAD, POST, OPTIONS" } };
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
    if (method !== "GET" && method !== "HEAD") return { status: 405, message: `Method ${method} is not allowed for a static file.`, headers: { Allow: "GET, HEAD" } };
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
  }
  return null;
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
 * Whether a Range header asks for something of a `size`-byte file (RFC 9110 §14.1.2). Another
 * unit is ignored (the whole file is served): satisfiable. A byte range that is malformed, ends
 * before it starts or starts past the end cannot be served; a list is served if any part can.
 */
export function satisfiable(range: string, size: number): boolean {
  const match = /^\s*([A-Za-z]+)\s*=(.*)$/.exec(range);
  if (!match) return false;
  if (match[1]!.toLowerCase() !== "bytes") return true;
  const specs = match[2]!.split(",").map((s) => s.trim());
  let any = false;
  for (const spec of specs) {
    const part = /^(\d*)-(\d*)$/.exec(spec);
    if (!part || (part[1] === "" && part[2] === "")) return false;
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
 * `next` behind the guard: malformed requests Next would answer with a 500 are refused first, and
 * a form post's body is read and checked before Next decodes it. scripts/serve.ts serves this.
 */
export function guardRequests(next: Handler, statics: StaticFiles = publicStaticFiles()): Handler {
  return async (req, res) => {
    toOriginForm(req);
    const refusal = refusalOf(req, statics);
    if (refusal) return refuse(req, res, refusal);
    if (!needsBodyCheck(req)) return next(req, res);
    const checked = await checkedMultipart(req);
    if (!checked.ok) return refuse(req, res, checked.refusal);
    return next(checked.request, res);
  };
}

/** Whether the body must be read and checked before Next sees it: a form post (the only kind of action call). */
export function needsBodyCheck(req: Pick<http.IncomingMessage, "method" | "headers">): boolean {
  return hasBody(req.method ?? "GET") && isMultipart(req.headers["content-type"]);
}

/**
 * Reads a multipart body (at most ACTION_BODY_LIMIT_BYTES) and parses it with the Fetch API's
 * form parser: a body it cannot parse is refused here. The parsed body is handed on as a fresh
 * request carrying the same bytes, so Next reads exactly what was checked.
 */
export async function checkedMultipart(req: http.IncomingMessage): Promise<{ ok: true; request: http.IncomingMessage } | { ok: false; refusal: Refusal }> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read with events, not for-await: leaving a for-await loop early destroys the request, and with
  // it the socket, so a client still sending a large body would never see its 413 (EPIPE).
  const ended = await new Promise<"ok" | "tooLarge" | "aborted">((resolve) => {
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= ACTION_BODY_LIMIT_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) req.destroy();
    });
    req.on("end", () => resolve(size > ACTION_BODY_LIMIT_BYTES ? "tooLarge" : "ok"));
    req.on("error", () => resolve("aborted"));
    req.on("close", () => resolve(size > ACTION_BODY_LIMIT_BYTES ? "tooLarge" : "aborted"));
  });
  // The client went away mid-body: answered for form's sake, nobody reads it.
  if (ended === "aborted") return { ok: false, refusal: { status: 400, message: "Bad request: the body ended early." } };
  if (ended === "tooLarge") return { ok: false, refusal: { status: 413, message: `Request body too large (limit ${ACTION_BODY_LIMIT_BYTES} bytes).` } };
  const body = Buffer.concat(chunks);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": String(req.headers["content-type"]) } }).formData();
  } catch {
    return { ok: false, refusal: { status: 400, message: "Bad request: the multipart/form-data body does not parse." } };
  }
  if (req.headers["next-action"] !== undefined && !isAppReply(form)) {
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
      try {
        root = JSON.parse(value);
      } catch {
        return false;
      }
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
export function refuse(req: http.IncomingMessage, res: http.ServerResponse, refusal: Refusal): void {
  // The body nobody will read: a client that goes away mid-body makes the request emit "aborted",
  // which with no listener would be an uncaught exception.
  req.on("error", () => {});
  if (refusal.status === 413 && !req.complete) {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > DRAIN_LIMIT_BYTES) return answer(req, res, refusal);
    let drained = 0;
    let answered = false;
    const once = () => {
      if (answered) return;
      answered = true;
      answer(req, res, refusal);
    };
    req.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_LIMIT_BYTES) once();
    });
    req.on("end", once);
    req.on("close", once);
    return;
  }
  req.resume();
  answer(req, res, refusal);
}

/** The refusals a client of the API or the feeds gets as a problem document. */
const PROBLEMS: Partial<Record<Refusal["status"], ProblemName>> = { 400: "bad-request", 405: "method-not-allowed", 414: "uri-too-long" };

function answer(req: http.IncomingMessage, res: http.ServerResponse, { status, message, headers }: Refusal): void {
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
    res.writeHead(status, { ...CORS_HEADERS, ...headers, "Content-Type": PROBLEM_CONTENT_TYPE, "Content-Length": String(Buffer.byteLength(body)), "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Content-Language": "en" });
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
    ...(status === 413 ? { Connection: "close" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : `${message}\n`);
}
