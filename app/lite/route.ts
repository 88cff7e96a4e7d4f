import { otherMethods } from "@/server/http/methods";
import { localeFromAcceptLanguage } from "@/lib/lite/locale";
import { liteHomeResponse } from "@/server/lite/respond";

// The lite board without a language prefix: the language comes from Accept-Language (default
// Ukrainian), with no redirect. Plain HTML, no JavaScript (server/lite/render.ts).
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return liteHomeResponse(localeFromAcceptLanguage(request.headers.get("accept-language")), { negotiated: true }, new URL(request.url).searchParams.get("q") ?? "");
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "plain");
