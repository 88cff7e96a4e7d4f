import "server-only";
import { getDb } from "@/db";
import { getNextNoticeChange } from "@/db/public/next-change";
import type { Db } from "@/db/client";
import type { PublicRouteView } from "@/db/public/types";
import { nextTimeBasedChange } from "@/lib/next-change";
import { PUBLIC_MAX_AGE_SECONDS, setNextChange } from "@/server/http/public-response";
import { liteHomeData, liteOblastData, liteTownData } from "./data";
import type { Locale } from "@/i18n/routing";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "@/lib/slug";
import { renderLiteHome, renderLiteNotFound, renderLiteOblast, renderLiteTown, type LiteTownData } from "@/server/lite/render";

// Responses of the lite route handlers (app/lite/**, app/[locale]/lite/**).

type Options = {
  /** The language came from Accept-Language (unprefixed URL): caches must key on it. */
  negotiated?: boolean;
};

function htmlResponse(body: string, status: number, locale: Locale, { negotiated }: Options, nextChange: Date | null = null): Response {
  const headers = new Headers({
    "Content-Type": "text/html; charset=utf-8",
    // Statuses change by the minute and their freshness depends on the clock (stack notes, trap 12).
    "Cache-Control": status === 200 ? `public, max-age=${PUBLIC_MAX_AGE_SECONDS}` : "public, max-age=10",
    "Content-Language": locale,
  });
  if (negotiated) headers.set("Vary", "Accept-Language");
  setNextChange(headers, nextChange);
  return new Response(body, { status, headers });
}

/** When a lite page next changes by the clock alone: as the residents' pages (components/public/next-change.tsx). */
async function liteNextChange(db: Db, now: Date, routes: readonly PublicRouteView[], { slug, instants = [] }: { slug?: string; instants?: (Date | null)[] } = {}): Promise<Date | null> {
  const noticeChange = await getNextNoticeChange(db, { now, slug });
  return nextTimeBasedChange(now, { routes, windows: routes.flatMap((route) => route.windows), instants: [noticeChange, ...instants] });
}

/**
 * The instants a town page's own facts change by the clock: a reception point's count stops being
 * repeated when its confirmation gets old, and the run counts change when a window passes or the
 * day turns; no cached copy may outlive either.
 */
export function liteTownInstants(data: Pick<LiteTownData, "receptionPoints" | "transportRuns">): (Date | null)[] {
  return [...(data.receptionPoints ?? []).map((p) => p.report.staleAt), data.transportRuns?.changesAt ?? null];
}

function unavailable(error: unknown): Response {
  console.error("lite page failed:", error);
  return new Response("Temporarily unavailable. Please try again in a minute.\n", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "30" },
  });
}

/** The lite home; `query` is the town search (?q=), "" for none. */
export async function liteHomeResponse(locale: Locale, options: Options = {}, query = ""): Promise<Response> {
  try {
    const db = await getDb();
    const now = new Date();
    const { staleAt, ...data } = await liteHomeData(db, { now, query });
    // The counts change when any route's status turns "unconfirmed"; the warnings when one starts or ends.
    return htmlResponse(renderLiteHome({ locale, ...data }), 200, locale, options, await liteNextChange(db, now, [], { instants: [staleAt] }));
  } catch (error) {
    return unavailable(error);
  }
}

export async function liteOblastResponse(locale: Locale, slug: string, options: Options = {}): Promise<Response> {
  if (slug.length > SLUG_MAX_LENGTH || !SLUG_PATTERN.test(slug)) return liteNotFoundResponse(locale, options);
  try {
    const db = await getDb();
    const now = new Date();
    const data = await liteOblastData(db, { slug, now });
    if (!data) return liteNotFoundResponse(locale, options);
    // Its towns' counts change when a status turns "unconfirmed"; its warnings when one starts or ends.
    return htmlResponse(renderLiteOblast({ locale, ...data }), 200, locale, options, await liteNextChange(db, now, [], { instants: [data.view.nextStaleAt] }));
  } catch (error) {
    return unavailable(error);
  }
}

export function liteNotFoundResponse(locale: Locale, options: Options = {}): Response {
  return htmlResponse(renderLiteNotFound(locale), 404, locale, options);
}

export async function liteTownResponse(locale: Locale, slug: string, options: Options = {}): Promise<Response> {
  // A malformed slug cannot name a town: answer without touching the database.
  if (slug.length > SLUG_MAX_LENGTH || !SLUG_PATTERN.test(slug)) return liteNotFoundResponse(locale, options);
  try {
    const db = await getDb();
    const now = new Date();
    const data = await liteTownData(db, { slug, now });
    if (!data) return liteNotFoundResponse(locale, options);
    return htmlResponse(renderLiteTown({ locale, ...data }), 200, locale, options, await liteNextChange(db, now, data.townRoutes, { slug, instants: liteTownInstants(data) }));
  } catch (error) {
    return unavailable(error);
  }
}
