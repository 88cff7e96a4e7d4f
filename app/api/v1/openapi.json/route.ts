import { READ_ONLY } from "@/server/http/problem";
import { publicJson, publicOptions } from "@/server/http/public-response";
import { parseQuery } from "@/server/http/query";
import { openApiDocument } from "../openapi";
import { openApiQuery } from "../schemas";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 description of /api/v1, generated from the schemas the handlers use. */
export async function GET(request: Request) {
  const query = parseQuery(request, openApiQuery);
  if (!query.ok) return query.response;
  return publicJson(request, openApiDocument);
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
