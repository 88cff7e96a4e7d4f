// Outage benchmark: PostgreSQL stops for 30 s under load against two instances behind the shipped
// deploy/nginx.conf (scripts/nginx-config.ts), as a deployment runs them.
// Reports answers/s, p50/p99 and the status codes before, during and after the outage, how long a
// refused write (a sign-in: it counts attempts in the database) takes to say so, and how long each
// instance takes to serve fresh answers again once the database answers.
// The instances hold different copies when the database stops (each was asked only for its half of
// the addresses), and from then on every request goes through nginx, to whichever instance it
// picks: the case where an instance without a copy once made nginx take both out and answer its
// bare 502 page. Each answer through nginx is classified, and there must be none but a fresh one
// (unmarked only while a copy made before the stop may still be fresh), a marked stale copy (the
// app's or nginx's notice in a page, X-Corridor-Stale-Since on JSON and XML), or a 503 with
// Retry-After that is the app's own (a problem+json document on /api and /feeds).
//
// It never touches the machine's PostgreSQL (others use it): it makes a PostgreSQL cluster of its
// own (initdb into a temporary directory, as the postgres user when run as root, on a free port),
// stops that one with `pg_ctl stop -m immediate` (a crash, as an outage is) and starts it again.
// The cluster, the instances and the directory are removed at the end, on failure and on Ctrl+C
// too; every external command is bounded in time.
// A measurement, not a CI test: exits 0 when a target is missed unless BENCH_STRICT=1.
// Builds nothing: `npm run bench` builds first. BENCH_OUTAGE_S changes the outage's length.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { openDb } from "@/db/client";
import { ONE_ROLE_CONSENT, parsePostgresUrl } from "@/db/config";
import { seedScenario } from "@/db/seed";
import { ConfigError } from "@/lib/config-error";
import { freePort, stopper } from "./bench-support";
import { findNginx, nginxArgs, nginxRunConfig } from "./nginx-config";

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const OUTAGE_S = Number(process.env.BENCH_OUTAGE_S ?? 30);
const BEFORE_S = 5;
const AFTER_S = 15;
/** Client loops per instance, each sending its next request when the last is answered. */
const LOOPS_PER_INSTANCE = 8;
const STRICT = process.env.BENCH_STRICT === "1";
const TSX_BIN = path.resolve("node_modules/.bin/tsx");
const HEADERS = { "accept-encoding": "gzip, deflate, br", accept: "*/*" };
const DEMO_PASSWORD = "corridor-demo";
/** Addresses warmed before the outage: instance 0 holds the even ones, instance 1 the odd ones. */
const CACHED = ["/en/towns/lysychansk", "/uk/towns/sievierodonetsk", "/en/lite/towns/lysychansk", "/api/v1/routes", "/feeds/status.atom", "/en/routes/lysychansk-bakhmut", "/api/v1/routes.geojson", "/feeds/cap.atom"];
const ownHalf = (index: number) => CACHED.filter((_, i) => i % 2 === index);
/** How long after the stop an unmarked 200 may still be a copy that is fresh: 10 s in the app, then at most its max-age plus stale-while-revalidate in nginx (each ≤ 10 s), + 1 s. */
const UNMARKED_AT_MOST_MS = 21_000;
const APP_STALE_NOTICE = /class="stale-notice"/;
/** Never requested before the outage: the 503 with Retry-After, at once. */
const NEVER_SERVED = "/ru/towns/popasna";
/** No request may wait longer than this: a hung answer is counted as a timeout. */
const REQUEST_TIMEOUT_MS = 20_000;

type Phase = "before" | "outage" | "after";
type Verdict = "fresh" | "marked-stale" | "unavailable" | "bare";
type Answer = { phase: Phase; instance: number; at: number; ms: number; status: number; stale: boolean; verdict: Verdict; address: string; detail: string };

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      console.error("bench-outage: cleanup step failed:", error instanceof Error ? error.message : error);
    }
  }
}

// --- the private PostgreSQL cluster --------------------------------------------------------------

const asRoot = process.getuid?.() === 0;
/**
 * Runs a PostgreSQL binary (as postgres when we are root: initdb and postgres refuse root),
 * killed after `timeoutMs`. Asynchronous: a blocked event loop would add its wait to the
 * latencies of the requests in flight.
 */
function pg(binary: string, args: string[], timeoutMs: number): Promise<void> {
  const command = asRoot ? "runuser" : path.join(PG_BIN, binary);
  const argv = asRoot ? ["-u", "postgres", "--", path.join(PG_BIN, binary), ...args] : args;
  return new Promise((resolve, reject) => {
    // pg_ctl start leaves the server running with our pipes: read its output from the log instead.
    const child = spawn(command, argv, { stdio: ["ignore", "ignore", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2_000)));
    child.once("error", reject);
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${binary} ${args.join(" ")} failed (${signal ?? `exit ${code}`}): ${stderr}`))));
  });
}

type Cluster = { url: string; stop(): Promise<void>; start(): Promise<void> };

async function startCluster(): Promise<Cluster> {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) throw new ConfigError(`no PostgreSQL binaries in ${PG_BIN} (set PG_BIN, or apt-get install postgresql-15)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-bench-outage-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  if (asRoot) spawnSync("chown", ["postgres:", dir], { timeout: 5_000 });
  const data = path.join(dir, "data");
  const port = await freePort(55432);
  await pg("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], 120_000);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  let running = false;
  const start = async () => {
    running = true; // from the first moment it may be running, cleanup stops it
    await pg("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"], 70_000);
  };
  const stop = async () => {
    await pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"], 40_000);
    running = false;
  };
  // Whatever happens from here on, the cluster is stopped before its directory is removed.
  cleanups.push(async () => {
    if (running) await stop();
  });
  await start();
  return { url: `postgres://postgres@127.0.0.1:${port}/corridor`, stop, start };
}

async function prepareDatabase(url: string) {
  const server = new URL(url);
  server.pathname = "/postgres";
  const { default: postgres } = await import("postgres");
  const admin = postgres(server.toString(), { onnotice: () => {}, max: 1, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database corridor`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const handle = await openDb({ ...parsePostgresUrl(url), oneRole: true });
  try {
    await handle.migrate();
    await seedScenario(handle.db, { demoUsers: true });
  } finally {
    await handle.close();
  }
}

// --- the app instances ---------------------------------------------------------------------------

type Instance = { base: string; child: ChildProcess; log: string[] };

function startInstance(port: number, databaseUrl: string, secret: string): Instance {
  if (!fs.existsSync(".next/BUILD_ID")) throw new ConfigError("no production build in .next: run `npm run bench` (it builds first) or `npm run build`.");
  const subscriberKey = crypto.createHash("sha256").update(`subscriber-key:${secret}`).digest("base64");
  const child = spawn(TSX_BIN, ["scripts/serve.ts", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NODE_ENV: "production", AUTH_SECRET: secret, SUBSCRIBER_KEY: subscriberKey, DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: "4", DATABASE_ONE_ROLE: ONE_ROLE_CONSENT, TRUSTED_PROXY_HOPS: "1" },
  });
  const log: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) if (line.trim()) log.push(`${new Date().toISOString()} ${line}`);
    log.splice(0, Math.max(0, log.length - 200));
  });
  cleanups.push(stopper(child));
  return { base: `http://localhost:${port}`, child, log };
}

async function waitForHealth(instance: Instance) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null) throw new Error(`an instance exited (${instance.child.exitCode}):\n${instance.log.slice(-20).join("\n")}`);
    try {
      if ((await fetch(`${instance.base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`an instance did not become healthy within 90 s:\n${instance.log.slice(-20).join("\n")}`);
}

async function timed(url: string, init: RequestInit = {}): Promise<{ ms: number; status: number; stale: boolean; response: Response | null; verdict: Verdict; detail: string }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, headers: { ...HEADERS, ...(init.headers as Record<string, string> | undefined) }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = await response.text();
    const ms = performance.now() - started;
    const { verdict, detail } = classify(new URL(url).pathname, response, body);
    return { ms, status: response.status, stale: verdict === "marked-stale", response, verdict, detail };
  } catch (error) {
    return { ms: performance.now() - started, status: 0, stale: false, response: null, verdict: "bare", detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A request straight to one instance, as nginx sends it (its Host and X-Forwarded-* headers): the
 * response cache keeps one copy per Host and X-Forwarded-Host, so a copy warmed under the
 * instance's own address would never answer a request that came through nginx. fetch() cannot
 * set Host, so this is node:http; identity bodies, as nginx asks for.
 */
async function timedAsNginx(base: string, address: string, nginxHost: string): ReturnType<typeof timed> {
  const started = performance.now();
  const target = new URL(address, base);
  try {
    const { status, headers, body } = await new Promise<{ status: number; headers: Headers; body: string }>((resolve, reject) => {
      const req = http.get(
        target,
        { headers: { accept: "*/*", host: nginxHost, "x-forwarded-host": nginxHost, "x-forwarded-proto": "http", "x-forwarded-for": "127.0.0.1" }, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            const h = new Headers();
            for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) h.set(name, Array.isArray(value) ? value.join(", ") : value);
            resolve({ status: res.statusCode ?? 0, headers: h, body: text });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", reject);
    });
    const { verdict, detail } = classify(target.pathname, { status, headers }, body);
    return { ms: performance.now() - started, status, stale: verdict === "marked-stale", response: null, verdict, detail };
  } catch (error) {
    return { ms: performance.now() - started, status: 0, stale: false, response: null, verdict: "bare", detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * What a client got: a fresh answer, a stale copy marked as such, the app's own 503 (problem+json
 * on /api and /feeds, its page elsewhere, with Retry-After either way), or anything else ("bare":
 * nginx's 502/504 page, a 500, an empty 200, no answer at all).
 */
function classify(pathname: string, response: { status: number; headers: Headers }, body: string): { verdict: Verdict; detail: string } {
  const type = response.headers.get("content-type") ?? "";
  const machine = /^\/(api|feeds)\//.test(pathname);
  const detail = `${response.status} ${type.split(";")[0]} ${response.headers.get("x-corridor-shared-cache") ?? "-"}/${response.headers.get("x-corridor-cache") ?? "-"}`;
  if (response.status === 503 && response.headers.get("retry-after")) {
    // The app's page says so in its header; nginx's own error pages are never counted as the app's.
    if (machine ? type.startsWith("application/problem+json") && body.includes('"/api/v1/problems/unavailable"') : type.startsWith("text/html") && response.headers.get("x-corridor-cache") === "UNAVAILABLE") return { verdict: "unavailable", detail };
    return { verdict: "bare", detail };
  }
  if (response.status !== 200 || body.length === 0) return { verdict: "bare", detail };
  if (response.headers.get("x-corridor-stale-since") || (type.startsWith("text/html") && APP_STALE_NOTICE.test(body))) return { verdict: "marked-stale", detail };
  return { verdict: "fresh", detail };
}

// --- nginx in front ------------------------------------------------------------------------------

async function startNginxInFront(upstreams: number[]): Promise<string> {
  const binary = findNginx();
  if (!binary) throw new ConfigError("nginx is not installed (Debian: apt-get install nginx): the outage is measured through it");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-bench-outage-nginx-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const port = await freePort(18080);
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(conf, nginxRunConfig(dir, port, upstreams));
  const child = spawn(binary, nginxArgs(dir, conf), { stdio: ["ignore", "ignore", "inherit"] });
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  });
  const url = `http://localhost:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      return url;
    } catch {
      if (tries > 100) throw new Error("nginx did not start listening within 10 s");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * One refused (or accepted) write: a sign-in posted to Auth.js's credentials callback, as the
 * form does. It reads and writes the failed-sign-in counters in the database, so while the
 * database is down it must be refused, quickly, with `code=unavailable`.
 */
async function signIn(base: string): Promise<{ ms: number; outcome: "signed-in" | "unavailable" | "other"; detail: string }> {
  let started = performance.now();
  try {
    const csrf = await fetch(`${base}/api/auth/csrf`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    // Timed from the write itself: the CSRF token is not part of it (no database involved).
    started = performance.now();
    const response = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ email: "coordinator@example.org", password: DEMO_PASSWORD, csrfToken, callbackUrl: `${base}/en/coordinate` }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    const location = response.headers.get("location") ?? "";
    const ms = performance.now() - started;
    if (/[?&]code=unavailable\b/.test(location)) return { ms, outcome: "unavailable", detail: location };
    if (response.status === 302 && location.endsWith("/en/coordinate")) return { ms, outcome: "signed-in", detail: location };
    return { ms, outcome: "other", detail: `${response.status} ${location}` };
  } catch (error) {
    return { ms: performance.now() - started, outcome: "other", detail: error instanceof Error ? error.message : String(error) };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarise(answers: Answer[], seconds: number) {
  const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[a.status === 0 ? "error" : String(a.status)] = (statuses[String(a.status === 0 ? "error" : a.status)] ?? 0) + 1;
  return {
    answers: answers.length,
    perSecond: Math.round((answers.length / seconds) * 10) / 10,
    p50: Math.round(percentile(ms, 50) * 10) / 10,
    p99: Math.round(percentile(ms, 99) * 10) / 10,
    max: Math.round((ms[ms.length - 1] ?? NaN) * 10) / 10,
    statuses,
    stale: answers.filter((a) => a.stale).length,
  };
}

async function main() {
  const loadBefore = os.loadavg();
  console.log(`bench-outage: ${os.cpus().length} CPUs, load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before the run`);
  const cluster = await startCluster();
  await prepareDatabase(cluster.url);
  const secret = crypto.randomBytes(32).toString("base64url");
  const ports = [await freePort(), await freePort()];
  const instances = ports.map((port) => startInstance(port, cluster.url, secret));
  await Promise.all(instances.map(waitForHealth));
  const nginx = await startNginxInFront(ports);
  const nginxHost = new URL(nginx).host;

  // Each instance holds a copy of its half of the addresses only, and has signed in once (warm paths).
  for (const [index, instance] of instances.entries()) {
    for (const address of ownHalf(index)) {
      const warm = await timedAsNginx(instance.base, address, nginxHost);
      if (warm.status !== 200) throw new Error(`${address}: HTTP ${warm.status} before the run`);
    }
    const warm = await signIn(instance.base);
    if (warm.outcome !== "signed-in") throw new Error(`a sign-in before the outage did not succeed: ${warm.detail}`);
  }

  const answers: Answer[] = [];
  let phase: Phase = "before";
  let running = true;
  const t0 = performance.now();
  // Before the stop, each loop asks its own instance for that instance's half (so the copies stay
  // apart), as nginx would (so the copies are the ones nginx's requests find); from the stop on,
  // every request goes through nginx, for every address.
  const loops = instances.flatMap((instance, index) =>
    Array.from({ length: LOOPS_PER_INSTANCE }, async (_, loop) => {
      for (let i = loop; running; i++) {
        const before = phase === "before";
        const addresses = before ? ownHalf(index) : CACHED;
        const address = addresses[i % addresses.length]!;
        const answer = before ? await timedAsNginx(instance.base, address, nginxHost) : await timed(nginx + address);
        answers.push({ phase, instance: index, at: performance.now() - t0, ms: answer.ms, status: answer.status, stale: answer.stale, verdict: answer.verdict, address, detail: answer.detail });
      }
    }),
  );

  await new Promise((r) => setTimeout(r, BEFORE_S * 1000));
  const stoppedAt = performance.now() - t0;
  await cluster.stop();
  phase = "outage";
  console.log(`bench-outage: PostgreSQL stopped (immediate) at ${(stoppedAt / 1000).toFixed(1)} s; ${OUTAGE_S} s of outage under load`);
  // During the outage: refused writes and the never-served address, on each instance, every 2 s.
  const refusals: { instance: number; ms: number; outcome: string }[] = [];
  const neverServed: { instance: number; ms: number; status: number; retryAfter: string | null }[] = [];
  const probing = (async () => {
    while (phase === "outage") {
      for (const [index, instance] of instances.entries()) {
        const refusal = await signIn(instance.base);
        refusals.push({ instance: index, ms: refusal.ms, outcome: refusal.outcome });
        const never = await timed(nginx + NEVER_SERVED);
        neverServed.push({ instance: index, ms: never.ms, status: never.status, retryAfter: never.response?.headers.get("retry-after") ?? null });
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
  })();
  await new Promise((r) => setTimeout(r, OUTAGE_S * 1000));
  phase = "after";
  await probing;
  const startStarted = performance.now() - t0;
  await cluster.start();
  // pg_ctl -w returns once the server accepts connections: "the database answering".
  const answeringAt = performance.now() - t0;
  console.log(`bench-outage: PostgreSQL answering again at ${(answeringAt / 1000).toFixed(1)} s (pg_ctl start took ${((answeringAt - startStarted) / 1000).toFixed(1)} s)`);
  // Recovery of writes: the first sign-in that succeeds on each instance.
  const writesBack = instances.map(async (instance) => {
    for (;;) {
      const attempt = await signIn(instance.base);
      if (attempt.outcome === "signed-in") return performance.now() - t0 - answeringAt;
      if (performance.now() - t0 - answeringAt > AFTER_S * 1000) return NaN;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  await new Promise((r) => setTimeout(r, AFTER_S * 1000));
  running = false;
  await Promise.all(loops);
  const writeRecovery = await Promise.all(writesBack);

  // Recovery of reads through nginx: from the database answering to the first fresh answer after
  // which none was stale or unavailable again (nginx spreads the requests over both instances), for
  // each half of the addresses (each instance's copies before the stop).
  const readRecovery = instances.map((_, index) => {
    const half = new Set(ownHalf(index));
    const after = answers.filter((a) => a.at >= answeringAt && half.has(a.address));
    let lastStale = -1;
    after.forEach((a, i) => {
      if (a.verdict !== "fresh") lastStale = i;
    });
    const first = after[lastStale + 1];
    // None: the half's last answer was still not fresh when the bench ended.
    return first ? first.at - answeringAt : NaN;
  });

  const recoveryText = (ms: number) => (Number.isNaN(ms) ? `not settled by the end (${AFTER_S} s)` : `${(ms / 1000).toFixed(2)} s`);
  const outageEnd = answeringAt;
  const during = answers.filter((a) => a.phase === "outage" || (a.phase === "after" && a.at < outageEnd));
  // The breaker opens at the first query that meets the outage: the first second after the stop
  // holds the requests that were in flight then; after it every instance knows.
  const opened = stoppedAt + 1_000;
  const phases = {
    before: summarise(answers.filter((a) => a.phase === "before"), stoppedAt / 1000),
    outage: summarise(during, (outageEnd - stoppedAt) / 1000),
    breakerOpen: summarise(during.filter((a) => a.at >= opened), (outageEnd - opened) / 1000),
    after: summarise(answers.filter((a) => a.at >= outageEnd), (performance.now() - t0 - outageEnd) / 1000),
  };
  const refusalMs = refusals.map((r) => r.ms).sort((a, b) => a - b);
  const neverMs = neverServed.map((r) => r.ms).sort((a, b) => a - b);
  const bare = answers.filter((a) => a.verdict === "bare");
  const unmarkedLate = answers.filter((a) => a.verdict === "fresh" && a.at > stoppedAt + UNMARKED_AT_MOST_MS && a.at < answeringAt);
  const counted = (list: Answer[]) => Object.entries(Object.groupBy(list, (a) => `${a.address} ${a.detail}`)).map(([key, group]) => `${key} ×${group!.length}`).slice(0, 8).join("; ");
  const throughNginx = answers.filter((a) => a.phase !== "before");
  const verdictCounts = Object.fromEntries((["fresh", "marked-stale", "unavailable", "bare"] as const).map((v) => [v, throughNginx.filter((a) => a.verdict === v).length]));
  const verdicts = [
    { target: "0 bare errors: every answer fresh, marked stale, or the app's 503 with Retry-After (problem+json on /api, /feeds), before, during and after", met: bare.length === 0, value: `${bare.length} of ${answers.length}${bare.length ? `: ${counted(bare)}` : ""}` },
    { target: `every stale answer marked: no unmarked 200 through nginx later than ${UNMARKED_AT_MOST_MS / 1000} s into the outage`, met: unmarkedLate.length === 0, value: `${unmarkedLate.length}${unmarkedLate.length ? `: ${counted(unmarkedLate)}` : ""}` },
    { target: "p99 under 100 ms while the breaker is open", met: phases.breakerOpen.p99 < 100, value: `${phases.breakerOpen.p99} ms (whole outage ${phases.outage.p99} ms)` },
    { target: "recovery within 3 s of the database answering (fresh answers through nginx for both instances' addresses)", met: readRecovery.every((ms) => ms <= 3_000), value: readRecovery.map(recoveryText).join(", ") },
    { target: "every write refused within 2 s while the database is down", met: refusals.length > 0 && refusals.every((r) => r.outcome === "unavailable" && r.ms < 2_000), value: `max ${Math.round(refusalMs[refusalMs.length - 1] ?? NaN)} ms over ${refusals.length}, outcomes ${[...new Set(refusals.map((r) => r.outcome))].join("/")}` },
    { target: "a never-served address gets the 503 with Retry-After at once", met: neverServed.length > 0 && neverServed.every((n) => n.status === 503 && n.retryAfter !== null), value: `p50 ${Math.round(percentile(neverMs, 50))} ms, max ${Math.round(neverMs[neverMs.length - 1] ?? NaN)} ms` },
  ];

  console.log("\nphase        answers  per s   p50 ms  p99 ms  max ms  statuses (stale)");
  for (const [name, s] of Object.entries(phases)) {
    console.log(`${name.padEnd(12)} ${String(s.answers).padStart(7)} ${String(s.perSecond).padStart(7)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(7)} ${String(s.max).padStart(7)}  ${JSON.stringify(s.statuses)} (${s.stale})`);
  }
  console.log(`\nthrough nginx (during and after): ${JSON.stringify(verdictCounts)}`);
  console.log(`refused sign-ins during the outage: ${refusals.length}, p50 ${Math.round(percentile(refusalMs, 50))} ms, max ${Math.round(refusalMs[refusalMs.length - 1] ?? NaN)} ms`);
  console.log(`reads fresh again after the database answered: ${readRecovery.map(recoveryText).join(", ")}; sign-in works again after: ${writeRecovery.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(", ")}`);
  const windows: string[] = [];
  for (let from = stoppedAt; from < outageEnd; from += 5_000) {
    const w = summarise(during.filter((a) => a.at >= from && a.at < Math.min(from + 5_000, outageEnd)), Math.min(5_000, outageEnd - from) / 1000);
    windows.push(`${((from - stoppedAt) / 1000).toFixed(0)}-${((Math.min(from + 5_000, outageEnd) - stoppedAt) / 1000).toFixed(0)} s: ${w.perSecond}/s p50 ${w.p50} p99 ${w.p99}`);
  }
  console.log(`outage by 5 s: ${windows.join(" | ")}`);
  for (const v of verdicts) console.log(`${v.met ? "PASS" : "FAIL"} ${v.target}: ${v.value}`);
  const breakerLines = instances.flatMap((instance, index) => instance.log.filter((line) => line.includes("database unreachable") || line.includes("reachable again")).map((line) => `instance ${index}: ${line}`));
  if (breakerLines.length) console.log(`\n${breakerLines.join("\n")}`);

  fs.writeFileSync(
    "bench-outage-results.json",
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() },
        setup: { instances: instances.length, behindNginx: true, loopsPerInstance: LOOPS_PER_INSTANCE, addresses: CACHED, copiesBeforeTheStop: instances.map((_, i) => ownHalf(i)), outageSeconds: OUTAGE_S },
        throughNginx: verdictCounts,
        phases,
        outageWindows: windows,
        refusedWrites: { count: refusals.length, p50: percentile(refusalMs, 50), max: refusalMs[refusalMs.length - 1] ?? null },
        neverServed: { count: neverServed.length, statuses: [...new Set(neverServed.map((n) => n.status))], p50: percentile(neverMs, 50), max: neverMs[neverMs.length - 1] ?? null },
        recovery: { readsMs: readRecovery, signInMs: writeRecovery },
        verdicts,
      },
      null,
      2,
    ),
  );
  console.log("bench-outage: wrote bench-outage-results.json");
  return verdicts.every((v) => v.met);
}

let exiting = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    console.error(`bench-outage: ${signal}, cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

// Bounded: the whole run, cleanup included, never takes more than a few minutes.
const watchdog = setTimeout(
  () => {
    console.error("bench-outage: took longer than 5 minutes; cleaning up");
    void cleanup().finally(() => process.exit(1));
  },
  (BEFORE_S + OUTAGE_S + AFTER_S + 240) * 1000,
);
watchdog.unref();

main()
  .then(async (allMet) => {
    await cleanup();
    process.exit(!allMet && STRICT ? 1 : 0);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof ConfigError ? `bench-outage: ${error.message}` : error);
    await cleanup();
    process.exit(1);
  });
