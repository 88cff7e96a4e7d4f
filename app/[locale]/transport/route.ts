import { hasLocale } from "next-intl";
import { getDb } from "@/db";
import { listSearchableTowns } from "@/db/public/towns";
import { createTransportRequest } from "@/db/queries/transport-requests";
import { RefusedWriteError } from "@/db/queries/write-errors";
import { isDatabaseUnavailable } from "@/db/unavailable";
import { routing, type Locale } from "@/i18n/routing";
import type { FieldError } from "@/lib/forms/form-state";
import { formDataToObject } from "@/lib/forms/form-data";
import { requestFacts } from "@/lib/forms/request-facts";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "@/lib/slug";
import { liteNotFoundResponse } from "@/server/lite/respond";
import { defaultTransportFormValues, fieldErrorText, renderTransportRequestForm, renderTransportRequestSent, transportFormUnavailableText, type TransportFormValues } from "@/server/lite/transport-request";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { sealTransportRequestPersonal } from "@/server/transport-requests/personal";
import { webRequestLimiter } from "@/server/transport-requests/web-limits";
import { addressLimit, errorsByField, formFields, formResponse, isCrossSitePost, typedValues } from "./respond";
import { residentRequestSchema } from "./schemas";

// /{locale}/transport: a resident asks for transport. A plain HTML form posted to this route
// handler, not a server action: residents' pages carry no Next runtime, and the form must work
// with scripts off on any phone. GET shows the form (?town=<slug> chooses the town); POST
// validates, limits, seals and stores, then answers with the reference code, or with the form
// and a message beside each wrong field (nothing stored). Nothing here is ever cached.

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ locale: string }> };

async function formPage(locale: Locale, values: TransportFormValues, errors: Record<string, FieldError>, status: number, formError: string | null = null, headers: Record<string, string> = {}): Promise<Response> {
  const towns = await listSearchableTowns(await getDb());
  return formResponse(renderTransportRequestForm({ locale, towns, values, errors, formError }), status, locale, headers);
}

function unavailable(locale: Locale, values: TransportFormValues): Response {
  // The towns cannot be listed either: the form comes back with what was typed and the chosen town only.
  const town = typeof values.town === "string" ? values.town : "";
  const towns = town ? [{ slug: town, nameUk: town, nameRu: town, nameEn: town }] : [];
  return formResponse(renderTransportRequestForm({ locale, towns, values, errors: {}, formError: transportFormUnavailableText(locale) }), 503, locale, { "Retry-After": "60" });
}

export async function GET(request: Request, { params }: Params): Promise<Response> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return liteNotFoundResponse(routing.defaultLocale);
  const town = new URL(request.url).searchParams.get("town");
  const slug = town && town.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(town) ? town : null;
  try {
    return await formPage(locale, defaultTransportFormValues(locale, slug), {}, 200);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable(locale, defaultTransportFormValues(locale, slug));
    throw error;
  }
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return liteNotFoundResponse(routing.defaultLocale);
  if (isCrossSitePost(request)) return new Response("Forbidden: a request for transport is sent from this site's own form.\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const form = await formFields(request);
  if (!form) return new Response("Bad request: send the form's fields.\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const values = typedValues(form);
  try {
    const minutes = await addressLimit(request);
    if (minutes !== null) return await formPage(locale, values, {}, 429, fieldErrorText(locale, { code: "tooManyFromHere", values: { minutes } }), { "Retry-After": String(minutes * 60) });

    const parsed = residentRequestSchema.safeParse(formDataToObject(form));
    if (!parsed.success) return await formPage(locale, values, errorsByField(fieldErrorsOf(parsed.error)), 422);
    const input = parsed.data;

    const keys = getTransportRequestKeys();
    const sealed = sealTransportRequestPersonal(keys, {
      name: input.name,
      phone: input.phone,
      telegram: input.telegram,
      address: input.address,
      point: input.lat !== null && input.lon !== null ? { lat: input.lat, lon: input.lon } : null,
      medicalNote: input.medicalNote,
      noContactReason: "",
    });
    for (const contact of [sealed.phoneHash, sealed.telegramHash]) {
      if (contact === null) continue;
      const wait = await webRequestLimiter().takeContact(contact);
      if (wait !== null) return await formPage(locale, values, { phone: { code: "tooManyFromHere", values: { minutes: Math.max(1, Math.ceil(wait / 60_000)) } } }, 429);
    }

    const { referenceCode } = await createTransportRequest(await getDb(), null, {
      // The consent was shown in the page's language, whatever language they want to be told in.
      facts: requestFacts(input, { townSlug: input.town, consentLocale: locale }),
      sealed,
    });
    // The town's count changed: this instance's copies go now, the others' within a second.
    revalidatePublicPages();
    return formResponse(renderTransportRequestSent({ locale, referenceCode, townSlug: input.town }), 200, locale);
  } catch (error) {
    if (error instanceof RefusedWriteError) return formPage(locale, values, { [error.field === "town" ? "town" : "phone"]: error.error }, 422);
    if (isDatabaseUnavailable(error)) return unavailable(locale, values);
    throw error;
  }
}
