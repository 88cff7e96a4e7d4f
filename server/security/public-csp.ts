import crypto from "node:crypto";

// The Content-Security-Policy of a public page is the same for every visitor, so that any HTTP
// cache may keep the page (docs/nginx.md): no nonce, which would have to be a secret per
// response. Instead, once the page's HTML is complete, each inline <script> and <style> it holds
// is allowed by its SHA-256 (CSP Level 2 hash sources). Markup injected into the page (a write
// that slipped past escaping) is not among those hashes, so it cannot run; the hashes are of the
// final HTML, whatever a step before this one removed or added, zero elements or many
// (server/public-cache/finish.ts runs it after the islands step and gives them to pageCsp).
// Loaded by scripts/serve.ts before Next (no `server-only`, no next/*).

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
