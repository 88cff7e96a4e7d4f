import fs from "node:fs";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
/**
 * Debian's chromium-headless-shell when installed (.ci/run installs it), else its chromium: the
 * old headless mode, Blink and V8 without the full browser around them that new-headless
 * chromium runs. On the same 25 tests it took 84 CPU-s in all against 134 (the browser's own processes 44
 * against 93; docs/ci.md), and the phase is CPU-bound.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => fs.existsSync(path));
/** Specs that run app instances of their own (e2e/fixtures/instances.ts). */
const HEAVY = /(nginx-cache|outage|multi-instance|raw-fuzz-nginx|freshness-bound)\.spec\.ts$/;
/**
 * Ordinary specs that spend most of their length waiting on the clock, little of it on a core:
 * `route-report` waits for a corridor window to open at the next whole minute.
 */
const WAITING = /route-report\.spec\.ts$/;

// End-to-end tests run in Debian's Chromium (no browser download is possible here) against a
// production build served by e2e/server.ts on a fresh database of its own.
export default defineConfig({
  testDir: "e2e",
  // Per test. Two workers, each a Chromium, beside the app server on 2 cores: tests that sign in
  // several pages, type whole forms or run axe four times took 30–47 s, so 30 s failed whichever
  // step was then in progress. Waits inside a test stay bounded by `expect`'s own timeout.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two ordinary workers (the chromium project's cap, below) and one for the heavy chain beside them.
  workers: 3,
  forbidOnly: Boolean(process.env.CI),
  // Names the template database the specs that need databases of their own copy (fixtures/instances.ts).
  globalSetup: "./e2e/global-setup.ts",
  reporter: [["list"]],
  // Every spec file over 10 s with its duration, slowest first, at the end of the run: the end of
  // CI's log is the part that is kept, and the phase is the longest of the run (docs/ci.md).
  reportSlowTests: { max: 50, threshold: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "en-GB",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      // No network but loopback here: stop Chromium's own background connections.
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  // "setup" signs each demo role in once and stores the session under e2e/.auth/ (git-ignored);
  // every spec runs after it and starts signed in where it asks to (fixtures/sign-in.ts).
  //
  // "heavy" specs start app instances (and nginx) of their own, two production servers each, on
  // a machine of 2 cores: two of them at once, beside the others, starved everything into
  // timeouts. They run one at a time, in a worker of their own beside the two ordinary workers:
  // they mostly wait (cache lifetimes, outages, instances starting), and with two workers in all
  // the chain held one of the two for its whole length with a core idle (docs/ci.md). The
  // instances they start, and the worker that times them, run at a higher priority where the run
  // may raise it (fixtures/instances.ts), so that the bounds they measure are the app's.
  //
  // "heavy" is listed before "chromium": Playwright hands a free worker the first queued file its
  // project may take, in the order of this list, so the chain starts with the run.
  //
  // "waiting" is listed last: its files get the third worker only when the heavy chain leaves it
  // free, and so wait out their clocks there, beside two ordinary workers, instead of holding one
  // of those two with a core idle.
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    { name: "heavy", dependencies: ["setup"], testMatch: HEAVY, workers: 1 },
    { name: "chromium", dependencies: ["setup"], testIgnore: [HEAVY, WAITING], workers: 2 },
    { name: "waiting", dependencies: ["setup"], testMatch: WAITING, workers: 1 },
  ],
  webServer: {
    command: "node_modules/.bin/tsx --conditions=react-server e2e/server.ts",
    url: `http://localhost:${PORT}/api/health`,
    env: { E2E_PORT: String(PORT) },
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
