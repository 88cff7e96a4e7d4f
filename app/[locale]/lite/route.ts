import { otherMethods } from "@/server/http/methods";
import { hasLocale } from "next-intl";
import { routing } from "@/i18n/routing";
import { liteHomeResponse, liteNotFoundResponse } from "@/server/lite/respond";

// /uk/lite, /ru/lite, /en/lite: the lite board in that language (server/lite/render.ts).
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ locale: string }> }): Promise<Response> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return liteNotFoundResponse(routing.defaultLocale);
  // ?q= is the town search; the response cache keys on the query string.
  return liteHomeResponse(locale, {}, new URL(request.url).searchParams.get("q") ?? "");
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "plain");
