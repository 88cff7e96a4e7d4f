import { otherMethods } from "@/server/http/methods";
import { z } from "zod";
import { getAccess } from "@/auth";
import { getDb } from "@/db";
import { revealRunManifest, RunManifestGoneError } from "@/db/queries/run-manifests";
import { NotFoundError } from "@/db/queries/write-errors";
import { LOCALES, routing, type Locale } from "@/i18n/routing";
import { AccessError } from "@/lib/session-user";
import { manifestTranslator, renderManifestMessage, renderRunManifest } from "@/server/run-manifest/render";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { openTransportRequestPersonal } from "@/server/transport-requests/personal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// A run's manifest for its crew: a self-contained page (server/run-manifest/render.ts) that can be
// printed or saved as a file and opened offline. Never stored by anyone but the person who saves
// it: no-store, and the service worker keeps no staff address. Another organisation's run and a
// missing one get the same 404, so the address says nothing about which runs exist; an arrived or
// cancelled run's manifest is 410.

const HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store, private",
  "X-Robots-Tag": "noindex, nofollow",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
} as const;

/** The nonce proxy.ts put in this request's copy of the CSP, for the page's inline style and script. */
function nonceOf(request: Request): string | null {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(request.headers.get("content-security-policy") ?? "")?.[1] ?? null;
}

export async function GET(request: Request, { params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale: asked, id } = await params;
  const locale: Locale = (LOCALES as readonly string[]).includes(asked) ? (asked as Locale) : routing.defaultLocale;
  const nonce = nonceOf(request);
  const t = manifestTranslator(locale);
  const message = (status: number, title: string, text: string) => new Response(renderManifestMessage({ locale, title, text, nonce }), { status, headers: HEADERS });
  const access = await getAccess("coordinator");
  if (!access.ok) return message(access.reason === "forbidden" ? 403 : 401, t("notFoundTitle"), t("signIn"));
  if (!z.uuid().safeParse(id).success) return message(404, t("notFoundTitle"), t("notFound"));
  const now = new Date();
  let manifest;
  try {
    manifest = await revealRunManifest(await getDb(), access.user, { id: id.toLowerCase(), now });
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof AccessError) return message(404, t("notFoundTitle"), t("notFound"));
    if (error instanceof RunManifestGoneError) return message(410, t("goneTitle"), t(error.status === "arrived" ? "gone_arrived" : "gone_cancelled", { reference: error.referenceCode }));
    throw error;
  }
  const keys = getTransportRequestKeys();
  const people = manifest.stops.map((stop) => ({ stop, personal: stop.personalSealed ? openTransportRequestPersonal(keys, stop.personalSealed) : null }));
  const download = new URL(request.url).searchParams.get("download") === "1";
  const body = renderRunManifest({ manifest, people, locale, now, openedBy: access.user.email, downloadHref: "?download=1", nonce: download ? null : nonce });
  return new Response(body, {
    status: 200,
    headers: download ? { ...HEADERS, "Content-Disposition": `attachment; filename="manifest-${manifest.referenceCode}.html"` } : HEADERS,
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"], "plain");
