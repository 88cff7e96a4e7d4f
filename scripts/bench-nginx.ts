// Benchmark behind nginx: the town page and a static asset through the shipped
// deploy/nginx.conf in front of two instances on one PostgreSQL database, beside the same page
// straight from one instance. Creates a database of its own on the local PostgreSQL named by
// DATABASE_URL (refuses any other host; dropped at the end, on failure and on Ctrl+C too), seeds
// the demo scenario, starts two instances (scripts/serve.ts, TRUSTED_PROXY_HOPS=1) and nginx (its
// own directory, ports and configuration, daemon off), then runs autocannon at 50 and 200
// connections, sending Accept-Encoding as a browser does (nginx compresses each answer). Counts
// how many requests reached the instances while nginx answered (its access log's cache status).
// Prints a table and writes bench-nginx-results.json. A measurement, not a test; builds nothing.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createBenchDatabase, freePort, stopper } from "./bench-support";
import { ONE_ROLE_CONSENT } from "@/db/config";
import { ConfigError } from "@/lib/config-error";
import { findNginx, nginxArgs, nginxRunConfig } from "./nginx-config";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = [50, 200] as const;
const TSX_BIN = path.resolve("node_modules/.bin/tsx");
const HEADERS = { "accept-encoding": "gzip, deflate, br", accept: "*/*" };

type Row = { name: string; connections: number; rps: number; p50: number; p99: number; errors: number; reachedApp: number | null };

let cleanup: () => Promise<void> = async () => {};
const onCleanup = (step: () => Promise<void>) => {
  const previous = cleanup;
  cleanup = async () => {
    await step().catch((e: unknown) => console.error("bench-nginx: cleanup step failed:", e));
    await previous();
  };
};

/** A database of the bench's own (scripts/bench-support.ts), dropped at the end. */
async function createDatabase(baseUrl: string): Promise<string> {
  const database = await createBenchDatabase(baseUrl, "bench_nginx");
  onCleanup(() => database.drop());
  return database.url;
}

async function waitFor(url: string, child: ChildProcess, what: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not answer ${url} within 60 s`);
}

async function startInstance(port: number, databaseUrl: string, secret: string): Promise<void> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new ConfigError("no production build in .next: run `npx next build` first.");
  const child = spawn(TSX_BIN, ["scripts/serve.ts", String(port)], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", AUTH_SECRET: secret, DATABASE_URL: databaseUrl, TRUSTED_PROXY_HOPS: "1", DATABASE_ONE_ROLE: ONE_ROLE_CONSENT },
  });
  onCleanup(stopper(child));
  await waitFor(`http://127.0.0.1:${port}/api/health`, child, `the instance on ${port}`);
}

async function startNginx(binary: string, upstreams: number[]): Promise<{ url: string; accessLog: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-bench-nginx-"));
  onCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const conf = path.join(dir, "nginx.conf");
  // One worker per core, as `worker_processes auto` would: nginx compresses every answer.
  const withStatus = nginxRunConfig(dir, port, upstreams, { workers: os.cpus().length }).replace(
    /access_log ([^;]+);/,
    "log_format corridor_cache '$upstream_cache_status $status';\n    access_log $1 corridor_cache;",
  );
  fs.writeFileSync(conf, withStatus);
  const child = spawn(binary, nginxArgs(dir, conf), { stdio: ["ignore", "ignore", "inherit"] });
  onCleanup(stopper(child));
  const url = `http://localhost:${port}`;
  await waitFor(`${url}/api/health`, child, "nginx");
  return { url, accessLog: path.join(dir, "access.log") };
}

/**
 * Requests nginx sent on to an instance since `from` bytes of its access log: a miss, an expired
 * copy fetched again, a revalidation (a 304 from the app) or a bypass. HIT, UPDATING (a stale copy
 * while another request fetches) and STALE are answered by nginx alone. Also the count per status.
 */
function reachedApp(accessLog: string, from: number): { count: number; size: number; byStatus: Record<string, number> } {
  const text = fs.readFileSync(accessLog, "utf8");
  const byStatus: Record<string, number> = {};
  for (const line of text.slice(from).split("\n").filter(Boolean)) {
    const status = line.split(" ")[0]!;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  const count = Object.entries(byStatus).reduce((n, [status, k]) => n + (["HIT", "UPDATING", "STALE"].includes(status) ? 0 : k), 0);
  return { count, size: text.length, byStatus };
}

async function main() {
  const binary = findNginx();
  if (!binary) throw new ConfigError("nginx is not installed (Debian: apt-get install nginx).");
  const baseUrl = process.env.DATABASE_URL?.trim();
  if (!baseUrl) throw new ConfigError("set DATABASE_URL to a local PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres (a database of its own is made and dropped there).");
  const loadAverage = os.loadavg();
  console.log(`bench-nginx: ${os.cpus().length} CPUs, load average ${loadAverage.map((l) => l.toFixed(2)).join(" ")} before the run`);
  const databaseUrl = await createDatabase(baseUrl);
  const secret = crypto.randomBytes(32).toString("base64url");
  const ports = [await freePort(), await freePort()];
  await Promise.all(ports.map((port) => startInstance(port, databaseUrl, secret)));
  const nginx = await startNginx(binary, ports);
  const direct = `http://localhost:${ports[0]}`;

  const town = "/en/towns/lysychansk";
  const html = await (await fetch(nginx.url + town)).text();
  // A hashed file the page loads (its stylesheet, or an island: it runs no Next chunk).
  const chunk = /(?:src|href)="(\/(?:_next\/static|islands)\/[^"]+\.(?:css|js))"/.exec(html)?.[1];
  if (!chunk) throw new Error("the town page loads no hashed static file");
  const targets = [
    { name: "town page through nginx", url: nginx.url + town, viaNginx: true },
    { name: "static asset through nginx", url: nginx.url + chunk, viaNginx: true },
    { name: "town page from one instance", url: direct + town, viaNginx: false },
  ];
  for (const target of targets) await autocannon({ url: target.url, connections: 10, duration: 2, headers: HEADERS, timeout: 10 });

  const rows: Row[] = [];
  for (const connections of CONNECTIONS) {
    for (const target of targets) {
      const before = reachedApp(nginx.accessLog, 0).size;
      const result = await autocannon({ url: target.url, connections, duration: DURATION_S, headers: HEADERS, timeout: 10 });
      const row: Row = {
        name: target.name,
        connections,
        rps: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx,
        reachedApp: target.viaNginx ? reachedApp(nginx.accessLog, before).count : null,
      };
      if (target.viaNginx) console.log(`    nginx cache statuses: ${JSON.stringify(reachedApp(nginx.accessLog, before).byStatus)}`);
      rows.push(row);
      console.log(`  ${row.name} × ${connections}: ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.errors} errors${row.reachedApp === null ? "" : `, ${row.reachedApp} requests reached an instance`}`);
    }
  }
  console.log(`\nBehind nginx, ${DURATION_S} s per run, autocannon on the same machine (load average before: ${loadAverage.map((l) => l.toFixed(2)).join(" ")})`);
  console.table(rows.map((r) => ({ name: r.name, connections: r.connections, "req/s": r.rps, "p50 ms": r.p50, "p99 ms": r.p99, errors: r.errors, "reached an instance": r.reachedApp ?? "" })));
  fs.writeFileSync(
    "bench-nginx-results.json",
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverageAtStart: loadAverage.map((l) => +l.toFixed(2)) },
        durationSeconds: DURATION_S,
        results: rows,
      },
      null,
      2,
    ) + "\n",
  );
  console.log("wrote bench-nginx-results.json");
}

let finishing = false;
async function finish(code: number) {
  if (finishing) return;
  finishing = true;
  await cleanup();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void finish(130));

main().then(
  () => finish(0),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`bench-nginx: ${error.message}`);
    else console.error(error);
    return finish(1);
  },
);
