import { otherMethods } from "@/server/http/methods";
import { hasLocale } from "next-intl";
import { routing } from "@/i18n/routing";
import { liteNotFoundResponse, liteTownResponse } from "@/server/lite/respond";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ locale: string; slug: string }> },
): Promise<Response> {
  const { locale, slug } = await params;
  if (!hasLocale(routing.locales, locale)) return liteNotFoundResponse(routing.defaultLocale);
  return liteTownResponse(locale, slug);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "plain");
