// npm test: every check, in three phases, each command's and each phase's duration printed as it
// ends and all of them again at the end (CI's time limit is the sum; a step that grows shows here
// first). Stops at the first command that fails, stopping whatever else is running, and exits with
// its code. `npm test -- --dry-run` runs the same plan with a short stand-in for each command
// (`--fail=build` makes the build's stand-in fail).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

/** A command and its environment (this one's when absent). */
type Command = { argv: string[]; env?: NodeJS.ProcessEnv; label: string; stream?: boolean };
/** Commands run one after another, as one lane of a phase. */
type Lane = { label: string; commands: Command[] };

const npm = (script: string, env?: NodeJS.ProcessEnv): Command => ({ argv: ["npm", "run", "--silent", script], env, label: `npm run ${script}` });
const dryRun = process.argv.includes("--dry-run");
/** In a dry run, the stand-in for the command whose label contains this fails (to try the stopping). */
const dryFail = process.argv.find((arg) => arg.startsWith("--fail="))?.slice("--fail=".length);

// On two cores, each command below keeps about one core busy (Vitest runs one worker there, as it
// keeps a core for itself; lint and typecheck are one process each), so a phase runs two at a
// time. Playwright runs after the others, alone: it is CPU-bound (each ordinary test keeps about a
// core busy, docs/ci.md), and a run that put Vitest beside it took longer in all (1,776 s against
// 1,530 s) and made its timed assertions fail.
//
// The second phase is a queue that two runners take from in order, longest first, rather than two
// fixed lanes: with fixed lanes, one Vitest run of the unit and database projects on PostgreSQL
// (~490 s) was the phase while the other lane (PGlite, then the build) ended earlier and left its
// core idle. The database tests on PostgreSQL are two shards, so whichever runner is free takes
// the build, the PGlite run and the unit tests. With DATABASE_URL set, the database tests run again
// on PGlite, the default driver a PostgreSQL run alone would never try: the files that prove the
// embedded database (PGLITE_FILES, decision record 0034), not every one.
//
// `next build` skips its own type check, which the first phase has just done on the same tree
// (CORRIDOR_TYPES_CHECKED, next.config.js). It never starts beside typecheck: tsc reads
// .next/types (tsconfig.json), which the build writes.
const { DATABASE_URL, DATABASE_OWNER_URL: _owner, ...withoutPostgres } = process.env;
const build = npm("build", { ...process.env, CORRIDOR_TYPES_CHECKED: "1" });
// Streamed line by line as it runs (the longest step: its progress shows).
const playwright: Command = { argv: ["npx", "playwright", "test"], label: "npx playwright test", stream: true };
const vitest = (args: string[], label: string, env?: NodeJS.ProcessEnv): Command => ({ argv: ["npx", "vitest", "run", ...args], env, label });

/**
 * The database test files run on PGlite as well when the run is on PostgreSQL (decision record
 * 0034 says why these): migrating, seeding and what only the embedded database has (its lock,
 * its backup), the public reads, the main writes, the job queue through the one embedded
 * connection, and the files whose results name the driver. The rest exercise rules above the
 * database that do not change with the driver; without DATABASE_URL every file runs on PGlite.
 */
const PGLITE_FILES = [
  "db/migrate.db.test.ts",
  "db/migrate-corridor-alerts.db.test.ts",
  "db/migrate-localized-texts.db.test.ts",
  "db/migrate-organisations.db.test.ts",
  "db/migrate-request-channel.db.test.ts",
  "db/seed.db.test.ts",
  "db/pglite-lock.db.test.ts",
  "db/backup/backup.db.test.ts",
  "db/public/",
  "db/queries/route-status.db.test.ts",
  "db/queries/incident-writes.db.test.ts",
  "db/queries/agreements.db.test.ts",
  "db/queries/transport-requests.db.test.ts",
  "db/queries/transport-runs.db.test.ts",
  "db/queries/accounts.db.test.ts",
  "db/queries/users.db.test.ts",
  "db/queries/login-limiter.db.test.ts",
  "db/queries/organisations.db.test.ts",
  "db/queries/reception-points.db.test.ts",
  "db/queries/inbound-messages.db.test.ts",
  "server/transport-requests/privacy.db.test.ts",
  "server/messaging/worker.db.test.ts",
  "server/messaging/relay-batches.db.test.ts",
  "app/api/v1/openapi.db.test.ts",
];
// A path renamed away would quietly drop out of Vitest's filter: refuse to run instead.
const gone = PGLITE_FILES.filter((file) => !fs.existsSync(file));
if (gone.length > 0 && !dryRun) {
  console.error(`test: PGLITE_FILES (scripts/test.ts) names paths that do not exist: ${gone.join(", ")}`);
  process.exit(1);
}

const unit = vitest(["--project", "unit"], "vitest unit");
const secondPhase: Command[] = DATABASE_URL
  ? [
      vitest(["--project", "db", "--shard=1/2"], "vitest db on PostgreSQL (1/2)"),
      vitest(["--project", "db", "--shard=2/2"], "vitest db on PostgreSQL (2/2)"),
      build,
      vitest(["--project", "db", ...PGLITE_FILES], "vitest db on PGlite (PGLITE_FILES)", withoutPostgres),
      unit,
    ]
  : [vitest(["--project", "db"], "vitest db on PGlite"), build, unit];

/** Commands side by side, one lane each; or a queue of them that `runners` take in order. */
type Phase = { name: string; lanes: Lane[] } | { name: string; queue: Command[]; runners: number };
const phases: Phase[] = [
  {
    name: "lint and typecheck",
    lanes: [
      { label: "npm run lint", commands: [npm("lint")] },
      { label: "npm run typecheck", commands: [npm("typecheck")] },
    ],
  },
  { name: "Vitest, and the production build", queue: secondPhase, runners: 2 },
  { name: "end-to-end tests (Playwright)", lanes: [{ label: "npx playwright test", commands: [playwright] }] },
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

/** Runs commands in turn, taking each from the front of `queue`; stops at the first that fails, or when another failed. */
async function runFrom(queue: Command[]): Promise<number> {
  for (let command = queue.shift(); command; command = queue.shift()) {
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
for (const phase of phases) {
  const what = "lanes" in phase ? phase.lanes.map((lane) => lane.label).join("; ") : `${phase.runners} at a time: ${phase.queue.map((c) => c.label).join("; ")}`;
  console.log(`\ntest: ${phase.name} (${what})`);
  const at = Date.now();
  // A lane is a queue of its own with one runner; a shared queue has several.
  const runners = "lanes" in phase ? phase.lanes.map((lane) => runFrom([...lane.commands])) : Array.from({ length: phase.runners }, () => runFrom(phase.queue));
  const codes = await Promise.all(runners);
  const code = firstFailure || (codes.find((c) => c !== 0) ?? 0);
  done.push([phase.name, Date.now() - at, code === 0 ? "ok" : `failed (${code})`]);
  console.log(`test: ${phase.name}: ${code === 0 ? "ok" : "FAILED"} in ${seconds(Date.now() - at)}`);
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
