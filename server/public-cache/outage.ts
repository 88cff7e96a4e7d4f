import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import type { Locale } from "@/i18n/routing";
import { addressOf, isMachineAddress, languageOf } from "@/lib/addresses";
import { CORS_HEADERS } from "../http/public-response";
import { PROBLEM_CONTENT_TYPE, problemBody } from "../http/problem";
import { publicCacheHooks } from "./hooks";

// What the public sees when the database cannot be read: the last answer marked with its time, or
// a plain "temporarily unavailable" page. Written by the server in front of Next (no React
// rendering is possible without data), in the visitor's language, with the site's own messages.

type OutageText = { staleNotice: string; unavailableTitle: string; unavailableBody: string; unavailableApi: string; staffUnavailableBody: string; staffRetry: string };

const texts = new Map<Locale, OutageText>();
function textOf(locale: Locale): OutageText {
  let text = texts.get(locale);
  if (!text) {
    const messages = JSON.parse(fs.readFileSync(path.resolve("messages", `${locale}.json`), "utf8")) as { outage: OutageText };
    text = messages.outage;
    texts.set(locale, text);
  }
  return text;
}

/** The page's language from its path (/uk/…, /ru/…, /en/…); the API and feeds answer in English. */
export function localeOfPath(pathname: string): Locale {
  return languageOf(addressOf(pathname));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function kyivTime(at: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, {
    timeZone: "Europe/Kyiv",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(at));
}

/**
 * A stale HTML page with a notice at the top of its main content saying how old it is. The notice
 * is plain markup with an inline style attribute only, so it needs no script and no stylesheet.
 */
export function withStaleNotice(html: string, storedAt: number, pathname: string): string {
  const locale = localeOfPath(pathname);
  const notice = `<p role="alert" class="stale-notice" style="border:2px solid #8a1c1c;padding:.5rem .75rem;margin:.5rem 0;font-weight:600">${escapeHtml(textOf(locale).staleNotice.replace("{time}", kyivTime(storedAt, locale)))}</p>`;
  const main = /<main\b[^>]*>/.exec(html);
  if (main) return html.slice(0, main.index + main[0].length) + notice + html.slice(main.index + main[0].length);
  const body = /<body\b[^>]*>/.exec(html);
  return body ? html.slice(0, body.index + body[0].length) + notice + html.slice(body.index + body[0].length) : notice + html;
}

/**
 * The answer when there is nothing to fall back on: a 503 in the visitor's language, never a stack
 * trace. The API and feeds get the same problem document as a route handler's own 503
 * (server/http/problem.ts), readable cross-origin.
 */
export function unavailableAnswer(pathname: string): { type: string; body: string; headers: Record<string, string> } {
  const address = addressOf(pathname);
  const locale = languageOf(address);
  const text = textOf(locale);
  if (isMachineAddress(address)) {
    return { type: PROBLEM_CONTENT_TYPE, body: JSON.stringify(problemBody("unavailable", text.unavailableApi, pathname)), headers: { ...CORS_HEADERS, "content-language": "en" } };
  }
  return {
    headers: {},
    type: "text/html; charset=utf-8",
    body: `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(text.unavailableTitle)} · Corridor</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem"><main><h1>${escapeHtml(text.unavailableTitle)}</h1><p>${escapeHtml(text.unavailableBody)}</p></main></body></html>`,
  };
}

/** Whether this instance's circuit breaker says the database is down (db/circuit-breaker.ts, through the hooks). */
export function databaseUnavailable(): boolean {
  return publicCacheHooks().database?.isUnavailable() ?? false;
}

/** Calls `listener` when the breaker opens; returns the unsubscribe. A no-op before the app registered. */
export function onDatabaseUnavailable(listener: () => void): () => void {
  return publicCacheHooks().database?.onUnavailable(listener) ?? (() => {});
}

/**
 * A staff page (coordinators' workspace, admin) loaded in the browser: a GET or HEAD of the HTML
 * document, not a client-side navigation's RSC payload (those show the app's error boundary) and
 * not a server action (those answer with form state: "nothing was saved", the input kept).
 */
export function isStaffDocumentRequest(req: Pick<http.IncomingMessage, "method" | "url" | "headers">): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const url = new URL(req.url ?? "/", "http://x");
  if (addressOf(url.pathname).kind !== "staff-page") return false;
  return !(req.headers["rsc"] || req.headers["next-router-state-tree"] || req.headers["next-router-prefetch"] || req.headers["next-action"] || url.searchParams.has("_rsc"));
}

/**
 * Requests the public cache does not answer go to Next; a staff page during a database outage
 * gets a 503 "temporarily unavailable, nothing was saved" page in its own language instead,
 * written here in the server HTML. Next's own answer would be an HTTP 500 whose server HTML is
 * blank (the error boundary is a client component). Nothing of a staff page is kept to show
 * instead: it holds internal data, and while the database is down the account behind a session
 * cannot be checked (a disabled account loses access at its next request, docs/staff.md, "Accounts").
 */
export async function answerStaffOrPass(
  next: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  if (!isStaffDocumentRequest(req)) return next(req, res);
  if (databaseUnavailable()) return sendStaffUnavailable(req, res, res.writeHead, res.end);
  // The breaker may open during this very render (its first query met the outage): Next then
  // answers 500. That status is known before any byte of the body, so the page is swapped for
  // the 503 page then; any other answer (a 200, a redirect, a 500 from a bug) passes untouched.
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  let replaced = false;
  res.writeHead = function (this: http.ServerResponse, code: number, ...rest: unknown[]) {
    if (replaced) return this;
    if (code >= 500 && databaseUnavailable()) {
      replaced = true;
      sendStaffUnavailable(req, this, original.writeHead, original.end);
      return this;
    }
    return (original.writeHead as (...args: unknown[]) => http.ServerResponse).call(this, code, ...rest);
  } as typeof res.writeHead;
  res.write = function (this: http.ServerResponse, ...args: unknown[]) {
    if (replaced) return true;
    return (original.write as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof res.write;
  res.end = function (this: http.ServerResponse, ...args: unknown[]) {
    if (replaced) return this;
    return (original.end as (...a: unknown[]) => http.ServerResponse).apply(this, args);
  } as typeof res.end;
  return next(req, res);
}

function sendStaffUnavailable(req: http.IncomingMessage, res: http.ServerResponse, writeHead: http.ServerResponse["writeHead"], end: http.ServerResponse["end"]): void {
  const pathname = new URL(req.url ?? "/", "http://x").pathname;
  const { type, body } = staffUnavailableAnswer(pathname);
  // Whatever Next had set (its CSP nonce, a session cookie refresh) belongs to the page not sent.
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  writeHead.call(res, 503, {
    "content-type": type,
    "cache-control": "private, no-store",
    "retry-after": "30",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-corridor-cache": "UNAVAILABLE",
  });
  (end as (chunk?: string) => http.ServerResponse).call(res, req.method === "HEAD" ? undefined : body);
}

/** The staff pages' outage page: the same title as the public one, and what it means for their work. */
export function staffUnavailableAnswer(pathname: string): { type: string; body: string } {
  const locale = localeOfPath(pathname);
  const text = textOf(locale);
  // The link reloads the page asked for (a path on this site only; the query string is dropped).
  const again = addressOf(pathname).kind === "staff-page" ? pathname : `/${locale}/coordinate`;
  return {
    type: "text/html; charset=utf-8",
    body: `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(text.unavailableTitle)} · Corridor</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5"><main id="main" data-corridor-error=""><h1>${escapeHtml(text.unavailableTitle)}</h1><p role="alert">${escapeHtml(text.staffUnavailableBody)}</p><p><a href="${escapeHtml(again)}">${escapeHtml(text.staffRetry)}</a></p></main></body></html>`,
  };
}
