import { hasLocale } from "next-intl";
import { getDb } from "@/db";
import { withdrawTransportRequest } from "@/db/queries/transport-requests";
import { isDatabaseUnavailable } from "@/db/unavailable";
import { routing } from "@/i18n/routing";
import { formDataToObject } from "@/lib/forms/form-data";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { liteNotFoundResponse } from "@/server/lite/respond";
import { fieldErrorText, renderTransportWithdrawal, transportFormUnavailableText } from "@/server/lite/transport-request";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { addressLimit, formFields, formResponse, isCrossSitePost } from "../respond";
import { withdrawalSchema } from "../schemas";

// /{locale}/transport/withdraw: the requester withdraws with their reference code, and their
// personal details go at once (withdrawTransportRequest). The code is the only key, so every post
// counts against the client address's limit: guessing codes is hopeless at that rate.

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ locale: string }> };

export async function GET(_request: Request, { params }: Params): Promise<Response> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return liteNotFoundResponse(routing.defaultLocale);
  return formResponse(renderTransportWithdrawal({ locale, code: "" }), 200, locale);
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return liteNotFoundResponse(routing.defaultLocale);
  if (isCrossSitePost(request)) return new Response("Forbidden: a withdrawal is sent from this site's own form.\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const form = await formFields(request);
  if (!form) return new Response("Bad request: send the form's fields.\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const typed = typeof form.get("code") === "string" ? String(form.get("code")).slice(0, 40) : "";
  try {
    const minutes = await addressLimit(request);
    if (minutes !== null) {
      return formResponse(renderTransportWithdrawal({ locale, code: typed, formError: fieldErrorText(locale, { code: "tooManyFromHere", values: { minutes } }) }), 429, locale, { "Retry-After": String(minutes * 60) });
    }
    const parsed = withdrawalSchema.safeParse(formDataToObject(form));
    if (!parsed.success) return formResponse(renderTransportWithdrawal({ locale, code: typed, error: fieldErrorsOf(parsed.error).code ?? { code: "invalidReferenceCode" } }), 422, locale);
    const found = await withdrawTransportRequest(await getDb(), { referenceCode: parsed.data.code });
    if (!found) return formResponse(renderTransportWithdrawal({ locale, code: typed, error: { code: "unknownReferenceCode" } }), 422, locale);
    revalidatePublicPages();
    return formResponse(renderTransportWithdrawal({ locale, code: "", withdrawn: parsed.data.code }), 200, locale);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return formResponse(renderTransportWithdrawal({ locale, code: typed, formError: transportFormUnavailableText(locale) }), 503, locale, { "Retry-After": "60" });
    throw error;
  }
}
