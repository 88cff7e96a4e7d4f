// npm start: checks the configuration, builds if the build is missing or older than the sources,
// then serves the production build. The server itself migrates and (embedded only) seeds the demo.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDb } from "@/db/client";
import { resolveDbConfig } from "@/db/config";
import { heldMessage, pgliteLockHolder } from "@/db/pglite-lock";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/scenario/incidents";
import { getAuthSecret, readEnv } from "@/env";
import { ConfigError } from "@/lib/config-error";
import { buildIslands } from "./build-islands";
import { runScript } from "./run-script";

const SOURCE_ENTRIES = ["app", "islands", "components", "db", "lib", "server", "i18n", "auth", "messages", "proxy.ts", "instrumentation.ts", "auth.ts", "env.ts", "next.config.js", "package.json", "package-lock.json", "tsconfig.json"];
const NEXT_BIN = path.resolve("node_modules/.bin/next");

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

function buildIsCurrent(): boolean {
  const buildId = path.resolve(".next/BUILD_ID");
  if (!fs.existsSync(buildId) || !fs.existsSync(path.resolve("public/islands/manifest.json"))) return false;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCE_ENTRIES.every((entry) => newestMtime(entry) <= built);
}

async function waitForHealth(url: string, child: ReturnType<typeof spawn>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

runScript(async () => {
  const env = readEnv();
  const db = resolveDbConfig();
  // Production semantics for the checks below (next start runs with NODE_ENV=production).
  const serverEnv = { ...process.env, NODE_ENV: "production" as const };
  const secret = getAuthSecret(serverEnv);
  if (db.driver === "pglite") {
    const holder = pgliteLockHolder(db.dir);
    if (holder !== null) throw new ConfigError(heldMessage(db.dir, holder));
  } else {
    await (await openDb(db)).close(); // unreachable or refused: one clear line, before building
  }

  if (!buildIsCurrent()) {
    console.log("corridor: building the app (first start or sources changed)…");
    // The islands first: the server names their hashed files in the residents' pages.
    await buildIslands();
    const build = spawnSync(NEXT_BIN, ["build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    if (build.status !== 0) throw new Error("the build failed (see above); nothing was started");
  }

  const port = String(env.PORT);
  // The production server with its public response cache (scripts/serve.ts), not bare `next start`.
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/serve.ts", port], {
    stdio: "inherit",
    env: { ...serverEnv, AUTH_SECRET: secret },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));

  if (await waitForHealth(`http://localhost:${port}/api/health`, child, 120_000)) {
    console.log(`\ncorridor: running at http://localhost:${port} on ${db.driver === "pglite" ? `the embedded database (${db.dir})` : "PostgreSQL"}.`);
    if (db.driver === "pglite") {
      console.log(`corridor: demo sign-ins (embedded demo only): ${DEMO_USERS.map((u) => `${u.email} (${u.role})`).join(", ")}; password "${DEMO_PASSWORD}".`);
    }
    console.log("corridor: press Ctrl+C to stop.\n");
  }
  const code = await exited;
  if (code !== 0) process.exit(code);
});
