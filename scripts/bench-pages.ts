// Page weight and Lighthouse for residents on a cheap phone, against its targets: builds nothing,
// serves the current production build on a fresh demo database (e2e/server.ts), then measures the
// home, a town and a route page in uk and en, and a lite page: Lighthouse mobile (its default: an
// emulated mid-range phone, 4x CPU slowdown, slow 4G), BENCH_RUNS runs each (default 3), median
// and every run; what a first visit downloads (HTML, scripts, stylesheets; gzip as they travel);
// and what each island costs (public/islands/manifest.json). Prints a table, writes
// bench-pages.json. Figures, not assertions: docs/benchmarks.md records them, with the machine's load.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import zlib from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { islandManifest } from "@/server/public-html/manifest";

const PORT = process.env.BENCH_PORT ?? "3700";
const BASE = `http://localhost:${PORT}`;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

/** What a resident on a cheap phone over slow 4G needs, per page, on the median of the runs. */
const TARGETS = { performance: 95, tbtMs: 150, lcpMs: 2000, cls: 0.02, firstVisitJsKB: 60, litePerformance: 100 };

const gzipBytes = (body: Buffer) => zlib.gzipSync(body).length;
const kb = (bytes: number) => +(bytes / 1024).toFixed(1);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const load = () => os.loadavg().map((l) => +l.toFixed(2)) as [number, number, number];

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

/** The HTML plus every script and stylesheet it names: what a first visit transfers before images. */
async function firstVisit(path: string) {
  const html = await fetchBody(path);
  const text = html.toString("utf8");
  const scripts = [...new Set([...text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!))];
  const styles = [...new Set([...text.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!))];
  let jsGzip = 0;
  for (const src of scripts) jsGzip += gzipBytes(await fetchBody(src));
  let cssGzip = 0;
  for (const href of styles) cssGzip += gzipBytes(await fetchBody(href));
  // Inline scripts (Next's RSC payload) are JavaScript the phone runs too, carried in the HTML.
  const inlineScripts = [...text.matchAll(/<script\b(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join("");
  return {
    htmlGzipKB: kb(gzipBytes(html)),
    scriptFiles: scripts,
    jsGzipKB: kb(jsGzip),
    inlineScriptGzipKB: kb(inlineScripts ? gzipBytes(Buffer.from(inlineScripts)) : 0),
    cssGzipKB: kb(cssGzip),
    totalGzipKB: kb(gzipBytes(html) + jsGzip + cssGzip),
    requests: 1 + scripts.length + styles.length,
    statusInFirstHtml: /Open|Caution|Closed|Unknown|Unconfirmed|Відкрит|Закрит|Не підтверджено|Невідомо|Обережно/.test(text),
  };
}

type Run = { performance: number; accessibility: number; tbtMs: number; lcpMs: number; cls: number; jsTransferKB: number; lcpElement: string };

/** One Lighthouse mobile run in Debian's Chromium, in a fresh browser (no cache, no service worker). */
async function lighthouseRun(path: string): Promise<Run> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const result = await lighthouse(new URL(path, BASE).toString(), { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] });
    if (!result) throw new Error(`${path}: Lighthouse returned nothing`);
    const { categories, audits } = result.lhr;
    const requests = (audits["network-requests"]?.details as { items?: Array<{ resourceType?: string; transferSize?: number }> } | undefined)?.items ?? [];
    const lcpItems = (audits["largest-contentful-paint-element"]?.details as { items?: Array<{ items?: Array<{ node?: { nodeLabel?: string } }> }> } | undefined)?.items;
    return {
      performance: Math.round((categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
      tbtMs: Math.round(audits["total-blocking-time"]?.numericValue ?? NaN),
      lcpMs: Math.round(audits["largest-contentful-paint"]?.numericValue ?? NaN),
      cls: +(audits["cumulative-layout-shift"]?.numericValue ?? NaN).toFixed(3),
      jsTransferKB: kb(requests.filter((r) => r.resourceType === "Script").reduce((sum, r) => sum + (r.transferSize ?? 0), 0)),
      lcpElement: (lcpItems?.[0]?.items?.[0]?.node?.nodeLabel ?? "").slice(0, 60),
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
    await waitForHealth(Date.now() + 120_000);
    const loadAtStart = load();
    // A route out of the town measured, with a public history and a map (the demo scenario's).
    const route = "lysychansk-bakhmut";
    const pages: Array<{ name: string; path: string; lite?: boolean }> = [
      ...["uk", "en"].flatMap((locale) => [
        { name: `home ${locale}`, path: `/${locale}` },
        { name: `town ${locale}`, path: `/${locale}/towns/lysychansk` },
        { name: `route ${locale}`, path: `/${locale}/routes/${route}` },
      ]),
      { name: "lite town en", path: "/en/lite/towns/lysychansk", lite: true },
    ];
    const results = [];
    for (const page of pages) {
      const weight = await firstVisit(page.path);
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await lighthouseRun(page.path));
      const med = {
        performance: median(runs.map((r) => r.performance)),
        accessibility: median(runs.map((r) => r.accessibility)),
        tbtMs: median(runs.map((r) => r.tbtMs)),
        lcpMs: median(runs.map((r) => r.lcpMs)),
        cls: median(runs.map((r) => r.cls)),
        jsTransferKB: median(runs.map((r) => r.jsTransferKB)),
      };
      const met = page.lite
        ? { performance: med.performance >= TARGETS.litePerformance }
        : {
            performance: med.performance >= TARGETS.performance,
            tbt: med.tbtMs <= TARGETS.tbtMs,
            lcp: med.lcpMs <= TARGETS.lcpMs,
            cls: med.cls <= TARGETS.cls,
            firstVisitJs: weight.jsGzipKB + weight.inlineScriptGzipKB <= TARGETS.firstVisitJsKB,
          };
      results.push({ ...page, weight, median: med, runs, met });
      console.log(`${page.name}: performance ${runs.map((r) => r.performance).join("/")}, TBT ${runs.map((r) => r.tbtMs).join("/")} ms, LCP ${runs.map((r) => r.lcpMs).join("/")} ms, JS ${weight.jsGzipKB} KB gzip`);
    }
    const manifest = islandManifest();
    const islands = Object.fromEntries(
      Object.entries(manifest?.islands ?? {}).map(([name, island]) => [name, { file: island.js, gzipKB: kb(island.gzipBytes), onDemand: island.loads.map((l) => ({ file: l.file, gzipKB: kb(l.gzipBytes) })) }]),
    );
    const report = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "", node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: load() },
      runsPerPage: RUNS,
      targets: TARGETS,
      pages: results,
      islands,
    };
    console.table(
      Object.fromEntries(
        results.map((r) => [
          r.name,
          {
            perf: r.median.performance,
            a11y: r.median.accessibility,
            "TBT ms": r.median.tbtMs,
            "LCP ms": r.median.lcpMs,
            CLS: r.median.cls,
            "JS KB gz": +(r.weight.jsGzipKB + r.weight.inlineScriptGzipKB).toFixed(1),
            "HTML KB gz": r.weight.htmlGzipKB,
            met: Object.values(r.met).every(Boolean) ? "all" : Object.entries(r.met).filter(([, ok]) => !ok).map(([k]) => `missed ${k}`).join(", "),
          },
        ]),
      ),
    );
    console.table(Object.fromEntries(Object.entries(islands).map(([name, i]) => [name, { "KB gzip": i.gzipKB, "on demand": i.onDemand.map((l) => `${l.file} ${l.gzipKB} KB`).join(", ") }])));
    console.log(`load average ${loadAtStart.join(" ")} at the start, ${report.machine.loadAverageAtEnd.join(" ")} at the end (${report.machine.cpus} CPUs)`);
    fs.writeFileSync("bench-pages.json", JSON.stringify(report, null, 2) + "\n");
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
