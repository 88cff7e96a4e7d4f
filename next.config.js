import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** Largest request body a server action accepts; bigger ones are answered 413 before parsing. */
export const BODY_LIMIT = "512kb";
/**
 * The proxy buffers a request body (server action posts pass through it) up to this size and
 * passes on only that much: a bit above BODY_LIMIT, so an oversized post still reaches the action
 * long enough to be refused with 413 rather than cut short and misparsed.
 */
const PROXY_BODY_LIMIT = "640kb";

/**
 * For responses that run no script (lite pages, JSON, feeds, static files); kept equal to
 * NO_SCRIPT_CSP in server/security/headers.ts by its test.
 */
export const NO_SCRIPT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: NO_SCRIPT_CSP },
  // Legacy browsers that ignore frame-ancestors: no page may be framed (clickjacking of staff forms).
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Nothing here uses the camera, microphone, location or payments.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

const HSTS_HEADER = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" };

/** A content-hashed file: its URL changes with its bytes, so a browser may keep it for a year unasked. */
const IMMUTABLE = { key: "Cache-Control", value: "public, max-age=31536000, immutable" };
/**
 * Files at fixed URLs that rarely change (the icons, the offline basemap): a day without asking,
 * then a revalidation. Never immutable: a new icon or basemap must reach phones that have the old.
 */
const DAILY = { key: "Cache-Control", value: "public, max-age=86400" };
/**
 * The islands' files, /islands/<name>.<hash>.<ext> (scripts, their stylesheets and images; the hash
 * at least 6 of [A-Za-z0-9_-], as public/sw.js's HASHED): a name without a hash (the islands'
 * manifest.json) is not immutable. Written out, since the route matcher reads {n,} as an optional
 * group, not a repetition.
 */
const ISLAND_SOURCE = `/islands/:file([^/]+\\.${"[A-Za-z0-9_-]".repeat(6)}[A-Za-z0-9_-]*\\.[a-z0-9]+)`;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files at runtime from its own package: bundling it
  // breaks every query in production while `next dev` still works (stack notes, trap 1).
  // argon2 and postgres-js are native/Node-only too.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  // npm test type-checks the tree (tsc --noEmit) before it builds; the build's own check of the
  // same tree is then only a repeat (scripts/test.ts sets this). Any other build checks types.
  typescript: { ignoreBuildErrors: process.env.CORRIDOR_TYPES_CHECKED === "1" },
  reactStrictMode: true,
  // Security headers of every response (docs/security.md). Pages get a stricter, per-request
  // Content-Security-Policy with a nonce from proxy.ts, which replaces the one set here; this one
  // is for what the proxy does not see: API, feeds, unprefixed lite pages, static files.
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      // HSTS only over HTTPS: on plain http://localhost it would break local use. The reverse
      // proxy's X-Forwarded-Proto says so per request; an https AUTH_URL at build time says so always.
      ...(process.env.AUTH_URL?.startsWith("https://")
        ? [{ source: "/:path*", headers: [HSTS_HEADER] }]
        : [{ source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS_HEADER] }]),
      // Next gives /_next/static/* "immutable" itself (and ignores a header set here for it).
      { source: ISLAND_SOURCE, headers: [IMMUTABLE] },
      { source: "/favicon.ico", headers: [DAILY] },
      { source: "/icon.svg", headers: [DAILY] },
      { source: "/basemap/:file*", headers: [DAILY] },
      // Answers that carry a person's details or a reference code ask for no Referer at all; their
      // route handlers say so, and a rule here must repeat it, since the catch-all rule above
      // would otherwise replace it (the last rule matching a path wins).
      ...["/:locale/transport", "/:locale/transport/:path*", "/:locale/coordinate/runs/:id/manifest"].map((source) => ({
        source,
        headers: [{ key: "Referrer-Policy", value: "no-referrer" }],
      })),
      {
        // The offline service worker: browsers must always check for a new version of it.
        source: "/sw.js",
        headers: [
          { key: "Cache-Control", value: "no-cache" },
          { key: "Service-Worker-Allowed", value: "/" },
        ],
      },
    ];
  },
  experimental: {
    // Turbopack writes its build cache to .next/ for the next build to reuse; a CI clone builds
    // once and is thrown away, so writing it there only costs time (99 s on
    // this 2-core machine under load, after a 5-minute compile).
    turbopackFileSystemCacheForBuild: !process.env.CI,
    // forbidden(): a signed-in account without the role gets a real HTTP 403 and app/[locale]/forbidden.tsx.
    authInterrupts: true,
    // The largest legitimate submission (an incident with 20 sources and every text at its limit,
    // in 3-byte characters, plus the previous form state React sends back) is about 240 KB
    // (server/security/body-limit.test.ts). Anything bigger is refused with 413 before parsing.
    serverActions: { bodySizeLimit: BODY_LIMIT },
    proxyClientMaxBodySize: PROXY_BODY_LIMIT,
  },
};

export default withNextIntl(nextConfig);
