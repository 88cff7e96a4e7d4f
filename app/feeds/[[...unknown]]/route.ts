import { notFoundProblemRoute } from "@/server/http/problem";

export const dynamic = "force-dynamic";

// Any /feeds address no feed answers (/feeds itself included), whatever the method: a feed reader
// or CAP aggregator gets a problem it can read, as from the API.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = notFoundProblemRoute("No such feed; the feeds are /feeds/status.atom, /feeds/cap.atom and the CAP alerts it links.");
