import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

// The layers and what each may import (CODE_STYLE.md). The boundaries are lint errors, so "can
// anything internal reach a resident?" is answered by one folder (db/public) and this file.

/** Staff queries: reads and writes that may return internal fields. */
const STAFF_QUERIES = {
  group: ["@/db/queries", "@/db/queries/*", "**/db/queries", "**/db/queries/*", "**/queries", "**/queries/*"],
  message: "Public code reads only through db/public (the leak test covers it); staff queries may return internal fields.",
};

/** Public outputs do not query tables themselves either: that is db/public's job (types are fine). */
const OWN_QUERIES = {
  group: ["drizzle-orm", "drizzle-orm/*", "@/db/schema", "@/db/schema/*", "**/db/schema", "**/db/schema/*"],
  allowTypeImports: true,
  message: "Public code reads only through db/public: no tables or query builders here.",
};

/** db/ is the bottom layer: server/ runs things on top of it, so an import back up would be a cycle of layers. */
const SERVER_FROM_DB = {
  group: ["@/server", "@/server/*", "**/server/*"],
  message: "db/ may not import server/: it is the layer below. Put what both need in lib/ (e.g. lib/password.ts).",
};

/** import() is not checked by no-restricted-imports: forbid it from reaching staff queries. */
const NO_DYNAMIC_STAFF_QUERIES = {
  selector: "ImportExpression[source.value=/queries/]",
  message: "Public code reads only through db/public, dynamic imports included.",
};

/** What residents, partners, feeds and the lite pages are served from. */
const PUBLIC_OUTPUTS = [
  "app/[[]locale]/(public)/**",
  "app/[[]locale]/lite/**",
  "app/[[]locale]/[[]...rest]/**",
  "app/[[]locale]/layout.tsx",
  "app/[[]locale]/not-found.tsx",
  "app/[[]locale]/error.tsx",
  "app/layout.tsx",
  "app/not-found.tsx",
  "app/lite/**",
  "app/api/v1/**",
  "app/feeds/**",
  "components/public/**",
  "components/status/**",
  "components/map/**",
  "components/offline/**",
  "server/lite/**",
  "server/http/**",
  "server/public-cache/**",
  "server/public-html/**",
  "islands/**",
  // What the bot and SMS say about routes: a message may never say more than a public page.
  "server/messaging/replies.ts",
];

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", "node_modules/**", "public/islands/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // An update or delete without where() rewrites a whole table.
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
    },
  },
  {
    files: PUBLIC_OUTPUTS,
    rules: {
      "no-restricted-imports": ["error", { patterns: [STAFF_QUERIES, OWN_QUERIES] }],
      "no-restricted-syntax": ["error", NO_DYNAMIC_STAFF_QUERIES],
    },
  },
  {
    // Tests may set up their rows with staff writes; the reads themselves may not use them.
    files: ["db/public/**"],
    ignores: ["db/public/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [STAFF_QUERIES, SERVER_FROM_DB] }],
      "no-restricted-syntax": ["error", NO_DYNAMIC_STAFF_QUERIES],
    },
  },
  {
    // db/ (db/public/ above has the same rule with its own): tests may drive server code over a database.
    files: ["db/**"],
    ignores: ["db/public/**", "db/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [SERVER_FROM_DB] }],
    },
  },
  {
    // lib/ is pure domain logic: plain functions of data and time, unit-tested with fixed clocks.
    files: ["lib/**"],
    ignores: ["lib/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "next", message: "lib/ is pure: framework code goes in server/, app/ or components/." },
            { name: "http", message: "lib/ is pure: HTTP servers belong in server/ or scripts/." },
            { name: "node:http", message: "lib/ is pure: HTTP servers belong in server/ or scripts/." },
            { name: "server-only", message: "lib/ is pure and importable anywhere; server-only code goes in server/ or db/." },
          ],
          patterns: [
            { group: ["next/*"], message: "lib/ is pure: framework code goes in server/, app/ or components/." },
            { group: ["@/db", "@/db/*", "**/db/*", "../db", "../../db"], message: "lib/ is pure: no database. Pass data in; queries live in db/." },
            { group: ["@/server", "@/server/*"], message: "lib/ is pure: runtime code (server/) may use lib, not the other way round." },
          ],
        },
      ],
    },
  },
  {
    // islands/ run in residents' browsers, bundled by esbuild (scripts/build-islands.ts) without
    // Next: only pure lib/ code, and the map components the map island mounts (CODE_STYLE.md).
    files: ["islands/**"],
    ignores: ["islands/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "next", message: "Islands run without Next's runtime: no next/*." },
            { name: "next-intl", message: "Islands get their strings from the page (data attributes), not an i18n runtime." },
            { name: "server-only", message: "Islands run in the browser." },
          ],
          patterns: [
            { group: ["next/*", "next-intl/*", "node:*"], message: "Islands run in the browser, without Next's runtime." },
            { regex: "^@/(?!lib/|components/map/)", message: "Islands import only lib/ (pure code) and, for the map, components/map/." },
          ],
        },
      ],
      // There is no Next router on these pages: a plain page load is how an island navigates.
      "@next/next/no-location-assign-relative-destination": "off",
    },
  },
  {
    // lib/'s tests may take the demo scenario's plain data (db/scenario) as fixtures, nothing else of db/.
    files: ["lib/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@/db(?!/scenario/)", message: "lib/ tests test pure functions: no database." },
            { group: ["@/server", "@/server/*", "next/*"], message: "lib/ tests test pure functions." },
          ],
        },
      ],
    },
  },
];

export default config;
