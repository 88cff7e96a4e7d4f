import { problemResponse } from "@/server/http/problem";

export const dynamic = "force-dynamic";

// Any /api address no route answers (/api and /api/v1 themselves included): a problem+json 404 a client can
// read (not Next's HTML page), whatever the method.
function notFound(request: Request): Response {
  return problemResponse(request, "not-found", { detail: "No such address in the public API; /api/v1/openapi.json lists them." });
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
