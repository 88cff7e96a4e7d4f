import "server-only";
import { getPublicUrl } from "@/env";
import type { Locale } from "@/i18n/routing";
import type { FieldError } from "@/lib/forms/form-state";
import { recordedClientAddress } from "@/server/client-address";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { webRequestLimiter } from "@/server/transport-requests/web-limits";

// What the residents' transport form and its withdrawal form share: how they answer, and the
// checks every post passes before anything is read or written.

/**
 * Every answer of these forms: never stored by any cache, ours (only GET and HEAD of shared
 * addresses are; lib/addresses.ts gives these none), nginx's ($corridor_private) or the browser's.
 * A form sent back carries what the resident typed; a sent one, the reference code. Not indexed,
 * and no Referer to another site (the page may be reached from a town's page with its slug).
 */
export function formResponse(body: string, status: number, locale: Locale, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Language": locale,
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
      ...headers,
    },
  });
}

/**
 * A post another site's page made (a hidden form submitting on a visitor's behalf): refused, so
 * nobody can file or withdraw requests from someone else's browser and connection. Browsers too
 * old to send Sec-Fetch-Site still send Origin with a post: one naming another host is refused as
 * well. `Origin: null` is let through: a browser sends it for a post from a page whose policy is
 * no-referrer, as these forms' own answers are. With neither header the rate limits still hold.
 */
export function isCrossSitePost(request: Request): boolean {
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (origin === null || origin === "null") return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true; // not an origin any browser sends
  }
  return !ownHosts(request).has(host);
}

/** The names this site is reached by for this request: its own address, the client's Host, a proxy's, the configured one. */
function ownHosts(request: Request): Set<string> {
  const hosts = new Set([new URL(request.url).host]);
  for (const name of ["host", "x-forwarded-host"]) {
    const value = request.headers.get(name)?.split(",")[0]?.trim();
    if (value) hosts.add(value);
  }
  const publicUrl = getPublicUrl();
  if (publicUrl) hosts.add(new URL(publicUrl).host);
  return hosts;
}

/** Takes one post from this client address; null when allowed, else the minutes to wait. */
export async function addressLimit(request: Request): Promise<number | null> {
  const address = recordedClientAddress(request.headers) ?? "unknown";
  const wait = await webRequestLimiter().takeAddress(getTransportRequestKeys().hash("client address", address));
  return wait === null ? null : Math.max(1, Math.ceil(wait / 60_000));
}

/** The form's fields as sent, or null when the body is no form (a script posting JSON). */
export async function formFields(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/** Each error under its form field ("medicalNeeds.0" is the medical needs' fieldset), the first one kept. */
export function errorsByField(errors: Record<string, FieldError>): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  for (const [path, error] of Object.entries(errors)) out[path.split(".")[0]!] ??= error;
  return out;
}

/** What was typed, to put back in the form: repeated checkboxes ("medicalNeeds[]") as a list under their name. */
export function typedValues(form: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    if (key.endsWith("[]")) {
      const name = key.slice(0, -2);
      values[name] = [...[values[name] ?? []].flat(), value];
    } else values[key] ??= value;
  }
  return values;
}
