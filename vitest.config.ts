import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
const shared = {
  resolve: {
    alias: {
      "@": root,
      // 'server-only' throws outside React Server Components; tests import the server modules directly.
      "server-only": path.join(root, "tests/server-only-stub.ts"),
    },
  },
};

// next-intl's ESM imports "next/navigation" without an extension, which only a bundler resolves:
// run it through Vite (server actions redirect with i18n/navigation's locale-aware redirect).
const server = { deps: { inline: ["next-intl"] } };

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          server,
          // One rule decides where a test runs: a file named *.db.test.ts opens a database and runs
          // in the db project below; every other *.test.ts runs here, with none
          // (tests/database-tests.test.ts checks each file's name against what it imports).
          include: ["**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/node_modules/**", ".next/**"],
          environment: "node",
          // Some unit tests spawn xmllint or check thousands of generated inputs: a second or two on
          // a quiet machine, past Vitest's 5 s default when CI shares the cores with a build.
          testTimeout: 30_000,
          // One module graph for the whole project instead of a fresh one per file: imports were
          // two thirds of its CPU (85 s isolated, 27 s shared). No unit test mocks modules, stubs
          // globals or changes process.env, so files cannot leak into each other through them.
          isolate: false,
        },
      },
      {
        ...shared,
        test: {
          name: "db",
          server,
          // Integration tests: PGlite, or real PostgreSQL when DATABASE_URL is set (a database per file).
          include: ["**/*.db.test.ts"],
          exclude: ["**/node_modules/**", ".next/**"],
          environment: "node",
          globalSetup: ["db/testing/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
