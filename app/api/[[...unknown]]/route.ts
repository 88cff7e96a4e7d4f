import { notFoundProblemRoute } from "@/server/http/problem";

export const dynamic = "force-dynamic";

// Any /api address no route answers (/api and /api/v1 themselves included), whatever the method.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = notFoundProblemRoute("No such address in the public API; /api/v1/openapi.json lists them.");
