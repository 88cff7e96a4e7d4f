import { LOCALES, routing, type Locale } from "@/i18n/routing";
import { ROUTE_SLUG_MAX_LENGTH, SLUG_MAX_LENGTH, SLUG_PATTERN } from "@/lib/slug";

// The site's address map, in one place: what kind of answer each path gets. proxy.ts (CSP,
// sign-in redirect), the public response cache (what it may store, which pages lose Next's
// runtime, what a stale copy or an outage answer looks like) all ask here, so a new language or a
// longer slug changes every one of them at once. tests/addresses.test.ts walks app/ and checks
// that every page and route handler there is classified.

export type AddressKind =
  /** Home, oblast, town and route pages: React rendered once for everyone, islands instead of Next's runtime. */
  | "resident-page"
  /** Zero-JavaScript HTML (`/lite`, `/en/lite/towns/…`). */
  | "lite-page"
  /**
   * Residents' forms that write (`/en/transport`, asking for transport, and its withdrawal):
   * zero-JavaScript HTML like the lite pages, never cached: what they answer to a post carries
   * what the resident typed or their reference code.
   */
  | "resident-form"
  /** The partners' page about the API (`/en/api`): public, with Next's runtime, not cached. */
  | "partner-page"
  | "sign-in"
  /** Coordinators' workspace and admin: per session, never cached. */
  | "staff-page"
  /** `/api/v1/*`: open data for partners, and the problem types' documentation links. */
  | "public-api"
  /** `/api/admin/*`: exports for signed-in staff. */
  | "staff-api"
  /** Auth.js's own handlers. */
  | "auth"
  /** Telegram's and the SMS gateway's calls. */
  | "webhook"
  | "health"
  /** Atom feeds and CAP alerts. */
  | "feed"
  /** Under `/api` or `/feeds` but no such address: a problem+json 404. */
  | "unknown-api"
  /** Under a language but no such page: the site's 404 page. */
  | "unknown-page"
  /** `/`, or a path without a language: redirected to one. */
  | "outside"
  /** Next's build output, the islands, files in public/ and app's metadata files. */
  | "static";

export type Address = {
  kind: AddressKind;
  /** The language in the path, or null (the API, feeds, the language-negotiated `/lite`). */
  locale: Locale | null;
  /**
   * Whether the answer is the same for everyone, so the public response cache may store it
   * (and HTTP caches keep it): residents' pages, lite pages with a language in the path, the
   * open API's data and the feeds.
   */
  shared: boolean;
};

const locale = `(?<locale>${LOCALES.join("|")})`;
const slug = "(?<slug>[^/]+)";

type Rule = { kind: AddressKind; pattern: RegExp; shared?: (groups: Record<string, string | undefined>) => boolean };

const validSlug = (max: number) => (groups: Record<string, string | undefined>) => groups.slug === undefined || isSlug(groups.slug, max);
const isSlug = (value: string, max: number) => value.length <= max && SLUG_PATTERN.test(value);

/**
 * First match wins. The open API's and the feeds' addresses are listed one by one: anything else
 * under `/api` or `/feeds` is "unknown-api".
 */
const RULES: Rule[] = [
  { kind: "resident-page", pattern: new RegExp(`^/${locale}/?$`), shared: () => true },
  { kind: "resident-page", pattern: new RegExp(`^/${locale}/towns/${slug}/?$`), shared: validSlug(SLUG_MAX_LENGTH) },
  { kind: "resident-page", pattern: new RegExp(`^/${locale}/routes/${slug}/?$`), shared: validSlug(ROUTE_SLUG_MAX_LENGTH) },
  { kind: "resident-page", pattern: new RegExp(`^/${locale}/oblasts/${slug}/?$`), shared: validSlug(SLUG_MAX_LENGTH) },
  // The unprefixed lite pages pick their language from Accept-Language: not the same for everyone.
  { kind: "lite-page", pattern: new RegExp(`^/(?:${locale}/)?lite(?:/(?:towns|oblasts)/${slug})?/?$`), shared: (g) => g.locale !== undefined && validSlug(SLUG_MAX_LENGTH)(g) },
  { kind: "resident-form", pattern: new RegExp(`^/${locale}/transport(?:/withdraw)?/?$`) },
  { kind: "partner-page", pattern: new RegExp(`^/${locale}/api/?$`) },
  { kind: "sign-in", pattern: new RegExp(`^/${locale}/login/?$`) },
  { kind: "staff-page", pattern: new RegExp(`^/${locale}/(?:coordinate|admin)(?:/|$)`) },
  { kind: "public-api", pattern: /^\/api\/v1\/(?:towns|routes|routes\.geojson|reception-points|reception-points\.csv|transport-run-counts|incidents\.geojson|openapi\.json)$/, shared: () => true },
  { kind: "public-api", pattern: /^\/api\/v1\/problems\/[^/]+$/ },
  { kind: "staff-api", pattern: /^\/api\/admin\/exports\/(?:incidents\.csv|incidents\.geojson|routes\.csv)$/ },
  { kind: "auth", pattern: /^\/api\/auth(?:\/|$)/ },
  { kind: "webhook", pattern: /^\/api\/(?:telegram\/webhook|sms\/inbound)$/ },
  { kind: "health", pattern: /^\/api\/health$/ },
  { kind: "unknown-api", pattern: /^\/api(?:\/|$)/ },
  { kind: "feed", pattern: /^\/feeds\/(?:status\.atom|cap\.atom|cap\/[0-9a-f-]{36}\.xml)$/, shared: () => true },
  { kind: "unknown-api", pattern: /^\/feeds(?:\/|$)/ },
  // What proxy.ts's matcher leaves to Next's file serving: its build output and any path with a dot.
  { kind: "static", pattern: /^\/(?:_next|_vercel)\/|\.[^/]*$/ },
  { kind: "unknown-page", pattern: new RegExp(`^/${locale}(?:/|$)`) },
];

/** What `pathname` (no query string) is. A slug the site could not have made is not a residents' page. */
export function addressOf(pathname: string): Address {
  for (const rule of RULES) {
    const match = rule.pattern.exec(pathname);
    if (!match) continue;
    const groups = match.groups ?? {};
    const shared = rule.shared?.(groups) ?? false;
    // A town or route page with a slug no town or route can have is only ever the 404 page.
    if (rule.kind === "resident-page" && !shared) return { kind: "unknown-page", locale: groups.locale as Locale, shared: false };
    return { kind: rule.kind, locale: (groups.locale as Locale | undefined) ?? null, shared };
  }
  return { kind: "outside", locale: null, shared: false };
}

const READ = ["GET", "HEAD"] as const;
const READ_AND_POST = ["GET", "HEAD", "POST"] as const;

/**
 * The methods each kind of address takes besides OPTIONS, where one answer holds for the whole
 * kind: proxy.ts refuses the others on the pages it sees, and the request guard names these in
 * the Allow of its 405 for a method no part of the app answers. POST only where a server action
 * or a form is posted. Not listed: Auth.js's and the webhooks' addresses, whose route handlers
 * answer for themselves, and static files (GET and HEAD only, not even OPTIONS).
 */
export const METHODS_OF: Partial<Record<AddressKind, readonly string[]>> = {
  "resident-page": READ,
  "partner-page": READ,
  "lite-page": READ,
  "resident-form": READ_AND_POST,
  "sign-in": READ_AND_POST,
  "staff-page": READ_AND_POST,
  "unknown-page": READ_AND_POST,
  outside: READ_AND_POST,
  "public-api": READ,
  "staff-api": READ,
  health: READ,
  feed: READ,
  "unknown-api": READ,
};

/** Machine answers (JSON, GeoJSON, Atom, CAP): their errors are problem details, never HTML. */
export function isMachineAddress(address: Address): boolean {
  return address.kind === "public-api" || address.kind === "staff-api" || address.kind === "auth" || address.kind === "webhook" || address.kind === "health" || address.kind === "feed" || address.kind === "unknown-api";
}

/** The language an answer written outside React uses: the path's, English for machines, else the default. */
export function languageOf(address: Address): Locale {
  return address.locale ?? (isMachineAddress(address) ? "en" : routing.defaultLocale);
}
