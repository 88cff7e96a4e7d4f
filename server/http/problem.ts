import { z } from "zod";
import { CORS_HEADERS, PUBLIC_API_METHODS } from "./public-response";

// Errors of the public API as RFC 9457 problem details (application/problem+json), one place for
// every route. A partner's client switches on `type`, so each kind of error has its own, and never
// changes it.
//
// `type` is a relative reference, "/api/v1/problems/<name>": the same string on every deployment
// (a client written against one Corridor works against another's), and resolved against the
// answer's URL, as RFC 9457 §3.1.1 says a consumer must, it is this deployment's page that
// documents the problem (it redirects to the partners' API page). RFC 9457 notes that relative
// references can confuse some consumers; a string compare works for those, resolution for the rest.
//
// Problems are `no-store`: a 404 for a town added a minute later, or a 503, must not be kept by a
// CDN or a browser. The response cache never stores anything but a 200 (server/public-cache).

export const PROBLEM_TYPES = {
  /** No such API address. */
  "not-found": { status: 404, title: "Not found" },
  /** A query parameter is malformed, out of range, given twice, or not one this address takes. */
  "invalid-parameter": { status: 400, title: "Invalid query parameter" },
  /** The `town` parameter is well formed but no town with routes has that slug. */
  "town-not-found": { status: 404, title: "No such town" },
  /** The address exists but does not answer this method; `Allow` says which it does. */
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  /** A CAP alert that was in force and has been cancelled: `Link` gives the Cancel's address. */
  withdrawn: { status: 410, title: "Withdrawn" },
  /** The request itself is malformed: its address is not valid percent-encoded UTF-8, or a header makes no URL. */
  "bad-request": { status: 400, title: "Bad request" },
  /** The address (path and query) is longer than the server takes. */
  "uri-too-long": { status: 414, title: "URI too long" },
  /** The database could not be reached; try again after `Retry-After` seconds. */
  unavailable: { status: 503, title: "Temporarily unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemName = keyof typeof PROBLEM_TYPES;
export const PROBLEM_NAMES = Object.keys(PROBLEM_TYPES) as [ProblemName, ...ProblemName[]];

export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

export function problemType(name: ProblemName): string {
  return `/api/v1/problems/${name}`;
}

/** The name of a problem type from its path segment, or null when there is no such type. */
export function problemNamed(name: string): ProblemName | null {
  return Object.hasOwn(PROBLEM_TYPES, name) ? (name as ProblemName) : null;
}

export const invalidParamSchema = z
  .object({
    name: z.string().meta({ description: "The query parameter, as the request spelt it.", example: "status" }),
    reason: z.string().meta({ description: "What is wrong with it, in English.", example: "must be one of: open, caution, closed, unknown, unconfirmed" }),
  })
  .meta({ id: "InvalidParam" });

/** The body of every error answer of /api/v1 (RFC 9457 §3). */
export const problemSchema = z
  .object({
    type: z.enum(PROBLEM_NAMES.map(problemType) as [string, ...string[]]).meta({
      description: "Identifies the kind of error; resolved against the request's URL it is the page documenting it.",
    }),
    title: z.string().meta({ description: "A short summary of the kind of error, in English; the same for every error of a type." }),
    status: z.int().min(400).max(599).meta({ description: "The HTTP status code, repeated." }),
    detail: z.string().meta({ description: "What went wrong with this request, in English." }),
    instance: z.string().meta({ description: "The path and query of the request that failed." }),
    invalidParams: z
      .array(invalidParamSchema)
      .min(1)
      .optional()
      .meta({ description: "For `invalid-parameter` and `town-not-found`: each parameter refused and why." }),
  })
  .meta({ id: "Problem", description: "An error, as RFC 9457 problem details." });

export type Problem = z.output<typeof problemSchema>;
export type InvalidParam = z.output<typeof invalidParamSchema>;

type ProblemOptions = { detail: string; invalidParams?: InvalidParam[]; headers?: Record<string, string> };

/** The problem document itself; also written by the response cache during an outage (server/public-cache/outage.ts). */
export function problemBody(name: ProblemName, detail: string, instance: string, invalidParams?: InvalidParam[]): Problem {
  const { status, title } = PROBLEM_TYPES[name];
  const body: Problem = { type: problemType(name), title, status, detail, instance };
  if (invalidParams?.length) body.invalidParams = invalidParams;
  return body;
}

/** An error answer: problem+json, CORS-readable, never stored by any cache. */
export function problemResponse(request: Request, name: ProblemName, { detail, invalidParams, headers }: ProblemOptions): Response {
  const { status } = PROBLEM_TYPES[name];
  const url = new URL(request.url);
  const body = problemBody(name, detail, url.pathname + url.search, invalidParams);
  const answer = new Headers({
    ...CORS_HEADERS,
    ...headers,
    "Content-Type": PROBLEM_CONTENT_TYPE,
    "Cache-Control": "no-store",
    "Content-Language": "en",
    "X-Content-Type-Options": "nosniff",
  });
  return new Response(request.method === "HEAD" ? null : JSON.stringify(body), { status, headers: answer });
}

export { PUBLIC_API_METHODS };

/** 405 for a method the address does not take (a route handler exports only GET and OPTIONS). */
export function methodNotAllowed(request: Request): Response {
  return problemResponse(request, "method-not-allowed", {
    detail: `${request.method} is not answered here; the public API and feeds are read-only (${PUBLIC_API_METHODS}).`,
    headers: { Allow: PUBLIC_API_METHODS },
  });
}

/**
 * Runs an API handler; a database that does not answer yields a 503 problem with no-store and
 * Retry-After (never a cached error), whatever the handler was doing.
 */
export async function withApiErrors(request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    console.error("public API request failed", error);
    return problemResponse(request, "unavailable", { detail: "The data could not be read just now; try again shortly.", headers: { "Retry-After": "30" } });
  }
}

/** What a read-only API route exports besides GET and OPTIONS, so every other method gets a 405 problem. */
export const READ_ONLY = { POST: methodNotAllowed, PUT: methodNotAllowed, PATCH: methodNotAllowed, DELETE: methodNotAllowed } as const;

/**
 * The handlers of a catch-all address that no route answers: every method gets a problem+json 404
 * with `detail`, which a client can read (Next's own 404 is an HTML page).
 */
export function notFoundProblemRoute(detail: string) {
  const notFound = (request: Request): Response => problemResponse(request, "not-found", { detail });
  return { GET: notFound, POST: notFound, PUT: notFound, PATCH: notFound, DELETE: notFound, OPTIONS: notFound } as const;
}

/** 404 for a `town` parameter naming no town. */
export function townNotFound(request: Request, slug: string): Response {
  return problemResponse(request, "town-not-found", {
    detail: `There is no town "${slug}"; /api/v1/towns lists the towns with routes.`,
    invalidParams: [{ name: "town", reason: "no town has this slug" }],
  });
}
