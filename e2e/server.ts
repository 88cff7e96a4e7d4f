// Serves the production build for Playwright on a database of its own, made for this run:
// a fresh PGlite directory, or (with DATABASE_URL) a new database on that local server, owned by
// a role made for the run and served as another (below), dropped with both roles when Playwright
// stops the server. Never touches the developer's own data.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDb } from "@/db/client";
import { parsePostgresUrl } from "@/db/config";
import { seedScenario } from "@/db/seed";
import { removeRunDatabase, writeRunDatabase } from "./fixtures/run-database";
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
  removeRunDatabase(); // a file left by a server of this port that was killed
  if (!baseUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-e2e-"));
    env.PGLITE_DIR = path.join(dir, "pglite");
    delete env.DATABASE_URL;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    return; // the server seeds an empty embedded database itself, demo accounts included
  }
  const server = parsePostgresUrl(baseUrl);
  if (!["localhost", "127.0.0.1", "::1"].includes(server.host)) throw new Error(`refusing to run e2e tests against ${server.host}`);
  // Two roles, as docs/operating.md ("Two database roles") has an operator make them: the owner migrates (and
  // owns the database), the server runs as an app role that owns nothing and is given only its
  // own URL, so every spec that writes proves the grants suffice. Roles are cluster-wide: unique
  // names, dropped with the database.
  const tag = `${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  const name = `corridor_e2e_${tag}`;
  const [ownerRole, appRole] = [`corridor_e2e_owner_${tag}`, `corridor_e2e_app_${tag}`];
  const password = crypto.randomBytes(16).toString("hex");
  const admin = postgres(baseUrl, { onnotice: () => {}, max: 1 });
  const urlAs = (role: string) => {
    const url = new URL(baseUrl);
    url.username = role;
    url.password = password;
    url.pathname = `/${name}`;
    return url.toString();
  };
  cleanup = async () => {
    removeRunDatabase();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    for (const role of [appRole, ownerRole]) await admin.unsafe(`drop role if exists "${role}"`);
    await admin.end();
  };
  for (const role of [ownerRole, appRole]) {
    await admin.unsafe(`create role "${role}" login nosuperuser nocreatedb nocreaterole password '${password}'`);
  }
  await admin.unsafe(`create database "${name}" owner "${ownerRole}"`);
  await admin.unsafe(`revoke all on database "${name}" from public`);
  await admin.unsafe(`grant connect on database "${name}" to "${appRole}"`);
  env.DATABASE_URL = urlAs(appRole);
  delete env.DATABASE_OWNER_URL;
  delete env.DATABASE_ONE_ROLE;
  const handle = await openDb({ ...parsePostgresUrl(env.DATABASE_URL), ownerUrl: urlAs(ownerRole) });
  try {
    await handle.migrate();
    await seedScenario(handle.db, { demoUsers: true }); // as the app role
  } finally {
    await handle.close();
  }
  // For specs that check what is left in the database (e2e/request-journey.spec.ts).
  writeRunDatabase(urlAs(ownerRole));
}

await prepare().catch(async (error) => {
  await cleanup().catch((e) => console.error("e2e cleanup failed:", e));
  throw error;
});
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
