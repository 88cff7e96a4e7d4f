// Transport runs benchmark: BENCH_RUN_PEOPLE (default 500) claimed requests put on BENCH_RUNS (20)
// runs of one organisation by BENCH_RUN_COORDINATORS (5) coordinators at once, through the app's
// own write path (assignRequestToRun: the run row locked, the fit decided, the counters moved).
// There are fewer places of each kind than people, so the last places are fought over; each
// coordinator tries the runs in its own order until one takes the request. The check: no run
// holds more than it has, and every run's counters equal its assignments (countOverbookedRuns).
// A fresh database: a new one on the local PostgreSQL named by DATABASE_URL (dropped at the end),
// in-memory PGlite without it. `npm run bench:runs`; exits 1 on any overbooking.
import crypto from "node:crypto";
import os from "node:os";
import { claimTransportRequest, createTransportRequest } from "@/db/queries/transport-requests";
import { assignRequestToRun, countOverbookedRuns, createTransportRun } from "@/db/queries/transport-runs";
import { createUser } from "@/db/queries/users";
import { RefusedWriteError } from "@/db/queries/write-errors";
import { organisations } from "@/db/schema/organisations";
import { seedScenario } from "@/db/seed";
import { createTestDb } from "@/db/testing/test-db";
import { sealingKeys } from "@/lib/sealing";
import type { SessionUser } from "@/lib/session-user";
import type { MobilityLevel } from "@/lib/transport-requests";
import { sealTransportRequestPersonal } from "@/server/transport-requests/personal";
import { runScript } from "./run-script";

const PEOPLE = Number(process.env.BENCH_RUN_PEOPLE ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const COORDINATORS = Number(process.env.BENCH_RUN_COORDINATORS ?? 5);
// Most walk; some need a wheelchair or a stretcher, more than the runs have places for.
const MOBILITY: MobilityLevel[] = ["walks", "walks", "needs_help", "walks", "wheelchair", "walks", "bedridden", "walks", "needs_help", "walks"];

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
const ms = (n: number) => n.toFixed(1);

function summary(samples: number[]): { median: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0, max: sorted.at(-1) ?? 0 };
}

runScript(async () => {
  for (const n of [PEOPLE, RUNS, COORDINATORS]) if (!Number.isInteger(n) || n < 1) throw new Error("BENCH_RUN_PEOPLE, BENCH_RUNS and BENCH_RUN_COORDINATORS are whole numbers ≥ 1");
  const t = await createTestDb();
  try {
    console.log(`bench:runs on ${t.label} (${t.description}), ${PEOPLE} requests onto ${RUNS} runs by ${COORDINATORS} coordinators at once; ${os.cpus().length} CPUs, load average ${load()} before`);
    await seedScenario(t.db);
    const [org] = await t.db.insert(organisations).values({ shortName: "Bench", nameUk: "Bench", nameRu: "Bench", nameEn: "Bench" }).returning();
    const coordinators: SessionUser[] = [];
    for (let c = 0; c < COORDINATORS; c++) {
      const email = `bench-${c}@example.org`;
      const { id } = await createUser(t.db, null, { email, password: "a long enough password", role: "coordinator", organisationId: org!.id });
      coordinators.push({ id, email, name: "", role: "coordinator", organisation: "Bench" });
    }
    const keys = sealingKeys(crypto.randomBytes(32), "transport request");
    const requests: string[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const personal = { name: `Bench person ${i}`, phone: `+38050${String(2_000_000 + i)}`, telegram: "", address: `вул. Миру ${1 + i}`, point: null, medicalNote: "", noContactReason: "" };
      const { id } = await createTransportRequest(t.db, null, { channel: "web",
        facts: { townSlug: "lysychansk", peopleCount: 1 + (i % 3 === 0 ? 1 : 0), childrenCount: 0, mobility: MOBILITY[i % MOBILITY.length]!, pets: false, medicalNeeds: [], locale: "uk", requesterKind: "self", consentLocale: "uk" },
        sealed: sealTransportRequestPersonal(keys, personal),
      });
      await claimTransportRequest(t.db, coordinators[i % COORDINATORS]!, { id });
      requests.push(id);
    }
    const from = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const runs: string[] = [];
    for (let r = 0; r < RUNS; r++) {
      const big = r % 4 === 0;
      const { id } = await createTransportRun(t.db, coordinators[r % COORDINATORS]!, {
        input: {
          vehicle: big ? "bus" : "van",
          seats: big ? 30 : 12,
          wheelchairPlaces: big ? 2 : 1,
          stretcherPlaces: big ? 0 : 2,
          petsAllowed: false,
          routeId: null,
          townSlug: "lysychansk",
          departsFrom: from,
          departsUntil: new Date(from.getTime() + 2 * 60 * 60 * 1000),
          assemblyPoint: { uk: "", ru: "", en: "" },
          destinationTownSlug: "dnipro",
          receptionPointId: null,
          crewContactSealed: null,
        },
      });
      runs.push(id);
    }

    const times: number[] = [];
    const refusals = new Map<string, number>();
    let assigned = 0;
    let unplaced = 0;
    let next = 0;
    const began = performance.now();
    await Promise.all(
      coordinators.map(async (coordinator, c) => {
        for (let i = next++; i < requests.length; i = next++) {
          let placed = false;
          // Each coordinator starts at another run, so they meet on the same rows.
          for (let k = 0; k < runs.length && !placed; k++) {
            const runId = runs[(i + k * (c + 1)) % runs.length]!;
            const start = performance.now();
            try {
              await assignRequestToRun(t.db, coordinator, { runId, requestId: requests[i]! });
              placed = true;
              assigned++;
            } catch (error) {
              if (!(error instanceof RefusedWriteError)) throw error;
              refusals.set(error.error.code, (refusals.get(error.error.code) ?? 0) + 1);
            } finally {
              times.push(performance.now() - start);
            }
          }
          if (!placed) unplaced++;
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const overbooked = await countOverbookedRuns(t.db);
    const s = summary(times);
    console.log(`\n| measure | value |\n| --- | --- |`);
    console.log(`| requests placed on a run | ${assigned} of ${PEOPLE} (${unplaced} found no run with room) |`);
    console.log(`| assignment attempts | ${times.length} in ${seconds.toFixed(1)} s; median ${ms(s.median)} ms, p95 ${ms(s.p95)} ms, max ${ms(s.max)} ms |`);
    console.log(`| refusals | ${[...refusals].map(([code, n]) => `${code} ${n}`).join(", ") || "none"} |`);
    console.log(`| overbooked runs | ${overbooked} |`);
    console.log(`\n${overbooked === 0 ? "0 overbookings" : `${overbooked} OVERBOOKED RUNS`}; load average ${load()} after`);
    if (overbooked !== 0) process.exitCode = 1;
  } finally {
    await t.drop();
  }
});
