import { hasLocale } from "next-intl";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { getPublicTown, listSearchableTowns } from "@/db/public/towns";
import type { PublicTown } from "@/db/public/types";
import { createTransportRequest } from "@/db/queries/transport-requests";
import { RefusedWriteError } from "@/db/queries/write-errors";
import { isDatabaseUnavailable } from "@/db/unavailable";
import { routing, type Locale } from "@/i18n/routing";
import type { FieldError } from "@/lib/forms/form-state";
import { formDataToObject } from "@/lib/forms/form-data";
import { requestFacts } from "@/lib/forms/request-facts";
import { fieldErrorsOf } from "@/lib/forms/zod-fields";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "@/lib/slug";
import { MAX_QUERY_LENGTH, pickTown } from "@/lib/town-search";
import { liteNotFoundResponse } from "@/server/lite/respond";
import { defaultTransportFormValues, fieldErrorText, renderTransportRequestForm, renderTransportRequestSent, transportFormUnavailableText, type TransportFormTown, type TransportFormValues } from "@/server/lite/transport-request";
import { revalidatePublicPages } from "@/server/revalidate-public";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { sealTransportRequestPersonal } from "@/server/transport-requests/personal";
import { webRequestLimiter } from "@/server/transport-requests/web-limits";
import { addressLimit, errorsByField, formFields, formResponse, isCrossSitePost, typedValues } from "./respond";
import { residentRequestSchema } from "./schemas";

// /{locale}/transport: a resident asks for transport. A plain HTML form posted to this route
// handler, not a server action: residents' pages carry no Next runtime, and the form must work
// with scripts off on any phone. GET shows the form (?town=<slug>, as a town page links, fixes
// the town; without it the resident types the town's name, never picks from every town); POST
// validates, limits, seals and stores, then answers with the reference code, or with the form
// and a message beside each wrong field (nothing stored). Nothing here is ever cached.

export const dynamic = "force-dynamic";

/** At most this many towns offered for a name several towns share. */
const TOWN_CHOICES_MAX = 8;

type Params = { params: Promise<{ locale: string }> };

/** What the form's town comes to: the town, or the message beside the field and the few towns a typed name may mean. */
type TownResolution = { town: PublicTown; error: null; choices: [] } | { town: null; error: FieldError; choices: PublicTown[] };

/**
 * The town of a post: the slug it carries (fixed from the town page's link, or a choice the
 * resident ticked), else the name typed, by the town search. A name that may mean several towns
 * is never guessed: they come back as choices, and nothing is stored until one is chosen.
 */
async function resolveTown(db: Db, form: FormData): Promise<TownResolution> {
  const change = changedTownName(form);
  const slug = change === "" ? String(form.get("town") ?? "").trim() : "";
  const name = (change || String(form.get("townName") ?? "").trim()).slice(0, MAX_QUERY_LENGTH);
  if (slug !== "") {
    const town = slug.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(slug) ? await getPublicTown(db, { slug }) : null;
    if (town) return { town, error: null, choices: [] };
    if (name === "") return { town: null, error: { code: "unknownTown" }, choices: [] };
  }
  if (name === "") return { town: null, error: { code: "townRequired" }, choices: [] };
  const pick = pickTown(await listSearchableTowns(db), name, TOWN_CHOICES_MAX);
  if (pick.kind === "one") return { town: pick.town, error: null, choices: [] };
  if (pick.kind === "several") return { town: null, error: { code: "chooseTown" }, choices: pick.towns };
  return { town: null, error: { code: "townNotFound", values: { query: name } }, choices: [] };
}

/** The other town typed under "Change the town" beside a fixed one: it replaces that town. */
function changedTownName(form: FormData): string {
  return String(form.get("townChange") ?? "").trim().slice(0, MAX_QUERY_LENGTH);
}

/**
 * What was typed, as the form shows it again: another town typed under "Change the town" is the
 * town's name from now on (the fixed town is gone unless that name finds it again).
 */
function shownValues(form: FormData): TransportFormValues {
  const { townChange: _change, ...values } = typedValues(form);
  const change = changedTownName(form);
  return change === "" ? values : { ...values, town: "", townName: change };
}

type FormPage = { town?: TransportFormTown | null; townChoices?: TransportFormTown[]; formError?: string | null; headers?: Record<string, string> };

function formPage(locale: Locale, values: TransportFormValues, errors: Record<string, FieldError>, status: number, { town = null, townChoices = [], formError = null, headers = {} }: FormPage = {}): Response {
  return formResponse(renderTransportRequestForm({ locale, town, townChoices, values, errors, formError }), status, locale, headers);
}

/** The town a post carried, when it cannot be looked up: named by its slug. */
function townBySlugAlone(values: TransportFormValues): TransportFormTown | null {
  const slug = typeof values.town === "string" ? values.town.trim() : "";
  return slug && slug.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(slug) ? { slug, nameUk: slug, nameRu: slug, nameEn: slug } : null;
}

function unavailable(locale: Locale, values: TransportFormValues): Response {
  // No town can be looked up either: a town already fixed stays, named by its slug; a typed name stays typed.
  return formPage(locale, values, {}, 503, { town: townBySlugAlone(values), formError: transportFormUnavailableText(locale), headers: { "Retry-After": "60" } });
}

export async function GET(request: Request, { params }: Params): Promise<Response> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return liteNotFoundResponse(routing.defaultLocale);
  const slug = new URL(request.url).searchParams.get("town");
  const values = defaultTransportFormValues(locale, null);
  if (!slug || slug.length > SLUG_MAX_LENGTH || !SLUG_PATTERN.test(slug)) return formPage(locale, values, {}, 200);
  try {
    // A link's town that is no town (renamed, mistyped) leaves the name to be typed.
    const town = await getPublicTown(await getDb(), { slug });
    return formPage(locale, { ...values, town: town?.slug ?? "" }, {}, 200, { town });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable(locale, { ...values, town: slug });
    throw error;
  }
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return liteNotFoundResponse(routing.defaultLocale);
  if (isCrossSitePost(request)) return new Response("Forbidden: a request for transport is sent from this site's own form.\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const form = await formFields(request);
  if (!form) return new Response("Bad request: send the form's fields.\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const values = shownValues(form);
  try {
    const minutes = await addressLimit(request);
    if (minutes !== null) {
      // Refused before anything is read: a fixed town stays, named by its slug.
      return formPage(locale, values, {}, 429, { town: townBySlugAlone(values), formError: fieldErrorText(locale, { code: "tooManyFromHere", values: { minutes } }), headers: { "Retry-After": String(minutes * 60) } });
    }

    const db = await getDb();
    const resolved = await resolveTown(db, form);
    const town = resolved.town;
    const townValues = { ...values, town: town?.slug ?? "" };
    const page = (errors: Record<string, FieldError>, status: number) => formPage(locale, townValues, errors, status, { town, townChoices: resolved.choices });
    const parsed = residentRequestSchema.safeParse({ ...formDataToObject(form), town: town?.slug ?? "" });
    if (!parsed.success || resolved.error) {
      const errors = parsed.success ? {} : errorsByField(fieldErrorsOf(parsed.error));
      return page(resolved.error ? { ...errors, town: resolved.error } : errors, 422);
    }
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
      if (wait !== null) return page({ phone: { code: "tooManyFromHere", values: { minutes: Math.max(1, Math.ceil(wait / 60_000)) } } }, 429);
    }

    const { referenceCode } = await createTransportRequest(db, null, {
      channel: "web",
      // The consent was shown in the page's language, whatever language they want to be told in.
      facts: requestFacts(input, { townSlug: input.town, consentLocale: locale }),
      sealed,
    });
    // The town's count changed: this instance's copies go now, the others' within a second.
    revalidatePublicPages();
    return formResponse(renderTransportRequestSent({ locale, referenceCode, townSlug: input.town }), 200, locale);
  } catch (error) {
    if (error instanceof RefusedWriteError) return formPage(locale, { ...values, town: "" }, { [error.field === "town" ? "town" : "phone"]: error.error }, 422);
    if (isDatabaseUnavailable(error)) return unavailable(locale, values);
    throw error;
  }
}
