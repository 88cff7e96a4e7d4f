// npm test: every check, one phase after another, each phase's duration printed as it ends and
// all of them again at the end (CI's time limit is the sum; a phase that grows shows here first).
// Stops at the first phase that fails, as `a && b && c` would, and exits with its code.
import { spawnSync } from "node:child_process";

const phases: [name: string, script: string][] = [
  ["lint", "lint"],
  ["typecheck", "typecheck"],
  ["unit and database tests (Vitest)", "test:unit"],
  ["build and end-to-end tests (Playwright)", "test:e2e"],
];

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const done: [string, number, string][] = [];
let failed = 0;
const started = Date.now();
for (const [name, script] of phases) {
  console.log(`\ntest: ${name} (npm run ${script})`);
  const at = Date.now();
  const run = spawnSync("npm", ["run", "--silent", script], { stdio: "inherit" });
  const code = run.status ?? 1;
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
