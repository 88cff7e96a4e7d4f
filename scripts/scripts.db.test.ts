import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The command-line scripts as an operator runs them: bad configuration gives one clear line on
// stderr, a non-zero exit, and writes nothing.
function run(script: string, env: Record<string, string>, args: string[] = []) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const result = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", `scripts/${script}`, ...args], {
    env: { ...base, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  const errorLines = result.stderr.split("\n").filter((l) => l.trim() && !l.includes("nodedir"));
  return { status: result.status, stdout: result.stdout, errorLines };
}

describe("scripts refuse bad configuration clearly", () => {
  it("a malformed DATABASE_URL", () => {
    const r = run("db-migrate.ts", { DATABASE_URL: "postgres//oops" });
    expect(r.status).toBe(1);
    expect(r.errorLines).toEqual([expect.stringMatching(/^corridor: DATABASE_URL is not a valid URL/)]);
  });

  it("an unreachable database", () => {
    const r = run("db-migrate.ts", { DATABASE_URL: "postgres://postgres@localhost:1/corridor" });
    expect(r.status).toBe(1);
    expect(r.errorLines).toEqual([expect.stringMatching(/^corridor: Cannot reach PostgreSQL at localhost:1\/corridor .*start PostgreSQL or correct DATABASE_URL/)]);
  });

  it("an embedded database directory held by another process", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-held-"));
    // This test process is alive, so it stands in for a running server.
    fs.writeFileSync(path.join(dir, "pglite.lock"), String(process.pid));
    const r = run("db-seed.ts", { PGLITE_DIR: path.join(dir, "pglite") });
    expect(r.status).toBe(1);
    expect(r.errorLines).toEqual([expect.stringMatching(new RegExp(`in use by process ${process.pid}`))]);
    expect(fs.readdirSync(dir)).toEqual(["pglite.lock"]);
  });

  it("a missing secret in production on PostgreSQL (npm start)", () => {
    const r = run("start.ts", { DATABASE_URL: "postgres://postgres@localhost:5432/postgres", AUTH_SECRET: "" });
    expect(r.status).toBe(1);
    expect(r.errorLines).toEqual([expect.stringMatching(/^corridor: AUTH_SECRET is not set/)]);
  });
});

describe("user:create", () => {
  it("creates an account on the chosen database, and refuses a short password or a duplicate", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-user-"));
    const env = { PGLITE_DIR: path.join(dir, "pglite") };
    const short = run("user-create.ts", { ...env, CORRIDOR_PASSWORD: "short" }, ["--email", "ops@example.org", "--role", "admin"]);
    expect(short.status).toBe(1);
    expect(short.errorLines).toEqual([expect.stringMatching(/at least 12 characters/)]);

    const badRole = run("user-create.ts", { ...env, CORRIDOR_PASSWORD: "a good long password" }, ["--email", "ops@example.org", "--role", "root"]);
    expect(badRole.status).toBe(1);
    expect(badRole.errorLines).toEqual([expect.stringMatching(/--role must be one of: admin, coordinator/)]);

    const ok = run("user-create.ts", { ...env, CORRIDOR_PASSWORD: "a good long password" }, ["--email", "Ops@Example.org", "--role", "admin"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/created admin ops@example.org/);

    const again = run("user-create.ts", { ...env, CORRIDOR_PASSWORD: "a good long password" }, ["--email", "ops@example.org", "--role", "coordinator"]);
    expect(again.status).toBe(1);
    expect(again.errorLines).toEqual([expect.stringMatching(/already exists/)]);
    // Four processes, each starting tsx and opening (the first also migrating) an embedded
    // database: about 20 s on a quiet machine, over a minute once beside a build.
  }, 180_000);
});
