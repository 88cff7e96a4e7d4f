import { otherMethods } from "@/server/http/methods";
import { hasLocale } from "next-intl";
import { routing } from "@/i18n/routing";
import { liteNotFoundResponse, liteOblastResponse } from "@/server/lite/respond";

// /{locale}/lite/oblasts/{slug}: an oblast's towns with routes, in plain HTML (server/lite/render.ts).
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ locale: string; slug: string }> }): Promise<Response> {
  const { locale, slug } = await params;
  if (!hasLocale(routing.locales, locale)) return liteNotFoundResponse(routing.defaultLocale);
  return liteOblastResponse(locale, slug);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "plain");
