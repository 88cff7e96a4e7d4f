import { problemNamed, problemResponse, READ_ONLY } from "@/server/http/problem";
import { publicOptions } from "@/server/http/public-response";

export const dynamic = "force-dynamic";

/**
 * A problem type's URI, dereferenced: RFC 9457 says it should lead to documentation, so it sends
 * the reader to that type's section of the partners' API page.
 */
export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const name = problemNamed((await params).name);
  if (!name) return problemResponse(request, "not-found", { detail: "No such problem type; the partners' page /en/api lists them." });
  return new Response(null, {
    status: 302,
    headers: { Location: `/en/api#problem-${name}`, "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" },
  });
}

export const OPTIONS = publicOptions;
export const { POST, PUT, PATCH, DELETE } = READ_ONLY;
