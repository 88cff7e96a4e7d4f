// npm test: every check, one phase after another, each phase's duration printed as it ends and
// all of them again at the end (CI's time limit is the sum; a phase that grows shows here first).
// Stops at the first phase that fails, as `a && b && c` would, and exits with its code.
import { spawn } from "node:child_process";

/** A command and its environment (this one's when absent). */
type Command = { argv: string[]; env?: NodeJS.ProcessEnv };
/** Commands run one after another, as one lane of a phase. */
type Lane = { label: string; commands: Command[] };

const npm = (script: string, env?: NodeJS.ProcessEnv): Command => ({ argv: ["npm", "run", "--silent", script], env });

// On two cores, each lane below keeps about one core busy (Vitest runs one worker there, as it
// keeps a core for itself; lint and typecheck are one process each), so a phase runs two lanes
// side by side and prints each one's output whole when it ends, not interleaved.
//
// With DATABASE_URL set, the database tests also run on PGlite (the default driver, which a
// PostgreSQL run alone would never try), beside the Vitest run on PostgreSQL. The production
// build follows the PGlite run in its lane, so it starts as soon as that lane is free rather
// than after both Vitest runs (without DATABASE_URL it runs beside Vitest from the start);
// `next build` then skips its own type check, which the first phase has just done on the same
// tree (CORRIDOR_TYPES_CHECKED, next.config.js).
const { DATABASE_URL, DATABASE_OWNER_URL: _owner, ...withoutPostgres } = process.env;
const build = npm("build", { ...process.env, CORRIDOR_TYPES_CHECKED: "1" });
const secondLane: Lane = DATABASE_URL
  ? { label: "npm run test:db on PGlite, then npm run build", commands: [npm("test:db", withoutPostgres), build] }
  : { label: "npm run build", commands: [build] };

const phases: [name: string, lanes: Lane[]][] = [
  [
    "lint and typecheck",
    [
      { label: "npm run lint", commands: [npm("lint")] },
      { label: "npm run typecheck", commands: [npm("typecheck")] },
    ],
  ],
  ["unit and database tests (Vitest), and the production build", [{ label: "npm run test:unit", commands: [npm("test:unit")] }, secondLane]],
  ["end-to-end tests (Playwright)", [{ label: "npx playwright test", commands: [{ argv: ["npx", "playwright", "test"] }] }]],
];

/** Runs a lane's commands in turn, stopping at the first that fails; its exit code. */
async function runLane({ commands }: Lane, stdio: "inherit" | ((chunk: Buffer) => void)): Promise<number> {
  for (const { argv: [command, ...args], env } of commands) {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(command!, args, { stdio: stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"], env: env ?? process.env });
      if (stdio !== "inherit") {
        child.stdout!.on("data", stdio);
        child.stderr!.on("data", stdio);
      }
      child.on("close", (status) => resolve(status ?? 1));
    });
    if (code !== 0) return code;
  }
  return 0;
}

/** Runs lanes at once, each one's output held and printed when it ends; the first failing code. */
async function together(lanes: Lane[]): Promise<number> {
  const codes = await Promise.all(
    lanes.map(async (lane) => {
      const output: Buffer[] = [];
      const at = Date.now();
      const code = await runLane(lane, (chunk) => output.push(chunk));
      process.stdout.write(`\n--- ${lane.label} (exit ${code}, ${seconds(Date.now() - at)})\n${Buffer.concat(output).toString()}`);
      return code;
    }),
  );
  return codes.find((code) => code !== 0) ?? 0;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const done: [string, number, string][] = [];
let failed = 0;
const started = Date.now();
for (const [name, lanes] of phases) {
  console.log(`\ntest: ${name} (${lanes.map((lane) => lane.label).join("; ")})`);
  const at = Date.now();
  const code = lanes.length === 1 ? await runLane(lanes[0]!, "inherit") : await together(lanes);
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
