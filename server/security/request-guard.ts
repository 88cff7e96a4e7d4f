import http from "node:http";
import { ACTION_BODY_LIMIT_BYTES } from "./headers";

// Requests refused before Next sees them (scripts/serve.ts), because Next answers them with a 500:
// - a request-target that does not percent-decode (GET /lite/towns/%ff): Next's router throws
//   decoding it before any route or proxy.ts runs;
// - a method Node accepts but the Fetch API refuses (TRACE, TRACK, CONNECT) or that no part of
//   the app answers (PROPFIND, MKCOL, …): Next builds a Request from it and throws;
// - a server action called with what is not a form: every action here takes FormData, and an
//   action handed a JSON or text body throws before its own access check; and a multipart body
//   that does not parse (a broken or missing boundary), which Next fails on while looking for a
//   no-JavaScript action in it, on any page or route.
// - an address over 2,048 characters (414), whose echo in Next's redirects would overflow proxies.
// Each gets a short plain-text 4xx. Loaded by the server in front of Next (no server-only).

/** Methods some part of the app answers; the route handlers give their own 405 for the rest. */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Longest request-target (path and query) passed to Next. */
export const MAX_TARGET_LENGTH = 2_048;

type Refusal = { status: 400 | 405 | 413 | 414; message: string; headers?: Record<string, string> };

/** Why the request line and headers alone are refused, or null. */
export function refusalOf(req: Pick<http.IncomingMessage, "method" | "url" | "headers">): Refusal | null {
  const method = req.method ?? "GET";
  const rawPath = (req.url ?? "/").split("?")[0]!;
  if (!KNOWN_METHODS.has(method)) {
    return { status: 405, message: `Method ${method} is not allowed.`, headers: { Allow: rawPath.startsWith("/api/v1/") ? "GET, HEAD, OPTIONS" : "GET, HEAD, POST, OPTIONS" } };
  }
  // Next echoes the address in its own redirects (Location and Refresh for "//"), so an address
  // this long would make headers past the 4-8 KB buffers of common reverse proxies. No address
  // of the app comes near it (slugs are at most 120 characters, a search at most a few hundred).
  if ((req.url ?? "").length > MAX_TARGET_LENGTH) return { status: 414, message: `URI too long (limit ${MAX_TARGET_LENGTH} characters).` };
  if (!decodes(rawPath)) return { status: 400, message: "Bad request: the address is not valid percent-encoded UTF-8." };
  if (hasBody(method) && (req.headers["next-action"] !== undefined || isMultipart(req.headers["content-type"]))) {
    if (!isMultipart(req.headers["content-type"]) || !/;\s*boundary=/i.test(String(req.headers["content-type"]))) {
      return { status: 400, message: "Bad request: a form action takes a multipart/form-data body with a boundary." };
    }
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > ACTION_BODY_LIMIT_BYTES) return { status: 413, message: `Request body too large (limit ${ACTION_BODY_LIMIT_BYTES} bytes).` };
  }
  return null;
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
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > ACTION_BODY_LIMIT_BYTES) return { ok: false, refusal: { status: 413, message: `Request body too large (limit ${ACTION_BODY_LIMIT_BYTES} bytes).` } };
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  try {
    await new Response(body, { headers: { "content-type": String(req.headers["content-type"]) } }).formData();
  } catch {
    return { ok: false, refusal: { status: 400, message: "Bad request: the multipart/form-data body does not parse." } };
  }
  return { ok: true, request: replay(req, body) };
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
  return copy;
}

/** Answers a refused request in plain text; the connection is closed when a body may still be coming. */
export function refuse(res: http.ServerResponse, { status, message, headers }: Refusal, method?: string): void {
  res.writeHead(status, {
    ...headers,
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    ...(status === 413 ? { Connection: "close" } : {}),
  });
  res.end(method === "HEAD" ? undefined : `${message}\n`);
}
