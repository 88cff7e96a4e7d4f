import { problemResponse } from "@/server/http/problem";

export const dynamic = "force-dynamic";

// Any /feeds address no feed answers (/feeds itself included): a problem+json 404, as for the
// API, rather than Next's HTML page, which a feed reader or CAP aggregator cannot read.
function notFound(request: Request): Response {
  return problemResponse(request, "not-found", { detail: "No such feed; the feeds are /feeds/status.atom, /feeds/cap.atom and the CAP alerts it links." });
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
