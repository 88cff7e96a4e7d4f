// Security headers of the responses proxy.ts answers (pages). Responses proxy.ts does not see (API,
// feeds, unprefixed lite pages, static files) get theirs from next.config.js `headers()`; the
// constants there are kept equal to these by server/security/headers.test.ts.

/**
 * Largest server action post (bytes): next.config.js BODY_LIMIT, checked equal by the test. proxy.ts
 * answers a bigger declared Content-Length with 413 before Next reads it (Next's own refusal of
 * an oversized action body is a bare 500).
 */
export const ACTION_BODY_LIMIT_BYTES = 512 * 1024;

/** Two years, subdomains too: sent only when the request came over HTTPS (see requestIsHttps). */
export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * The policy of responses that run no script: the lite pages (zero-JavaScript HTML with one inline
 * <style> and, when the service worker serves a kept copy, a styled offline banner), JSON, feeds
 * and static files. connect-src 'self': a service worker is bound by the policy of its own script
 * (public/sw.js) and fetches the pages it keeps.
 */
export const NO_SCRIPT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** A fresh, unguessable nonce for one response (128 bits, base64). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The CSP source for the optional tile server (MAP_TILE_URL, an https:// URL template). A
 * `{s}` subdomain placeholder becomes a `*.` wildcard; any other placeholder in the host cannot be
 * expressed as a host source, so the images may then come from any https: origin.
 */
export function tileSource(tileUrl: string | null | undefined): string | null {
  if (!tileUrl) return null;
  const host = /^https:\/\/([^/?#]+)/i.exec(tileUrl)?.[1];
  if (!host) return null;
  const wildcard = host.replace(/^\{s\}\./, "*.");
  if (/[{}]/.test(wildcard)) return "https:";
  return `https://${wildcard.toLowerCase()}`;
}

type PageCspOptions = {
  nonce: string | null;
  tileUrl?: string | null;
  /** With no nonce: the hash sources of the final HTML's inline scripts and styles (server/security/public-csp.ts). */
  hashes?: { scripts: readonly string[]; styles: readonly string[] };
};

/**
 * The policy of every page. Staff pages and sign-in (a nonce per response): only scripts carrying
 * this response's nonce (Next puts it on its own scripts when it finds it in the request's
 * Content-Security-Policy) and what they load ('strict-dynamic'); stylesheets from the same origin
 * or with the nonce. Residents' pages (`nonce: null`, shared by every visitor and by HTTP caches,
 * so no per-response secret): same-origin scripts and stylesheets, and one 'sha256-…' per inline
 * element of the final HTML (`hashes`, computed by server/public-cache/finish.ts), so nothing
 * injected can run; proxy.ts gives them the policy without hashes, which the finishing step
 * replaces (rendered any other way, no inline script runs: it fails closed). Style
 * attributes stay allowed (style-src-attr): React renders style={...} into the server HTML and
 * Leaflet positions its panes with them; a style attribute cannot run script, so this does not
 * reopen script injection.
 */
export function pageCsp({ nonce, tileUrl, hashes = { scripts: [], styles: [] } }: PageCspOptions): string {
  const tiles = tileSource(tileUrl);
  const withHashes = (sources: readonly string[]) => ["'self'", ...sources].join(" ");
  return [
    "default-src 'self'",
    nonce === null ? `script-src ${withHashes(hashes.scripts)}` : `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    nonce === null ? `style-src ${withHashes(hashes.styles)}` : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ""}`,
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Whether this request reached the site over HTTPS (then HSTS is sent): the URL says so (TLS at the app), the reverse
 * proxy in front says so (X-Forwarded-Proto), or the configured public address (AUTH_URL) is https.
 * A forged X-Forwarded-Proto only changes the answer to its sender, and browsers ignore HSTS
 * received over plain http anyway.
 */
export function requestIsHttps(url: string, headers: Headers, publicUrl?: string | null): boolean {
  if (publicUrl?.toLowerCase().startsWith("https://")) return true;
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return url.toLowerCase().startsWith("https://");
}

/**
 * Whether Auth.js must mark its cookies Secure (and use the __Secure- / __Host- names) whatever
 * the request looks like: when the public address is https. Otherwise undefined: Auth.js decides
 * per request (Secure when the request came over https, e.g. X-Forwarded-Proto: https with
 * trustHost), so sign-in keeps working on http://localhost.
 */
export function secureCookiesSetting(publicUrl?: string | null): true | undefined {
  return publicUrl?.toLowerCase().startsWith("https://") ? true : undefined;
}
