// Serves the production build for Playwright on a database of its own, made for this run:
// a fresh PGlite directory, or (with DATABASE_URL) a new database on that local server, dropped
// when Playwright stops the server. Never touches the developer's own data.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDb } from "@/db/client";
import { parsePostgresUrl } from "@/db/config";
import { seedScenario } from "@/db/seed";
import { startStandIns } from "./fixtures/stand-ins";

const port = process.env.E2E_PORT ?? "3100";
const baseUrl = process.env.DATABASE_URL?.trim();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
  // SMS webhook on (e2e/sms.spec.ts signs with this token); PORT so that getLinkBaseUrl(), the URL
  // webhook signatures are checked against, is this server's own address when AUTH_URL is unset.
  SMS_AUTH_TOKEN: process.env.SMS_AUTH_TOKEN ?? "e2e-sms-auth-token-0123456789",
  PORT: port,
};
let cleanup = async () => {};

async function prepare() {
  if (!baseUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-e2e-"));
    env.PGLITE_DIR = path.join(dir, "pglite");
    delete env.DATABASE_URL;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    return; // the server seeds an empty embedded database itself, demo accounts included
  }
  const server = parsePostgresUrl(baseUrl);
  if (!["localhost", "127.0.0.1", "::1"].includes(server.host)) throw new Error(`refusing to run e2e tests against ${server.host}`);
  const name = `corridor_e2e_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  const admin = postgres(baseUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  const handle = await openDb(parsePostgresUrl(env.DATABASE_URL));
  await handle.migrate();
  await seedScenario(handle.db, { demoUsers: true });
  await handle.close();
  cleanup = async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}

await prepare();
const stopStandIns = await startStandIns(env);
// The production server with its public response cache, as `npm start` runs it.
const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/serve.ts", port], { stdio: "inherit", env });
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  await stopStandIns().catch((e) => console.error("e2e stand-ins did not stop:", e));
  await cleanup().catch((e) => console.error("e2e cleanup failed:", e));
  process.exit(code);
}
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
child.on("exit", (code) => void stop(code ?? 1));
