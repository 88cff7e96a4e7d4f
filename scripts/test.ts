// npm test: every check, one phase after another, each phase's duration printed as it ends and
// all of them again at the end (CI's time limit is the sum; a phase that grows shows here first).
// Stops at the first phase that fails, as `a && b && c` would, and exits with its code.
import { spawn, spawnSync } from "node:child_process";

type Run = { script: string; label?: string; env?: NodeJS.ProcessEnv };

// Vitest runs one worker on two cores (it keeps a core for itself), so each Vitest keeps one core
// busy: with DATABASE_URL set, the database tests also run on PGlite (the default driver, which
// a PostgreSQL run alone would never try) in a second Vitest beside the first, not after it.
const { DATABASE_URL, DATABASE_OWNER_URL: _owner, ...withoutPostgres } = process.env;
const pglite: Run[] = DATABASE_URL ? [{ script: "test:db", label: "npm run test:db, on PGlite", env: withoutPostgres }] : [];

// Lint and typecheck each keep one core busy, so they run together too (their output is printed
// whole when each ends, not interleaved).
const phases: [name: string, runs: Run[]][] = [
  ["lint and typecheck", [{ script: "lint" }, { script: "typecheck" }]],
  [pglite.length ? "unit and database tests (Vitest), on PostgreSQL and on PGlite" : "unit and database tests (Vitest)", [{ script: "test:unit" }, ...pglite]],
  // `next build` type-checks the whole tree again, which the first phase has just done (about
  // half a minute); next.config.js skips that repeat when told the tree is checked.
  ["build and end-to-end tests (Playwright)", [{ script: "test:e2e", env: { ...process.env, CORRIDOR_TYPES_CHECKED: "1" } }]],
];

/** Runs npm scripts at once, each one's output held and printed when it ends; the first failing code. */
async function together(runs: Run[]): Promise<number> {
  const codes = await Promise.all(
    runs.map(
      ({ script, label, env }) =>
        new Promise<number>((resolve) => {
          const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"], env: env ?? process.env });
          const output: Buffer[] = [];
          child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
          child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
          child.on("close", (code) => {
            process.stdout.write(`\n--- ${label ?? `npm run ${script}`} (exit ${code ?? 1})\n${Buffer.concat(output).toString()}`);
            resolve(code ?? 1);
          });
        }),
    ),
  );
  return codes.find((code) => code !== 0) ?? 0;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const done: [string, number, string][] = [];
let failed = 0;
const started = Date.now();
for (const [name, runs] of phases) {
  console.log(`\ntest: ${name} (${runs.map((r) => r.label ?? `npm run ${r.script}`).join(", ")})`);
  const at = Date.now();
  const only = runs.length === 1 ? runs[0]! : null;
  const code = only ? (spawnSync("npm", ["run", "--silent", only.script], { stdio: "inherit", env: only.env ?? process.env }).status ?? 1) : await together(runs);
  done.push([name, Date.now() - at, code === 0 ? "ok" : `failed (${code})`]);
  console.log(`test: ${name}: ${code === 0 ? "ok" : "FAILED"} in ${seconds(Date.now() - at)}`);
  if (code !== 0) {
    failed = code;
    break;
  }
}
console.log("\ntest: phases");
for (const [name, ms, outcome] of done) console.log(`  ${seconds(ms).padStart(6)}  ${name}: ${outcome}`);
console.log(`  ${seconds(Date.now() - started).padStart(6)}  in all`);
process.exit(failed);
