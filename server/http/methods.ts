import { problemResponse } from "./problem";

// Next answers a method a route handler does not export with a bare 405, no Allow header and no
// body (RFC 9110 §15.5.6: a 405 MUST carry Allow), and its own OPTIONS lists every method the
// module exports, refusals included. A route handler that takes only some methods exports these
// instead: a 405 naming what it takes, and an OPTIONS that says the same.

/** Methods a route handler may take besides HEAD (answered by GET) and OPTIONS. */
type TakenMethod = "GET" | "POST";
const REFUSABLE = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Refusable = (typeof REFUSABLE)[number];

/** The Allow header of an address taking `taken`, in the order RFC 9110's examples use. */
export function allowOf(taken: readonly TakenMethod[]): string {
  const methods: string[] = [];
  if (taken.includes("GET")) methods.push("GET", "HEAD");
  if (taken.includes("POST")) methods.push("POST");
  methods.push("OPTIONS");
  return methods.join(", ");
}

type Handler = (request: Request) => Response;

/**
 * Handlers for every method the route does not take, and OPTIONS: spread them into the route's
 * exports. `as` is how the address's other errors look: "problem" (problem+json, for machine
 * addresses) or "plain" (a short text, for pages).
 */
export function otherMethods<T extends TakenMethod>(taken: readonly T[], as: "problem" | "plain"): Record<Exclude<Refusable, T>, Handler> & { OPTIONS: Handler } {
  const allow = allowOf(taken);
  const refuse: Handler = (request) =>
    as === "problem"
      ? problemResponse(request, "method-not-allowed", { detail: `${request.method} is not answered here; this address takes ${allow}.`, headers: { Allow: allow } })
      : new Response(request.method === "HEAD" ? null : "Method not allowed.\n", {
          status: 405,
          headers: { Allow: allow, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
        });
  const handlers: Partial<Record<Refusable, Handler>> & { OPTIONS: Handler } = {
    OPTIONS: () => new Response(null, { status: 204, headers: { Allow: allow, "Cache-Control": "no-store" } }),
  };
  for (const method of REFUSABLE) if (!(taken as readonly string[]).includes(method)) handlers[method] = refuse;
  return handlers as Record<Exclude<Refusable, T>, Handler> & { OPTIONS: Handler };
}
