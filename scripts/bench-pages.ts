// Page weight for residents on 2G (issue #5's budget): builds nothing, serves the current
// production build on a fresh demo database (e2e/server.ts), then measures what a first visit to
// the town page and the lite pages costs, gzip-compressed as they travel. Prints a table and
// writes bench-pages.json. Figures, not assertions: the README records them.
import { spawn } from "node:child_process";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import fs from "node:fs";
import zlib from "node:zlib";

const PORT = process.env.BENCH_PORT ?? "3700";
const BASE = `http://localhost:${PORT}`;

const gzipBytes = (body: Buffer) => zlib.gzipSync(body).length;

async function waitForHealth(deadline: number) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not become healthy in time");
}

async function fetchBody(path: string): Promise<Buffer> {
  const response = await fetch(new URL(path, BASE));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The HTML plus every script and stylesheet it loads: what a first visit transfers before images. */
async function firstVisit(path: string) {
  const html = await fetchBody(path);
  const text = html.toString("utf8");
  const assets = [
    ...new Set([...text.matchAll(/<script[^>]+src="([^"]+)"/g), ...text.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]!)),
  ];
  let assetBytes = 0;
  for (const asset of assets) assetBytes += gzipBytes(await fetchBody(asset));
  return { path, htmlGzip: gzipBytes(html), assetsGzip: assetBytes, totalGzip: gzipBytes(html) + assetBytes, requests: 1 + assets.length, html: text };
}

/** Lighthouse's mobile scores (default: emulated mid-range phone on slow 4G) in Debian's Chromium. */
async function lighthouseScores(path: string) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const result = await lighthouse(new URL(path, BASE).toString(), {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
    });
    const categories = result?.lhr.categories;
    return {
      performance: Math.round((categories?.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories?.accessibility?.score ?? 0) * 100),
    };
  } finally {
    chrome.kill();
  }
}

async function main() {
  const server = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "e2e/server.ts"], {
    env: { ...process.env, E2E_PORT: PORT },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForHealth(Date.now() + 60_000);
    const town = await firstVisit("/en/towns/lysychansk");
    const statusInFirstHtml = /Open|Caution|Closed|Unknown|Unconfirmed/.test(town.html);
    const lite = [await fetchBody("/lite"), await fetchBody("/en/lite/towns/lysychansk")].map(gzipBytes);
    const scores = await lighthouseScores("/en/towns/lysychansk");
    const results = {
      townPage: { totalGzipKB: +(town.totalGzip / 1024).toFixed(1), htmlGzipKB: +(town.htmlGzip / 1024).toFixed(1), requests: town.requests, statusInFirstHtml },
      liteHomeGzipKB: +(lite[0]! / 1024).toFixed(1),
      liteTownGzipKB: +(lite[1]! / 1024).toFixed(1),
      lighthouseTownPage: scores,
      budget: { townPageKB: 200, liteKB: 14, lighthousePerformance: 90, lighthouseAccessibility: 95 },
    };
    console.table({
      "town page, first visit (HTML + JS + CSS)": `${results.townPage.totalGzipKB} KB gzip in ${town.requests} requests (budget 200 KB)`,
      "town page HTML alone": `${results.townPage.htmlGzipKB} KB gzip, status in first HTML: ${statusInFirstHtml}`,
      "/lite": `${results.liteHomeGzipKB} KB gzip (budget 14 KB)`,
      "/en/lite/towns/lysychansk": `${results.liteTownGzipKB} KB gzip (budget 14 KB)`,
      "Lighthouse mobile, town page": `performance ${scores.performance} (budget 90), accessibility ${scores.accessibility} (budget 95)`,
    });
    fs.writeFileSync("bench-pages.json", JSON.stringify(results, null, 2) + "\n");
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
