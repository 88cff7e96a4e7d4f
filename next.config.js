import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files at runtime from its own package: bundling it
  // breaks every query in production while `next dev` still works (stack notes, trap 1).
  // argon2 and postgres-js are native/Node-only too.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Baseline headers on every response. No page may be framed (clickjacking of the staff forms).
  // A full nonce-based Content-Security-Policy comes with the hardening work.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
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
    // forbidden(): a signed-in account without the role gets a real HTTP 403 and app/[locale]/forbidden.tsx.
    authInterrupts: true,
  },
};

export default withNextIntl(nextConfig);
