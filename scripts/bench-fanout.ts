// Fan-out benchmark: one town's Telegram subscribers told of one status change, through a Bot API
// stand-in that enforces Telegram's flood limits (429 with retry_after past 30 messages a second
// per bot and past one a second per chat), by one and by two worker instances sharing the local
// PostgreSQL named by DATABASE_URL (a database of its own per run, dropped at the end, on failure
// and on Ctrl+C too). A second town's change comes 5 s into the backlog.
// Prints, per run: time from the change (asked for) to the first and the last message, messages a second,
// 429s, duplicates, lost, the busiest second of sends, and the second town's delay.
// A measurement, not a CI test: exits 0 when a target is missed unless BENCH_STRICT=1.
// BENCH_FANOUT_SUBSCRIBERS (default 1000; e.g. "1000,10000") and BENCH_FANOUT_INSTANCES
// (default "1,2") choose the runs; BENCH_FANOUT_TIMEOUT_S bounds how long a run waits for its
// last message (default three times its target; what has not arrived by then counts as lost).
import { register } from "node:module";
import os from "node:os";
import { ConfigError } from "@/lib/config-error";
import type { FanOutResult } from "@/server/messaging/testing/fan-out";

// The worker's modules are marked server-only, and the react-server condition that silences that
// mark also gives next-intl (the notifications' texts) a React without hooks: so this runs
// without the condition, the mark resolved to nothing, as tests/server-only-stub.ts does for Vitest.
const hook = `export async function resolve(specifier, context, next) {
  return specifier === "server-only" ? { url: "data:text/javascript,export {}", shortCircuit: true } : next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
// bench-support too: it imports staff queries (for the national bench's admin), marked server-only.
const { createBenchDatabase } = await import("./bench-support");
const { runFanOut } = await import("@/server/messaging/testing/fan-out");
const { TELEGRAM_PER_SECOND, sendSpacingMs } = await import("@/server/messaging/worker");
const SPACING_MS = sendSpacingMs(TELEGRAM_PER_SECOND);

const STRICT = process.env.BENCH_STRICT === "1";
const SIZES = (process.env.BENCH_FANOUT_SUBSCRIBERS ?? "1000").split(",").map(Number);
const INSTANCES = (process.env.BENCH_FANOUT_INSTANCES ?? "1,2").split(",").map(Number);
const OTHER_SUBSCRIBERS = 7;
const OTHER_CHANGE_AFTER_MS = 5_000;
/** The targets: 1,000 told within 40 s, 10,000 within 6 minutes; a second town within 10 s. */
const lastTarget = (n: number) => (n <= 1000 ? 40_000 : (n / 10_000) * 360_000);
const OTHER_TARGET_MS = 10_000;

const cleanups: (() => Promise<void>)[] = [];
const seconds = (ms: number | null) => (ms === null ? "-" : (ms / 1000).toFixed(1));

async function main() {
  const baseUrl = process.env.DATABASE_URL?.trim();
  if (!baseUrl) {
    throw new ConfigError("the fan-out benchmark runs on PostgreSQL: set DATABASE_URL to a local server, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (it creates and drops a database of its own there).");
  }
  if ([...SIZES, ...INSTANCES].some((n) => !Number.isInteger(n) || n < 1)) throw new ConfigError("BENCH_FANOUT_SUBSCRIBERS and BENCH_FANOUT_INSTANCES are whole numbers, comma-separated");
  console.log(`bench-fanout: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} before the run`);
  const rows: { n: number; instances: number; result: FanOutResult; pass: boolean }[] = [];
  for (const n of SIZES) {
    for (const instances of INSTANCES) {
      const database = await createBenchDatabase(baseUrl, "fanout");
      cleanups.push(database.drop);
      const result = await runFanOut({
        connectionString: database.url,
        instances,
        subscribers: n,
        otherSubscribers: OTHER_SUBSCRIBERS,
        otherChangeAfterMs: OTHER_CHANGE_AFTER_MS,
        timeoutMs: process.env.BENCH_FANOUT_TIMEOUT_S ? Number(process.env.BENCH_FANOUT_TIMEOUT_S) * 1000 : lastTarget(n) * 3,
        log: (line) => console.log(`  ${n}×${instances}: ${line}`),
      });
      await cleanups.pop()!();
      const { busy, other } = result;
      const pass =
        busy.lost + other.lost + busy.duplicates + other.duplicates === 0 &&
        (busy.lastMs ?? Infinity) <= lastTarget(n) &&
        (other.firstMs ?? Infinity) <= OTHER_TARGET_MS &&
        result.busiestSecond <= TELEGRAM_PER_SECOND;
      rows.push({ n, instances, result, pass });
      console.log(`  ${n}×${instances}: ${pass ? "PASS" : "FAIL"} ${JSON.stringify({ ...result, busy: { ...busy, timesMs: undefined } })}`);
    }
  }
  console.log("\n| subscribers | instances | first s | last s | msg/s | 429s | busiest second | duplicates | lost | second town first / last s | sends by instance | queries per message | slots given up | jobs retried / expired | targets |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const { n, instances, result: r, pass } of rows) {
    console.log(
      `| ${n} | ${instances} | ${seconds(r.busy.firstMs)} | ${seconds(r.busy.lastMs)} | ${r.perSecond} | ${r.tooManyRequests} | ${r.busiestSecond} | ${r.busy.duplicates + r.other.duplicates} | ${r.busy.lost + r.other.lost} | ${seconds(r.other.firstMs)} / ${seconds(r.other.lastMs)} | ${r.byInstance.join(" + ")} | ${r.queriesPerMessage} | ${r.slotsGivenUp} of ${r.slotsReserved} | ${r.jobsRetried} / ${r.jobsExpired} | ${pass ? "met" : "missed"} |`,
    );
  }
  console.log(`\nthe shared rate's schedule: one send every ${SPACING_MS} ms (${(1000 / SPACING_MS).toFixed(1)} a second), so the last of n is told no sooner than n × ${SPACING_MS} ms after the first (1,000: ${((1000 * SPACING_MS) / 1000).toFixed(1)} s; 10,000: ${((10_000 * SPACING_MS) / 1000).toFixed(0)} s)`);
  console.log(`\ntargets: last of 1,000 within 40 s (10,000 within 6 min), second town's first within ${OTHER_TARGET_MS / 1000} s, no duplicate, none lost, no second over ${TELEGRAM_PER_SECOND} sends`);
  if (STRICT && rows.some((r) => !r.pass)) process.exitCode = 1;
}

let finishing = false;
async function finish(code: number) {
  if (finishing) return;
  finishing = true;
  while (cleanups.length) await cleanups.pop()!().catch((e: unknown) => console.error("bench-fanout: cleanup failed:", e));
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void finish(130));
// A connection lost under load (postgres.js rejects a query nobody waits for any more) is
// reported and the run goes on: the figures then show what it cost, instead of no figures.
process.on("unhandledRejection", (error) => console.error(`bench-fanout: unhandled: ${error instanceof Error ? error.message : String(error)}`));

main().then(
  () => finish(Number(process.exitCode ?? 0)),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`bench-fanout: ${error.message}`);
    else console.error(error);
    return finish(1);
  },
);
