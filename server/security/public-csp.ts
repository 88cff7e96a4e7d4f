import crypto from "node:crypto";
import type http from "node:http";
import { NEXT_CHANGE_HEADER, nextChangeInHtml } from "@/lib/next-change";
import { HASHED_CSP_REQUEST_HEADER } from "./headers";

export { NEXT_CHANGE_HEADER };

// The Content-Security-Policy of a public page is the same for every visitor, so that any HTTP
// cache may keep the page (docs/nginx.md): no nonce, which would have to be a secret per
// response. Instead, once the page's HTML is complete, each inline <script> and <style> it holds
// is allowed by its SHA-256 (CSP Level 2 hash sources). Markup injected into the page (a write
// that slipped past escaping) is not among those hashes, so it cannot run; the hashes are of the
// final HTML, whatever a later step before this one removed or added, zero elements or many.
// Loaded by scripts/serve.ts before Next (no `server-only`, no next/*).

/** What the response cache captured from Next. */
type Rendered = { status: number; headers: Record<string, string | string[]>; body: Buffer };


const sha256 = (text: string) => `'sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}'`;

/**
 * The hash sources of the HTML's inline scripts and styles: of each element's text exactly as
 * written (script and style content is raw text in HTML, so the browser hashes these same bytes).
 * A <script src> is external ('self' covers it) and its content is ignored by the browser.
 */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  // Raw text ends at the first "</script" / "</style" (React escapes "<" inside what it inlines).
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script/gi)) {
    if (!/(^|\s)src\s*=/i.test(match[1]!)) scripts.add(sha256(match[2]!));
  }
  for (const match of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style/gi)) styles.add(sha256(match[1]!));
  return { scripts: [...scripts], styles: [...styles] };
}

/**
 * The policy with the HTML's hashes added to script-src and style-src. A policy with a nonce is
 * returned unchanged: its page was rendered for one response (staff pages, sign-in).
 */
export function withInlineHashes(csp: string, html: string): string {
  if (/'nonce-/.test(csp)) return csp;
  const { scripts, styles } = inlineHashes(html);
  return csp
    .split(";")
    .map((directive) => {
      const name = directive.trim().split(/\s+/)[0];
      const added = name === "script-src" ? scripts : name === "style-src" ? styles : [];
      return added.length === 0 ? directive.trim() : `${directive.trim()} ${added.join(" ")}`;
    })
    .join("; ");
}

/**
 * Renders a page the cache will share: asks proxy.ts for the nonce-free policy (by a request
 * header of the server's own, replaced on every render), then sets the final policy with the hashes
 * of the finished HTML and passes the page's next time-based change on in NEXT_CHANGE_HEADER.
 * Anything else (JSON, feeds, the lite pages' no-script policy, a nonce policy) passes unchanged.
 */
export async function renderWithPublicCsp<R extends Rendered | "aborted">(req: http.IncomingMessage, render: () => Promise<R>): Promise<R> {
  req.headers[HASHED_CSP_REQUEST_HEADER] = "1";
  const rendered = await render().finally(() => delete req.headers[HASHED_CSP_REQUEST_HEADER]);
  if (rendered === "aborted") return rendered;
  // The route handlers' own instant (server/http/public-response.ts, server/lite), if it parses;
  // a page's markup may only bring it forward: an earlier instant can only make copies expire sooner.
  const fromHandler = nextChangeOf(rendered.headers);
  delete rendered.headers[NEXT_CHANGE_HEADER];
  if (fromHandler !== null) rendered.headers[NEXT_CHANGE_HEADER] = new Date(fromHandler).toISOString();
  if (!String(rendered.headers["content-type"] ?? "").startsWith("text/html")) return rendered;
  const html = rendered.body.toString("utf8");
  const csp = rendered.headers["content-security-policy"];
  if (typeof csp === "string") rendered.headers["content-security-policy"] = withInlineHashes(csp, html);
  const fromMarkup = nextChangeInHtml(html);
  const nextChange = fromMarkup === null ? fromHandler : fromHandler === null ? fromMarkup : Math.min(fromMarkup, fromHandler);
  if (nextChange !== null) rendered.headers[NEXT_CHANGE_HEADER] = new Date(nextChange).toISOString();
  // A validator, so that a cache in front (nginx's proxy_cache_revalidate) and browsers get a 304
  // instead of the page again while it is unchanged. Weak: the same page is sent gzipped or not.
  // Of the body only: the policy is derived from the body, and the Cache-Control changes with age.
  if (rendered.status === 200 && rendered.headers["etag"] === undefined) {
    rendered.headers["etag"] = `W/"${crypto.createHash("sha256").update(rendered.body).digest("base64url").slice(0, 32)}"`;
  }
  return rendered;
}

/** The page's next time-based change (ms), as renderWithPublicCsp recorded it; null if none. */
export function nextChangeOf(headers: Record<string, string | string[]>): number | null {
  const value = headers[NEXT_CHANGE_HEADER];
  const at = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? at : null;
}
