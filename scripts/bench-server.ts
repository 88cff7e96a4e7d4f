// What the benchmarks that read the app over HTTP share: the production build served on a prepared
// database (scripts/serve.ts, as `npm start`), a staff account signed in through Auth.js as the
// login form does, and one GET timed to its last byte. The app runs in a child process without the
// react-server condition (Next loads its own bundles); the bench only reads it over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { ONE_ROLE_CONSENT } from "@/db/config";
import { ConfigError } from "@/lib/config-error";
import { stopper } from "./bench-support";

const TSX_BIN = path.resolve("node_modules/.bin/tsx");

export type Sample = { ms: number; gzipBytes: number; bytes: number; status: number; listItems: number };

/** Fails clearly when there is no production build to serve (the `npm run bench*` scripts build first). */
export function requireBuild(howToBuild: string): void {
  if (!fs.existsSync(".next/BUILD_ID")) throw new ConfigError(`no production build in .next: run ${howToBuild} or \`npm run build\`.`);
}

/**
 * Serves the current build on `port` against the PostgreSQL database `databaseUrl` (one role, the
 * bench's own database), with a secret of the run's own. The caller registers `stop` with its cleanup.
 */
export function startBenchServer(port: number, databaseUrl: string): { child: ChildProcess; tail: () => string; stop: () => Promise<void> } {
  const child = spawn(TSX_BIN, ["scripts/serve.ts", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NODE_ENV: "production", AUTH_SECRET: crypto.randomBytes(32).toString("base64url"), DATABASE_URL: databaseUrl, DATABASE_ONE_ROLE: ONE_ROLE_CONSENT, PORT: String(port) },
  });
  let lines: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    lines = [...lines, ...chunk.split("\n")].slice(-20);
  });
  return { child, tail: () => lines.join("\n"), stop: stopper(child) };
}

const cookiesOf = (headers: Headers) => headers.getSetCookie().map((c) => c.split(";")[0]!);

/** Signs a staff account in through Auth.js's credentials endpoint, as the login form's action does; returns the Cookie header. */
export async function signIn(base: string, account: { email: string; password: string }, callbackPath = "/en"): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf.headers);
  const answer = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: base },
    body: new URLSearchParams({ csrfToken, email: account.email, password: account.password, callbackUrl: `${base}${callbackPath}` }),
  });
  const session = cookiesOf(answer.headers).find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`signing in as ${account.email} failed (HTTP ${answer.status}): no session cookie`);
  return [...jar, session].join("; ");
}

/** One GET, timed to its last byte; `cacheKey` makes the public cache render it afresh (staff answers are never cached). */
export function timedGet(base: string, target: string, { cookie = "", cacheKey }: { cookie?: string; cacheKey?: string } = {}): Promise<Sample & { body: Buffer; headers: http.IncomingHttpHeaders }> {
  const url = new URL(target, base);
  const headers: Record<string, string> = { "accept-encoding": "gzip", accept: "*/*" };
  if (cookie) headers.cookie = cookie;
  if (cacheKey) headers["x-forwarded-host"] = cacheKey;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const ms = performance.now() - started;
        const wire = Buffer.concat(chunks);
        const gzipped = res.headers["content-encoding"] === "gzip";
        const body = gzipped ? zlib.gunzipSync(wire) : wire;
        const gzipBytes = gzipped ? wire.length : zlib.gzipSync(body).length;
        const listItems = (body.toString("utf8").match(/<li[\s>]/g) ?? []).length;
        resolve({ ms, gzipBytes, bytes: body.length, status: res.statusCode ?? 0, listItems, body, headers: res.headers });
      });
      res.on("error", reject);
    });
    req.setTimeout(120_000, () => req.destroy(new Error(`${target}: no answer in 120 s`)));
    req.on("error", reject);
  });
}
