// npm test: every check, in three phases, each command's and each phase's duration printed as it
// ends and all of them again at the end (CI's time limit is the sum; a step that grows shows here
// first). Stops at the first command that fails, stopping whatever else is running, and exits with
// its code. `npm test -- --dry-run` runs the same plan with a short stand-in for each command
// (`--fail=build` makes the build's stand-in fail).
import { spawn, type ChildProcess } from "node:child_process";

/** A command and its environment (this one's when absent). */
type Command = { argv: string[]; env?: NodeJS.ProcessEnv; label: string; stream?: boolean };
/** Commands run one after another, as one lane of a phase. */
type Lane = { label: string; commands: Command[] };

const npm = (script: string, env?: NodeJS.ProcessEnv): Command => ({ argv: ["npm", "run", "--silent", script], env, label: `npm run ${script}` });
const dryRun = process.argv.includes("--dry-run");
/** In a dry run, the stand-in for the command whose label contains this fails (to try the stopping). */
const dryFail = process.argv.find((arg) => arg.startsWith("--fail="))?.slice("--fail=".length);

// On two cores, each lane below keeps about one core busy (Vitest runs one worker there, as it
// keeps a core for itself; lint and typecheck are one process each), so a phase runs two lanes
// side by side: Vitest on PostgreSQL (unit and database projects) beside, with DATABASE_URL set,
// the database tests again on PGlite (the default driver, which a PostgreSQL run alone would never
// try) and then the production build. Playwright runs after them, alone: it is CPU-bound (each
// ordinary test keeps about a core busy, docs/ci.md), and a run that put the Vitest lane beside it
// took longer in all (1,776 s against 1,530 s) and made its timed assertions fail.
//
// `next build` skips its own type check, which the first phase has just done on the same tree
// (CORRIDOR_TYPES_CHECKED, next.config.js). It never starts beside typecheck: tsc reads
// .next/types (tsconfig.json), which the build writes.
const { DATABASE_URL, DATABASE_OWNER_URL: _owner, ...withoutPostgres } = process.env;
const build = npm("build", { ...process.env, CORRIDOR_TYPES_CHECKED: "1" });
// Streamed line by line as it runs (the longest step: its progress shows).
const playwright: Command = { argv: ["npx", "playwright", "test"], label: "npx playwright test", stream: true };
const vitest: Lane = { label: "npm run test:unit", commands: [npm("test:unit")] };
const beside: Lane = DATABASE_URL
  ? { label: "npm run test:db on PGlite, then npm run build", commands: [{ ...npm("test:db", withoutPostgres), label: "npm run test:db (on PGlite)" }, build] }
  : { label: "npm run build", commands: [build] };

const phases: [name: string, lanes: Lane[]][] = [
  [
    "lint and typecheck",
    [
      { label: "npm run lint", commands: [npm("lint")] },
      { label: "npm run typecheck", commands: [npm("typecheck")] },
    ],
  ],
  ["Vitest, and the production build", [vitest, beside]],
  ["end-to-end tests (Playwright)", [{ label: "npx playwright test", commands: [playwright] }]],
];

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
const started = Date.now();
/** When each command started (from the start of the run) and how long it took. */
const steps: [label: string, at: number, ms: number, outcome: string][] = [];
const running = new Set<ChildProcess>();
let stopping = false;
/** The exit code of the first command that failed on its own (not one stopped because of it). */
let firstFailure = 0;

/** Stops every command still running (each is a process group of its own: npm, its shell, Chromiums). */
function stopAll(signal: NodeJS.Signals = "SIGTERM") {
  stopping = true;
  for (const child of running) {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  }
}
// Each command is a process group of its own, out of reach of a signal sent to this one's group
// (Ctrl-C, a CI runner stopping the job): pass such signals on, and stop what is left at exit.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    stopAll(signal);
    setTimeout(() => process.exit(130), 15_000).unref();
  });
}
process.on("exit", () => stopAll());

/** One command to completion: its exit code. Output held until it ends, or streamed by whole lines. */
function run({ argv, env, label, stream }: Command): Promise<number> {
  const standIn = `console.log(${JSON.stringify(`(dry run) ${label}`)}); setTimeout(() => process.exit(${dryFail && label.includes(dryFail) ? 3 : 0}), ${500 + Math.floor(Math.random() * 1500)})`;
  const [command, ...args] = dryRun ? ["node", "-e", standIn] : argv;
  const at = Date.now();
  return new Promise<number>((resolve) => {
    // detached: a process group of its own, so that stopAll reaches its children too.
    const child = spawn(command!, args, { stdio: ["ignore", "pipe", "pipe"], env: env ?? process.env, detached: true });
    running.add(child);
    const held: Buffer[] = [];
    let partial = "";
    const onData = (chunk: Buffer) => {
      if (!stream) return void held.push(chunk);
      const text = partial + chunk.toString();
      const end = text.lastIndexOf("\n") + 1;
      if (end > 0) process.stdout.write(text.slice(0, end));
      partial = text.slice(end);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    if (stream) process.stdout.write(`\n--- ${label} (started at ${seconds(at - started)})\n`);
    child.on("close", (status, signal) => {
      running.delete(child);
      const code = status ?? (signal ? 128 : 1);
      const ms = Date.now() - at;
      const outcome = code === 0 ? "ok" : stopping ? `stopped (${code})` : `failed (${code})`;
      steps.push([label, at - started, ms, outcome]);
      if (stream) process.stdout.write(`${partial}${partial && !partial.endsWith("\n") ? "\n" : ""}--- ${label}: ${outcome}, ${seconds(ms)}\n`);
      else process.stdout.write(`\n--- ${label} (${outcome}, started at ${seconds(at - started)}, ${seconds(ms)})\n${Buffer.concat(held).toString()}`);
      resolve(code);
    });
  });
}

/** Runs a lane's commands in turn, stopping at the first that fails, or when another lane failed. */
async function runLane({ commands }: Lane): Promise<number> {
  for (const command of commands) {
    if (stopping) return 0;
    const code = await run(command);
    if (code !== 0) {
      if (!stopping) {
        firstFailure = code;
        stopAll();
      }
      return code;
    }
  }
  return 0;
}

const done: [string, number, string][] = [];
let failed = 0;
for (const [name, lanes] of phases) {
  console.log(`\ntest: ${name} (${lanes.map((lane) => lane.label).join("; ")})`);
  const at = Date.now();
  const codes = await Promise.all(lanes.map(runLane));
  const code = firstFailure || (codes.find((c) => c !== 0) ?? 0);
  done.push([name, Date.now() - at, code === 0 ? "ok" : `failed (${code})`]);
  console.log(`test: ${name}: ${code === 0 ? "ok" : "FAILED"} in ${seconds(Date.now() - at)}`);
  if (code !== 0) {
    failed = code;
    break;
  }
}
console.log("\ntest: steps (start, duration)");
for (const [label, at, ms, outcome] of steps) console.log(`  ${seconds(at).padStart(6)}  ${seconds(ms).padStart(6)}  ${label}: ${outcome}`);
console.log("test: phases");
for (const [name, ms, outcome] of done) console.log(`  ${seconds(ms).padStart(6)}  ${name}: ${outcome}`);
console.log(`  ${seconds(Date.now() - started).padStart(6)}  in all`);
process.exit(failed);
