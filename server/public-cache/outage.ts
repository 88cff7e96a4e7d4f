import fs from "node:fs";
import path from "node:path";

// What the public sees when the database cannot be read: the last answer marked with its time, or
// a plain "temporarily unavailable" page. Written by the server in front of Next (no React
// rendering is possible without data), in the visitor's language, with the site's own messages.

const LOCALES = ["uk", "ru", "en"] as const;
type Locale = (typeof LOCALES)[number];
type OutageText = { staleNotice: string; unavailableTitle: string; unavailableBody: string; unavailableApi: string };

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
  if (/^\/(api|feeds)\//.test(pathname)) return "en";
  const first = pathname.split("/")[1];
  return (LOCALES as readonly string[]).includes(first ?? "") ? (first as Locale) : "uk";
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

/** The answer when there is nothing to fall back on: a 503 in the visitor's language, never a stack trace. */
export function unavailableAnswer(pathname: string): { type: string; body: string } {
  const locale = localeOfPath(pathname);
  const text = textOf(locale);
  if (pathname.startsWith("/api/")) return { type: "application/json; charset=utf-8", body: JSON.stringify({ error: text.unavailableApi }) };
  if (pathname.startsWith("/feeds/")) return { type: "text/plain; charset=utf-8", body: text.unavailableApi };
  return {
    type: "text/html; charset=utf-8",
    body: `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(text.unavailableTitle)} · Corridor</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem"><main><h1>${escapeHtml(text.unavailableTitle)}</h1><p>${escapeHtml(text.unavailableBody)}</p></main></body></html>`,
  };
}
