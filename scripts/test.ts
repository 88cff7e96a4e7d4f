// npm test: every check, one phase after another, each phase's duration printed as it ends and
// all of them again at the end (CI's time limit is the sum; a phase that grows shows here first).
// Stops at the first phase that fails, as `a && b && c` would, and exits with its code.
import { spawn, spawnSync } from "node:child_process";

// Lint and typecheck each keep one core busy, so they run together (their output is printed
// whole when each ends, not interleaved); the test phases use both cores themselves.
const phases: [name: string, scripts: string[]][] = [
  ["lint and typecheck", ["lint", "typecheck"]],
  ["unit and database tests (Vitest)", ["test:unit"]],
  ["build and end-to-end tests (Playwright)", ["test:e2e"]],
];

/** Runs npm scripts at once, each one's output held and printed when it ends; the first failing code. */
async function together(scripts: string[]): Promise<number> {
  const codes = await Promise.all(
    scripts.map(
      (script) =>
        new Promise<number>((resolve) => {
          const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"] });
          const output: Buffer[] = [];
          child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
          child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
          child.on("close", (code) => {
            process.stdout.write(`\n--- npm run ${script} (exit ${code ?? 1})\n${Buffer.concat(output).toString()}`);
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
for (const [name, scripts] of phases) {
  console.log(`\ntest: ${name} (${scripts.map((s) => `npm run ${s}`).join(", ")})`);
  const at = Date.now();
  const code = scripts.length === 1 ? (spawnSync("npm", ["run", "--silent", scripts[0]!], { stdio: "inherit" }).status ?? 1) : await together(scripts);
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
