import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CircuitBreaker, DatabaseCircuitOpenError, guardDatabase, postgresProbe, type BreakerClock } from "./circuit-breaker";
import { isDatabaseUnavailable } from "./unavailable";

/** A clock the test moves by hand: `schedule` only records the probe; `fire()` runs it. */
function manualClock() {
  let now = 1_000_000;
  const scheduled: { callback: () => void; at: number }[] = [];
  const clock: BreakerClock = {
    now: () => now,
    schedule(callback, ms) {
      const entry = { callback, at: now + ms };
      scheduled.push(entry);
      return () => {
        const i = scheduled.indexOf(entry);
        if (i >= 0) scheduled.splice(i, 1);
      };
    },
  };
  return {
    clock,
    pending: () => scheduled.length,
    nextAt: () => scheduled[0]?.at,
    /** Moves the clock to the next scheduled probe and runs it (and waits for it to settle). */
    async fire() {
      const entry = scheduled.shift();
      if (!entry) throw new Error("no probe scheduled");
      now = entry.at;
      entry.callback();
      // The probe is async: let its promise chain settle.
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    },
  };
}

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("CircuitBreaker", () => {
  it("opens on a connection failure, refuses at once without calling the database, and closes on a successful probe", async () => {
    const time = manualClock();
    let up = false;
    let probes = 0;
    const breaker = new CircuitBreaker(
      async () => {
        probes++;
        if (!up) throw refused();
      },
      { clock: time.clock, probeIntervalMs: 1_000 },
    );
    const opened: number[] = [];
    breaker.onOpen(() => opened.push(time.clock.now()));

    expect(await breaker.run(async () => "answered")).toBe("answered");
    await expect(breaker.run(async () => Promise.reject(refused()))).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(breaker.isOpen()).toBe(true);
    expect(opened).toHaveLength(1);

    // While open the call is never made, and the error is one the forms already recognise.
    let called = 0;
    const refusal = await breaker.run(async () => ++called).catch((error: unknown) => error);
    expect(called).toBe(0);
    expect(refusal).toBeInstanceOf(DatabaseCircuitOpenError);
    expect(isDatabaseUnavailable(refusal)).toBe(true);
    // Another failure while open does not open it again (listeners hear of an outage once).
    breaker.trip(refused());
    expect(opened).toHaveLength(1);

    // One probe at a time, one interval apart; a failed probe leaves it open and asks again.
    expect(time.pending()).toBe(1);
    expect(time.nextAt()).toBe(opened[0]! + 1_000);
    await time.fire();
    expect(probes).toBe(1);
    expect(breaker.isOpen()).toBe(true);
    expect(breaker.state()).toMatchObject({ open: true, reason: "ECONNREFUSED", lastProbeAt: opened[0]! + 1_000 });
    expect(time.pending()).toBe(1);

    up = true;
    await time.fire();
    expect(probes).toBe(2);
    expect(breaker.isOpen()).toBe(false);
    expect(time.pending()).toBe(0);
    expect(await breaker.run(async () => "back")).toBe("back");
  });

  it("is not opened by errors that say nothing about reachability", async () => {
    const time = manualClock();
    const breaker = new CircuitBreaker(async () => {}, { clock: time.clock });
    await expect(breaker.run(async () => Promise.reject(Object.assign(new Error("check violation"), { code: "23514" })))).rejects.toThrow("check violation");
    await expect(breaker.run(async () => Promise.reject(new TypeError("x is undefined")))).rejects.toThrow(TypeError);
    expect(breaker.isOpen()).toBe(false);
    expect(time.pending()).toBe(0);
  });

  it("dispose stops the probing", async () => {
    const time = manualClock();
    const breaker = new CircuitBreaker(async () => Promise.reject(refused()), { clock: time.clock });
    breaker.trip(refused());
    expect(time.pending()).toBe(1);
    breaker.dispose();
    expect(time.pending()).toBe(0);
  });
});

describe("guardDatabase on the embedded database", () => {
  // PGlite has no connection to lose: guarded, it answers as before, and SQL errors pass through.
  it("is harmless: queries, transactions and errors behave as unguarded", async () => {
    const client = await PGlite.create();
    try {
      const breaker = new CircuitBreaker(async () => {}, { clock: manualClock().clock });
      const db = guardDatabase(drizzlePglite(client), breaker);
      const rows = await db.execute(sql`select 1 as one`);
      expect(rows.rows).toEqual([{ one: 1 }]);
      await db.execute(sql`create table t (n int check (n > 0))`);
      await db.transaction(async (tx) => {
        await tx.execute(sql`insert into t values (1)`);
      });
      await expect(db.execute(sql`insert into t values (-1)`)).rejects.toThrow();
      await expect(db.execute(sql`selec nonsense`)).rejects.toThrow();
      expect(breaker.isOpen()).toBe(false);
      expect((await db.execute(sql`select count(*)::int as n from t`)).rows).toEqual([{ n: 1 }]);
    } finally {
      await client.close();
    }
  });
});

// The real driver: a PostgreSQL server reached through a TCP relay this test stops and starts
// (the server itself is never stopped). Needs DATABASE_URL pointing at a local server.
const serverUrl = process.env.DATABASE_URL?.trim();
describe.skipIf(!serverUrl)("guardDatabase on PostgreSQL (postgres-js) through a relay that goes away", () => {
  let relay: net.Server | null = null;
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let port = 0;
  const target = serverUrl ? new URL(serverUrl) : null;

  async function startRelay() {
    relay = net.createServer((client) => {
      connections++;
      const upstream = net.connect({ host: target!.hostname, port: Number(target!.port || 5432) });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay!.listen(port, "127.0.0.1", resolve));
    port = (relay.address() as net.AddressInfo).port;
  }
  async function stopRelay() {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
    relay = null;
  }
  const relayedUrl = () => {
    const url = new URL(serverUrl!);
    url.host = `127.0.0.1:${port}`;
    return url.toString();
  };

  beforeAll(startRelay);
  afterAll(stopRelay);

  it("opens when the connection is lost, refuses without connecting, and a probe closes it when the server answers again", async () => {
    const time = manualClock();
    const client = postgres(relayedUrl(), { max: 2, connect_timeout: 2, onnotice: () => {} });
    const breaker = new CircuitBreaker(postgresProbe(relayedUrl(), 1_000), { clock: time.clock });
    const db = guardDatabase(drizzlePostgres(client), breaker);
    try {
      expect(await db.execute(sql`select 1 as one`)).toEqual([{ one: 1 }]);

      await stopRelay();
      const lost = await db.execute(sql`select 1 as one`).catch((error: unknown) => error);
      expect(isDatabaseUnavailable(lost)).toBe(true);
      expect(breaker.isOpen()).toBe(true);

      // Open: neither a query nor a transaction tries to connect.
      const before = connections;
      await expect(db.execute(sql`select 1`)).rejects.toBeInstanceOf(DatabaseCircuitOpenError);
      await expect(db.transaction(async (tx) => tx.execute(sql`select 1`))).rejects.toBeInstanceOf(DatabaseCircuitOpenError);
      expect(connections).toBe(before);

      // A probe while the server is still unreachable leaves it open.
      await time.fire();
      await waitFor(() => time.pending() === 1);
      expect(breaker.isOpen()).toBe(true);

      await startRelay();
      await time.fire();
      await waitFor(() => !breaker.isOpen());
      expect(await db.execute(sql`select 2 as two`)).toEqual([{ two: 2 }]);
    } finally {
      breaker.dispose();
      await client.end({ timeout: 1 });
    }
  });
});

/** The probe's connection settles on the real event loop: poll for the outcome (bounded). */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(condition()).toBe(true);
}
