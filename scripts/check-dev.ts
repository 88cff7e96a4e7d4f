// A check of `npm run dev` itself, for whoever changes scripts/serve.ts or the public pipeline:
// starts the real development server (Next's compiler and all) on an embedded demo database of
// its own, and checks in a browser that the residents' pages get what production gives them: the
// islands' module scripts instead of Next's runtime, the pipeline's CSP (a town page), and the
// map, the copy button (a route page) and the search suggestions (the home page) working. Minutes, not seconds (Next compiles each page on
// first request), so it is not part of `npm test` or CI; scripts/serve-dev.test.ts covers the
// wiring there with a stand-in for Next.
// Usage: npx tsx scripts/check-dev.ts [port] (default 3000). Exits 0 when every check passed,
// 1 with what failed; stops the server it started in any case, within LIMIT_MS.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";

const LIMIT_MS = 8 * 60_000;
const port = Number(process.argv[2] ?? 3000);
const base = `http://localhost:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-dev-check-"));
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

const server = spawn("npx", ["tsx", "scripts/serve.ts", String(port), "--dev"], {
  detached: true,
  env: { ...process.env, PGLITE_DIR: path.join(dataDir, "pglite"), DATABASE_URL: "" },
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
server.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
server.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
const stop = () => {
  try {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
};
const limit = setTimeout(() => {
  console.error(`gave up after ${LIMIT_MS / 1000} s; the server said:\n${log.slice(-3000)}`);
  stop();
  process.exit(1);
}, LIMIT_MS);

/** A page once Next has compiled it (the first request of each waits for its compile). */
async function fetchCompiled(pathname: string): Promise<Response> {
  for (;;) {
    try {
      const res = await fetch(base + pathname, { signal: AbortSignal.timeout(240_000) });
      if (res.status !== 503 && res.status !== 404) return res;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

try {
  const town = await fetchCompiled("/en/towns/lysychansk");
  const html = await town.text();
  const csp = town.headers.get("content-security-policy") ?? "";
  check(town.status === 200, `town page answers 200 (got ${town.status})`);
  check(/<script type="module"[^>]* src="\/islands\/[^"]+\.js"/.test(html), "town page has the islands' <script type=\"module\">");
  check(!/<script[^>]+\/_next\/static\//.test(html), "town page has none of Next's runtime scripts");
  check(!html.includes("__next_f"), "town page has no Next flight data");
  // The pipeline's policy: scripts from the site only (the islands), an inline one only by its
  // hash; never the development server's 'unsafe-eval' or a nonce for Next's runtime.
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  check(
    scriptSrc.includes("'self'") && !/'unsafe-eval'|'unsafe-inline'|'nonce-/.test(scriptSrc),
    `town page has the pipeline's CSP (script-src ${scriptSrc || "missing"})`,
  );
  check(town.headers.get("x-corridor-cache") !== null, "town page went through the response cache (X-Corridor-Cache)");

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on("console", (m) => void (/Content.Security.Policy/i.test(m.text()) && violations.push(m.text())));
    page.on("pageerror", (e) => violations.push(e.message));

    // The map and the copy button are the route page's islands.
    await fetchCompiled("/en/routes/lysychansk-bakhmut");
    await page.goto(`${base}/en/routes/lysychansk-bakhmut`);
    check(await page.locator("p.copy:not([hidden]) button").first().waitFor({ timeout: 30_000 }).then(() => true, () => false), "route page: the copy button appears");
    await page.locator("[data-island~='map']").first().scrollIntoViewIfNeeded();
    check(await page.locator(".leaflet-container").first().waitFor({ timeout: 60_000 }).then(() => true, () => false), "route page: the map appears");

    await fetchCompiled("/en");
    await page.goto(`${base}/en`);
    await page.locator("input[name='q']").first().fill("Lys");
    check(await page.locator("[role='option']").first().waitFor({ timeout: 30_000 }).then(() => true, () => false), "home page: search suggestions appear");
    check(violations.length === 0, `no CSP violations or script errors in the browser${violations.length ? `: ${violations.join(" | ")}` : ""}`);
  } finally {
    await browser.close();
  }
} finally {
  clearTimeout(limit);
  stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(failures.length === 0 ? "npm run dev serves the production pipeline." : `${failures.length} check(s) failed.`);
process.exit(failures.length === 0 ? 0 : 1);
