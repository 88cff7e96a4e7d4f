// National-scale benchmark: what each resident page, API page, staff list and export costs on the
// national data set (500 towns, 3,000 routes, 100,000 status events, 20,000 incidents) against the
// demo, uncached. Creates two databases on the local PostgreSQL named by DATABASE_URL (refuses any
// other host; both dropped at the end, on failure and on Ctrl+C too): the demo scenario, and the
// national set (db/seed-national.ts, seed 1), each with an admin account made for the run. Serves
// the current build on each (scripts/serve.ts, as `npm start`, started by scripts/bench-server.ts),
// signs in over HTTP, then asks each address of both servers in turn, BENCH_RUNS times (default 5), and prints the median time to the
// last byte, the sizes (gzip as it travels, and plain), the growth factor and the machine's load;
// writes bench-national.json. Uncached: every public request names a host of its own in
// X-Forwarded-Host, which the public response cache keys on (server/public-cache/policy.ts), so
// each one renders; staff answers are never cached.
// Builds nothing: `npm run bench:national` builds first. It reads the app only over HTTP, so it
// loads none of the app's modules under the react-server condition but the database's.
// A measurement, not a CI test: exits 0 when a target is missed unless BENCH_STRICT=1.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { requireBuild, signIn, startBenchServer, timedGet, type Sample } from "./bench-server";
import { createBenchDatabase, freePort, waitForHealth } from "./bench-support";
import { ConfigError } from "@/lib/config-error";

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
// BENCH_ONLY: a pattern; only the addresses whose name it matches are measured.
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, "i") : null;
const STRICT = process.env.BENCH_STRICT === "1";
const ADMIN = { email: "bench-admin@example.org", password: crypto.randomBytes(18).toString("base64url") };

/** The targets, uncached at national scale; page budgets in gzip KB of HTML. */
const TARGETS = { residentMs: 150, apiMs: 100, growth: 2, fullPageKB: 30, litePageKB: 14 };

type Kind = "resident" | "lite" | "api" | "staff" | "export";
type Address = { name: string; kind: Kind; path: (site: Site) => string };
type Site = { label: "demo" | "national"; base: string; cookie: string; town: string; townRoutes: number; oblast: string; oblastTowns: number; route: string };
/** What an address that did not answer within the deadline is recorded as. */
const NO_ANSWER: Sample = { ms: Number.POSITIVE_INFINITY, gzipBytes: 0, bytes: 0, status: 0, listItems: 0 };

let cleanup: () => Promise<void> = async () => {};
const onCleanup = (step: () => Promise<void>) => {
  const previous = cleanup;
  cleanup = async () => {
    await step().catch((e) => console.error("bench cleanup:", e));
    await previous();
  };
};

const load = () => os.loadavg().map((l) => +l.toFixed(2)) as [number, number, number];
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

type ApiRoute = { slug: string; origin: { slug: string }; originOblast?: string };
type ApiTown = { slug: string; oblast: { slug: string } };

/** Every item of a paged API list, following Link: rel="next". */
async function walk<T>(base: string, first: string, key: string): Promise<T[]> {
  const out: T[] = [];
  for (let next: string | null = first; next; ) {
    const response: Response = await fetch(new URL(next, base));
    if (!response.ok) throw new Error(`${next}: HTTP ${response.status}`);
    const body = (await response.json()) as Record<string, T[]>;
    out.push(...body[key]!);
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null;
  }
  return out;
}

/**
 * What to measure on this site, chosen through the public API as a partner would: the town whose
 * route count is nearest 20 (the "town with 20 routes"), the oblast with most towns (its
 * page is the longest), one of that town's routes.
 */
async function describeSite(label: Site["label"], base: string, cookie: string): Promise<Site> {
  const routes = await walk<ApiRoute>(base, "/api/v1/routes?limit=500", "routes");
  const towns = await walk<ApiTown>(base, "/api/v1/towns?limit=500", "towns");
  const perTown = new Map<string, number>();
  for (const r of routes) perTown.set(r.origin.slug, (perTown.get(r.origin.slug) ?? 0) + 1);
  const [town, townRoutes] = [...perTown.entries()].sort((a, b) => Math.abs(a[1] - 20) - Math.abs(b[1] - 20) || b[1] - a[1])[0]!;
  const oblastOf = new Map(towns.map((t) => [t.slug, t.oblast.slug]));
  const perOblast = new Map<string, number>();
  for (const slug of perTown.keys()) perOblast.set(oblastOf.get(slug)!, (perOblast.get(oblastOf.get(slug)!) ?? 0) + 1);
  const [oblast, oblastTowns] = [...perOblast.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const route = routes.find((r) => r.origin.slug === town)!.slug;
  return { label, base, cookie, town, townRoutes, oblast, oblastTowns, route };
}

const ADDRESSES: Address[] = [
  { name: "home /en", kind: "resident", path: () => "/en" },
  { name: "home search ?q=ivan", kind: "resident", path: () => "/en?q=ivan" },
  { name: "oblast page (most towns)", kind: "resident", path: (s) => `/en/oblasts/${s.oblast}` },
  { name: "town page (~20 routes)", kind: "resident", path: (s) => `/en/towns/${s.town}` },
  { name: "route page", kind: "resident", path: (s) => `/en/routes/${s.route}` },
  { name: "lite home", kind: "lite", path: () => "/en/lite" },
  { name: "lite oblast (most towns)", kind: "lite", path: (s) => `/en/lite/oblasts/${s.oblast}` },
  { name: "lite town (~20 routes)", kind: "lite", path: (s) => `/en/lite/towns/${s.town}` },
  // The residents' form names every town in its select: a page that does list every town.
  { name: "transport form (lists every town)", kind: "lite", path: () => "/en/transport" },
  { name: "/api/v1/routes (first page)", kind: "api", path: () => "/api/v1/routes" },
  { name: "/api/v1/routes?oblast=&status=open", kind: "api", path: (s) => `/api/v1/routes?oblast=${s.oblast}&status=open` },
  { name: "/api/v1/towns (first page)", kind: "api", path: () => "/api/v1/towns" },
  { name: "/api/v1/routes.geojson", kind: "api", path: () => "/api/v1/routes.geojson" },
  { name: "/api/v1/incidents.geojson", kind: "api", path: () => "/api/v1/incidents.geojson" },
  // The same pages cut to a length the demo fills too: the first pages above hold the default
  // limit's worth at national scale and the demo's few, so their growth is mostly length.
  { name: "/api/v1/routes?limit=5 (equal length)", kind: "api", path: () => "/api/v1/routes?limit=5" },
  { name: "/api/v1/routes.geojson?limit=5 (equal)", kind: "api", path: () => "/api/v1/routes.geojson?limit=5" },
  { name: "/api/v1/incidents.geojson?limit=3 (eq.)", kind: "api", path: () => "/api/v1/incidents.geojson?limit=3" },
  { name: "admin incident queue", kind: "staff", path: () => "/en/admin/incidents" },
  { name: "coordinator dashboard", kind: "staff", path: () => "/en/coordinate" },
  { name: "staff routes page", kind: "staff", path: () => "/en/coordinate/routes" },
  { name: "routes.csv export (all)", kind: "export", path: () => "/api/admin/exports/routes.csv" },
  { name: "incidents.geojson export (all)", kind: "export", path: () => "/api/admin/exports/incidents.geojson" },
];

type Row = { name: string; kind: Kind; demo: Sample; national: Sample; growth: number; nationalPath: string; verdicts: string[] };

function verdicts(kind: Kind, demo: Sample, national: Sample, growth: number): string[] {
  const out: string[] = [];
  const kb = national.gzipBytes / 1024;
  if (national.status !== 200) out.push(national.status === 0 ? "MISSED: no answer in 120 s" : `HTTP ${national.status}`);
  if (kind === "resident" || kind === "api") {
    const limit = kind === "resident" ? TARGETS.residentMs : TARGETS.apiMs;
    out.push(`${national.ms <= limit ? "met" : "MISSED"} ≤${limit} ms`, `${growth <= TARGETS.growth ? "met" : "MISSED"} ≤×${TARGETS.growth}`);
  }
  if (kind === "lite") out.push(`${national.ms <= TARGETS.residentMs ? "met" : "MISSED"} ≤${TARGETS.residentMs} ms`, `${growth <= TARGETS.growth ? "met" : "MISSED"} ≤×${TARGETS.growth}`);
  if (kind === "resident") out.push(`${kb <= TARGETS.fullPageKB ? "met" : "MISSED"} ≤${TARGETS.fullPageKB} KB`);
  if (kind === "lite") out.push(`${kb <= TARGETS.litePageKB ? "met" : "MISSED"} ≤${TARGETS.litePageKB} KB`);
  void demo;
  return out;
}

async function main() {
  const baseUrl = process.env.DATABASE_URL?.trim();
  if (!baseUrl) throw new ConfigError("set DATABASE_URL to a local PostgreSQL server (the bench creates and drops its databases there).");
  requireBuild("`npm run bench:national` (it builds first)");
  const loadAtStart = load();
  console.log(`load average at start: ${loadAtStart.join(", ")}`);
  const databases: Record<Site["label"], string> = { demo: "", national: "" };
  for (const label of ["demo", "national"] as const) {
    const started = performance.now();
    const db = await createBenchDatabase(baseUrl, label, { scenario: label, admin: ADMIN });
    onCleanup(db.drop);
    databases[label] = db.url;
    console.log(`${label} database loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const sites: Site[] = [];
  for (const label of ["demo", "national"] as const) {
    const port = await freePort();
    const base = `http://localhost:${port}`;
    const server = startBenchServer(port, databases[label]);
    onCleanup(server.stop);
    await waitForHealth(base, server.child, server.tail);
    sites.push(await describeSite(label, base, await signIn(base, ADMIN, "/en/admin")));
  }
  for (const s of sites) console.log(`${s.label}: town ${s.town} (${s.townRoutes} routes), oblast ${s.oblast} (${s.oblastTowns} towns with routes), route ${s.route}`);

  const rows: Row[] = [];
  let key = 0;
  for (const address of ADDRESSES.filter((a) => !ONLY || ONLY.test(a.name))) {
    const samples: Record<Site["label"], Sample[]> = { demo: [], national: [] };
    // One warm-up each (code paths, connection pool), then the runs, the two sites in turn so both see the same load.
    for (let run = -1; run < RUNS; run++) {
      for (const site of sites) {
        const cookie = address.kind === "staff" || address.kind === "export" ? site.cookie : "";
        // A page that does not answer in time is a figure too (one try: it would not answer the next either).
        if (samples[site.label].some((s) => s.status === 0)) continue;
        const sample = await timedGet(site.base, address.path(site), { cookie, cacheKey: `bench-${key++}.localhost` }).then(
          ({ body: _b, headers: _h, ...s }) => s,
          () => NO_ANSWER,
        );
        if (run >= 0 || sample.status === 0) samples[site.label].push(sample);
      }
    }
    const pick = (list: Sample[]): Sample => ({ ...list[0]!, ms: +median(list.map((s) => s.ms)).toFixed(1) });
    const demo = pick(samples.demo);
    const national = pick(samples.national);
    const growth = +(national.ms / demo.ms).toFixed(2);
    const row = { name: address.name, kind: address.kind, demo, national, growth, nationalPath: address.path(sites[1]!), verdicts: verdicts(address.kind, demo, national, growth) };
    rows.push(row);
    console.log(
      `${row.name.padEnd(38)} demo ${String(demo.ms).padStart(7)} ms ${(demo.gzipBytes / 1024).toFixed(1).padStart(7)} KB | national ${String(national.ms).padStart(8)} ms ${(national.gzipBytes / 1024).toFixed(1).padStart(8)} KB gzip ${(national.bytes / 1024).toFixed(0).padStart(7)} KB ${String(national.listItems).padStart(5)} li | ×${growth} ${row.verdicts.join(", ")} (load ${load()[0]})`,
    );
  }
  const missed = rows.flatMap((r) => r.verdicts.filter((v) => v.startsWith("MISSED") || v.startsWith("HTTP")).map((v) => `${r.name}: ${v}`));
  const loadAtEnd = load();
  console.log(`\nload average at end: ${loadAtEnd.join(", ")}; runs per address: ${RUNS}`);
  console.log(missed.length ? `missed:\n  ${missed.join("\n  ")}` : "every target met");
  fs.writeFileSync(
    "bench-national.json",
    JSON.stringify({ generatedAt: new Date().toISOString(), machine: { cpus: os.cpus().length, loadAtStart, loadAtEnd }, runs: RUNS, targets: TARGETS, sites: sites.map(({ cookie: _c, base: _b, ...s }) => s), rows, missed }, null, 2),
  );
  return missed.length;
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(async (missed) => {
    await cleanup();
    process.exit(STRICT && missed > 0 ? 1 : 0);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    await cleanup();
    process.exit(1);
  });
