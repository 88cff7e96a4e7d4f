import { NextRequest } from "next/server";

/** Auth.js posts are a few fields (email, password, CSRF token, callback URL). */
export const AUTH_BODY_LIMIT_BYTES = 64 * 1024;

function tooLarge(limit: number): Response {
  return new Response(`Request body too large (limit ${limit} bytes).\n`, {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" },
  });
}

/**
 * Wraps a POST route handler so that a body over `limit` bytes is answered 413 without being
 * parsed (route handlers have no limit of their own; server actions have bodySizeLimit). The
 * Content-Length is checked first; a body without one (chunked) is counted while it is read.
 */
/**
 * The request's body, or null once it is over `limit` bytes: the Content-Length is checked first,
 * and a body without one (chunked) is counted while it is read and dropped at the limit.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Wraps a POST route handler so that a body over `limit` bytes is answered 413 without being
 * parsed (route handlers have no limit of their own; server actions have bodySizeLimit).
 */
export function withBodyLimit(handler: (request: NextRequest) => Promise<Response>, limit: number) {
  return async (request: NextRequest): Promise<Response> => {
    const declared = Number(request.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
    if (!request.body) return handler(request);
    const body = await readBodyWithin(request, limit);
    if (body === null) return tooLarge(limit);
    return handler(new NextRequest(request.url, { method: request.method, headers: request.headers, body }));
  };
}
