import { otherMethods } from "@/server/http/methods";
import { localeFromAcceptLanguage } from "@/lib/lite/locale";
import { liteTownResponse } from "@/server/lite/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  return liteTownResponse(localeFromAcceptLanguage(request.headers.get("accept-language")), slug, { negotiated: true });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "plain");
