// Load benchmark: how many requests per second the production build serves, side by
// side with a static asset, and how much memory the server takes doing it. Creates a fresh database
// on the local PostgreSQL named by DATABASE_URL (refuses any other host; dropped at the end, on
// failure and on Ctrl+C too), seeds the demo scenario, serves the current build as `npm start` does
// (scripts/serve.ts: Next's handler behind the public response cache), then runs autocannon against
// each target at 50 and 200 connections while sampling the RSS of the server's whole process tree
// (tsx runs serve.ts in a child node process). Beside the app it measures a plain Node server
// (`http.createServer` in a process of its own) sending, for the town page and the API, the very
// bytes and headers the app sent (gzip): the ceiling of what the cached path can reach, since it
// does the same work plus finding the answer. Prints a table and the verdicts and writes
// bench-results.json.
// A measurement, not a CI test: exits 0 when a target is missed unless BENCH_STRICT=1.
// Builds nothing: `npm run bench` builds first.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pidusage from "pidusage";
import { createBenchDatabase, freePort, waitForHealth } from "./bench-support";
import { ONE_ROLE_CONSENT } from "@/db/config";
import { ConfigError } from "@/lib/config-error";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = [50, 200] as const;
const SAMPLE_MS = 250;
// Alternating app / plain-server runs per ratio target (BENCH_PAIRS); the verdict takes their median.
const PAIR_ROUNDS = Math.max(1, Number(process.env.BENCH_PAIRS ?? 3));
const STRICT = process.env.BENCH_STRICT === "1";
const TSX_BIN = path.resolve("node_modules/.bin/tsx");
const MB = 1024 * 1024;
// What a browser or a CDN sends: the server compresses as it would for them.
const HEADERS = { "accept-encoding": "gzip, deflate, br", accept: "*/*" };

// base and pid: a target served by the plain server instead of the app.
type Target = { name: string; path: string; base?: string; pid?: number };
// cpuUsPerRequest: CPU time (user + system) the server's processes spent per answered request, from
// /proc: unlike req/s it hardly moves with the machine's other load, so it compares the app with
// the plain server even on a busy machine.
type Row = { name: string; connections: number; rps: number; p50: number; p99: number; errors: number; peakRssMb: number; cpuUsPerRequest: number | null };

let cleanup: () => Promise<void> = async () => {};

/** A database of the bench's own (scripts/bench-support.ts), dropped at the end. */
async function createDatabase(baseUrl: string): Promise<string> {
  const database = await createBenchDatabase(baseUrl, "bench");
  const previous = cleanup;
  cleanup = async () => {
    await previous();
    await database.drop();
  };
  return database.url;
}

/** The production server on the build in .next; stderr is kept (last lines) for a failure message. */
function startServer(port: number, databaseUrl: string): { child: ChildProcess; stderrTail: () => string } {
  if (!fs.existsSync(".next/BUILD_ID")) throw new ConfigError("no production build in .next: run `npm run bench` (it builds first) or `npm run build`.");
  const child = spawn(TSX_BIN, ["scripts/serve.ts", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NODE_ENV: "production", AUTH_SECRET: crypto.randomBytes(32).toString("base64url"), DATABASE_URL: databaseUrl, DATABASE_ONE_ROLE: ONE_ROLE_CONSENT },
  });
  let tail: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    tail = [...tail, ...chunk.split("\n")].slice(-20);
  });
  const previous = cleanup;
  cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 7000))]);
      clearTimeout(timer);
    }
    await previous();
  };
  return { child, stderrTail: () => tail.join("\n") };
}


/** The pid and every descendant of it, from /proc (Linux). */
function processTree(root: number): number[] {
  if (!fs.existsSync("/proc")) return [root]; // elsewhere: the server process alone
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by the process tree, or null without /proc. */
function cpuSeconds(root: number): number | null {
  if (!fs.existsSync("/proc")) return null;
  let ticks = 0;
  for (const pid of processTree(root)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // exited meanwhile
    }
  }
  return ticks / CLOCK_TICKS_PER_S;
}

/** Samples the summed RSS of the tree every SAMPLE_MS until stopped; returns the peak in MB. */
function sampleRss(root: number): () => Promise<number> {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const stats = await pidusage(processTree(root));
        peak = Math.max(peak, Object.values(stats).reduce((sum, s) => sum + s.memory, 0));
      } catch {
        // a process of the tree exited between listing and reading: next sample
      }
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return peak / MB;
  };
}

/** A script chunk the town page really loads: what a CDN would serve from /_next/static. */
async function staticChunk(base: string): Promise<string> {
  const html = await (await fetch(`${base}/en/towns/lysychansk`)).text();
  const fromPage = [...html.matchAll(/<script[^>]+src="(\/_next\/static\/chunks\/[^"]+\.js)"/g)].map((m) => m[1]!);
  if (fromPage.length > 0) return fromPage[0]!;
  const chunks = fs.readdirSync(".next/static/chunks").filter((f) => f.endsWith(".js"));
  if (chunks.length === 0) throw new Error("no JavaScript chunk in .next/static/chunks");
  return `/_next/static/chunks/${chunks[0]}`;
}

type RawAnswer = { status: number; headers: Record<string, string | string[]>; body: string };

/** What the app sends for a path, exactly: status, headers and the compressed bytes (fetch would decompress). */
function rawAnswer(base: string, target: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get(base + target, { headers: HEADERS }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          // Node adds these itself, as it does for the app.
          const { date: _date, connection: _connection, "keep-alive": _keepAlive, "transfer-encoding": _te, ...headers } = res.headers;
          resolve({ status: res.statusCode ?? 0, headers: headers as Record<string, string | string[]>, body: Buffer.concat(chunks).toString("base64") });
        });
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

// The plain server: the path's answer from a Map, written with writeHead and end, nothing else.
const PLAIN_SERVER = `
const http = require("node:http");
const answers = new Map(Object.entries(JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))).map(([path, a]) => [path, { ...a, body: Buffer.from(a.body, "base64") }]));
http.createServer((req, res) => {
  const a = answers.get(req.url);
  if (!a) { res.writeHead(404); res.end(); return; }
  res.writeHead(a.status, a.headers);
  res.end(a.body);
}).listen(Number(process.argv[2]), "127.0.0.1", () => process.stdout.write("ready\\n"));
`;

/** Starts the plain server with these answers, in a node process of its own (autocannon has this one). */
async function startPlainServer(answers: Record<string, RawAnswer>): Promise<{ base: string; pid: number }> {
  const file = path.join(os.tmpdir(), `corridor-bench-plain-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(answers));
  const port = await freePort();
  const child = spawn(process.execPath, ["-e", PLAIN_SERVER, file, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  const previous = cleanup;
  cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(file, { force: true });
    await previous();
  };
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the plain server exited (${code})`)));
  });
  return { base: `http://127.0.0.1:${port}`, pid: child.pid! };
}

function run(url: string, connections: number, duration: number) {
  return autocannon({ url, connections, duration, headers: HEADERS, timeout: 10 });
}

async function main() {
  const baseUrl = process.env.DATABASE_URL?.trim();
  if (!baseUrl) {
    throw new ConfigError("the load benchmark runs on PostgreSQL: set DATABASE_URL to a local server, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (it creates and drops a database of its own there).");
  }
  const loadAverage = os.loadavg();
  console.log(`bench-load: ${os.cpus().length} CPUs, load average ${loadAverage.map((l) => l.toFixed(2)).join(" ")} before the run`);
  const databaseUrl = await createDatabase(baseUrl);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { child, stderrTail } = startServer(port, databaseUrl);
  await waitForHealth(base, child, stderrTail, 60_000);

  const townPath = "/en/towns/lysychansk";
  const apiPath = "/api/v1/routes";
  const app: Target[] = [
    { name: "static asset", path: await staticChunk(base) },
    { name: "town page", path: townPath },
    { name: "lite town page", path: "/en/lite/towns/lysychansk" },
    { name: "API /api/v1/routes", path: apiPath },
  ];
  for (const target of app) {
    const response = await fetch(base + target.path, { headers: HEADERS });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${target.path}: HTTP ${response.status} before the run`);
    await run(base + target.path, 10, 3); // warm-up: JIT, the pool's connections, caches
  }
  // The same bytes from a plain server: taken from the app after its warm-up (a cached answer).
  const plainAnswers = { [townPath]: await rawAnswer(base, townPath), [apiPath]: await rawAnswer(base, apiPath) };
  for (const [p, a] of Object.entries(plainAnswers)) {
    if (a.status !== 200 || a.headers["content-encoding"] !== "gzip") throw new Error(`${p}: expected a 200 gzip answer for the plain server, got ${a.status} ${String(a.headers["content-encoding"])}`);
  }
  const { base: plainBase, pid: plainPid } = await startPlainServer(plainAnswers);
  const plain: Target[] = [
    { name: "plain Node, town page bytes", path: townPath, base: plainBase, pid: plainPid },
    { name: "plain Node, API bytes", path: apiPath, base: plainBase, pid: plainPid },
  ];
  for (const target of plain) await run(plainBase + target.path, 10, 3);
  // Each plain twin right after its app target: on a machine whose load moves, a ratio of two runs
  // minutes apart would measure the load, not the server.
  const targets = [app[0]!, app[1]!, plain[0]!, app[2]!, app[3]!, plain[1]!];

  const measure = async (target: Target, connections: number): Promise<Row> => {
    const pid = target.pid ?? child.pid!;
    const stop = sampleRss(pid);
    const cpuBefore = cpuSeconds(pid);
    const result = await run((target.base ?? base) + target.path, connections, DURATION_S);
    const cpuAfter = cpuSeconds(pid);
    const peakRssMb = await stop();
    if (child.exitCode !== null) throw new Error(`the server exited during the run:\n${stderrTail()}`);
    const row: Row = {
      name: target.name,
      connections,
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx, // errors include timeouts
      peakRssMb: Math.round(peakRssMb),
      cpuUsPerRequest: cpuBefore === null || cpuAfter === null || result.requests.total === 0 ? null : Math.round((1e6 * (cpuAfter - cpuBefore)) / result.requests.total),
    };
    console.log(`  ${row.name} (${target.path}) × ${connections}: ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.errors} errors, RSS ${row.peakRssMb} MB, CPU ${row.cpuUsPerRequest ?? "?"} µs/request`);
    return row;
  };
  const rows: Row[] = [];
  for (const connections of CONNECTIONS) for (const target of targets) rows.push(await measure(target, connections));
  // The cached path against the plain server: more alternating pairs at 50 connections, and the
  // median of the pairs' ratios (the first pair is the table's).
  const pairs = { town: [app[1]!, plain[0]!], api: [app[3]!, plain[1]!] } as const;
  const ratios: Record<keyof typeof pairs, number[]> = { town: [], api: [] };
  // The same comparison by CPU per request: plain's µs / the app's µs (1 = as cheap as the plain server).
  const cpuRatios: Record<keyof typeof pairs, number[]> = { town: [], api: [] };
  const cpuRatio = (a: Row, b: Row) => (a.cpuUsPerRequest && b.cpuUsPerRequest ? cpuRatios : null);
  for (const [name, [appTarget, plainTarget]] of Object.entries(pairs) as [keyof typeof pairs, readonly [Target, Target]][]) {
    const first = [rows.find((r) => r.name === appTarget.name && r.connections === 50)!, rows.find((r) => r.name === plainTarget.name && r.connections === 50)!];
    ratios[name].push(first[0]!.rps / first[1]!.rps);
    cpuRatio(first[0]!, first[1]!)?.[name].push(first[1]!.cpuUsPerRequest! / first[0]!.cpuUsPerRequest!);
    for (let round = 1; round < PAIR_ROUNDS; round++) {
      const a = await measure(appTarget, 50);
      const b = await measure(plainTarget, 50);
      rows.push({ ...a, name: `${a.name} (pair ${round + 1})` }, { ...b, name: `${b.name} (pair ${round + 1})` });
      ratios[name].push(a.rps / b.rps);
      cpuRatio(a, b)?.[name].push(b.cpuUsPerRequest! / a.cpuUsPerRequest!);
    }
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  // The app's own peak: the plain server's rows sample the plain server.
  const peakRssMb = Math.max(...rows.filter((r) => !r.name.startsWith("plain Node")).map((r) => r.peakRssMb));

  console.log(`\nLoad, ${DURATION_S} s per run, autocannon on the same machine (load average before: ${loadAverage.map((l) => l.toFixed(2)).join(" ")})`);
  console.table(rows.map((r) => ({ name: r.name, connections: r.connections, "req/s": r.rps, "p50 ms": r.p50, "p99 ms": r.p99, errors: r.errors, "peak RSS MB": r.peakRssMb, "CPU µs/req": r.cpuUsPerRequest })));
  console.log(`server peak RSS (serve.ts and its children): ${peakRssMb} MB`);

  const at = (name: string, connections: number) => rows.find((r) => r.name === name && r.connections === connections)!;
  const staticRps = at("static asset", 50).rps;
  const targetsMet = [
    ...["town page", "API /api/v1/routes"].flatMap((name) => [
      { target: `${name}: ≥ 70% of the static asset's req/s at 50 connections`, measured: `${Math.round((100 * at(name, 50).rps) / staticRps)}%`, pass: at(name, 50).rps >= 0.7 * staticRps },
      { target: `${name}: p99 < 250 ms at 50 connections`, measured: `${at(name, 50).p99} ms`, pass: at(name, 50).p99 < 250 },
    ]),
    // The cached path against a server that does nothing but send the same bytes: what is left is ours.
    ...[
      { name: "town page", pair: "town" as const, share: 0.8 },
      { name: "API /api/v1/routes", pair: "api" as const, share: 0.95 },
    ].map(({ name, pair, share }) => {
      const ratio = median(ratios[pair]);
      const each = ratios[pair].map((r) => `${Math.round(100 * r)}%`).join(", ");
      const cpu = cpuRatios[pair].length > 0 ? `; by CPU per request ${Math.round(100 * median(cpuRatios[pair]))}%` : "";
      return { target: `${name}: ≥ ${100 * share}% of a plain Node server sending its bytes, at 50 connections (median of ${ratios[pair].length} alternating pairs)`, measured: `${Math.round(100 * ratio)}% (${each})${cpu}`, pass: ratio >= share };
    }),
    { target: "no errors in any run", measured: `${rows.reduce((n, r) => n + r.errors, 0)} errors`, pass: rows.every((r) => r.errors === 0) },
  ];
  for (const t of targetsMet) console.log(`${t.pass ? "PASS" : "FAIL"}  ${t.target} (${t.measured})`);

  fs.writeFileSync(
    "bench-results.json",
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverageAtStart: loadAverage.map((l) => +l.toFixed(2)) },
        durationSeconds: DURATION_S,
        targets: targets.map((t) => ({ name: t.name, path: t.path })),
        results: rows.map(({ name, connections, rps, p50, p99, errors, peakRssMb, cpuUsPerRequest }) => ({ name, connections, rps, p50, p99, errors, peakRssMb, cpuUsPerRequest })),
        peakRssMb,
        verdicts: targetsMet,
      },
      null,
      2,
    ) + "\n",
  );
  console.log("wrote bench-results.json");
  if (STRICT && targetsMet.some((t) => !t.pass)) process.exitCode = 1;
}

let finishing = false;
async function finish(code: number) {
  if (finishing) return;
  finishing = true;
  await cleanup().catch((e: unknown) => console.error("bench-load: cleanup failed:", e));
  pidusage.clear();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void finish(130));

main().then(
  () => finish(Number(process.exitCode ?? 0)),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`bench-load: ${error.message}`);
    else console.error(error);
    return finish(1);
  },
);
