import { addressOf } from "@/lib/addresses";

/**
 * A post-sign-in destination from user input, accepted only as a same-site path so a crafted
 * link cannot send a coordinator to another site after they sign in.
 */
export function safeCallbackPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 512) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}

/**
 * The request header in which proxy.ts hands each page's own path and query on to the page, so
 * that a sign-in redirect made deep inside it (an expired or forged session found by
 * requireUser) can come back there. The proxy sets it on every request it sees, over whatever
 * the client sent; what it holds is still only trusted as far as safeCallbackPath allows.
 */
export const PAGE_PATH_REQUEST_HEADER = "x-corridor-page-path";

/**
 * Where to send a visitor to sign in from `pagePath` (path and query, or null when unknown): the
 * sign-in page in the page's language, with the page as a same-site callbackUrl when it is a
 * staff page (the only pages sign-in leads back to). No language in the path: the unprefixed
 * `/login`, whose language the locale proxy picks.
 */
export function signInPath(pagePath: string | null, reason?: string): string {
  // The language from the path alone: a query too long to come back to still keeps it.
  const pathname = pagePath?.replace(/[?#][\s\S]*$/, "") ?? "";
  const address = pathname.startsWith("/") ? addressOf(pathname) : null;
  const back = safeCallbackPath(pagePath, "");
  const params = new URLSearchParams();
  if (reason) params.set("reason", reason);
  if (address?.kind === "staff-page" && back) params.set("callbackUrl", back);
  const query = params.toString() ? `?${params}` : "";
  return `${address?.locale ? `/${address.locale}` : ""}/login${query}`;
}
