// What the benchmark scripts share: a free local port, and a database of their own on the local
// PostgreSQL server, migrated and loaded with the demo scenario, dropped when the bench ends.
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import postgres from "postgres";
import { openDb } from "@/db/client";
import { parsePostgresUrl } from "@/db/config";
import { createUser } from "@/db/queries/users";
import { seedScenario } from "@/db/seed";
import { seedNationalScenario } from "@/db/seed-national";
import { ConfigError } from "@/lib/config-error";
import { subscriberKeys } from "@/lib/sealing";

export type BenchDatabaseOptions = {
  /** What to load: the demo scenario (default) or the national scale set (db/seed-national.ts, seed 1). */
  scenario?: "demo" | "national";
  /** An admin account made for the run, in no organisation. */
  admin?: { email: string; password: string };
};

/** A port nothing listens on now: `preferred` if it is free, else one the system picks. */
export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const { port: got } = server.address() as net.AddressInfo;
        server.close(() => resolve(got));
      });
    });
  const port = (preferred && (await tryPort(preferred))) || (await tryPort(0));
  if (!port) throw new Error("no free local port");
  return port;
}

/**
 * A new database `corridor_<label>_<time>_<random>` on the local PostgreSQL server of `baseUrl`,
 * migrated and seeded with the demo scenario (or the national set, `options`). Only a local server is accepted: the bench creates
 * and drops databases there. The caller registers `drop` with its own cleanup.
 */
export async function createBenchDatabase(baseUrl: string, label: string, options: BenchDatabaseOptions = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const server = parsePostgresUrl(baseUrl);
  if (!["localhost", "127.0.0.1", "::1"].includes(server.host)) {
    throw new ConfigError(`refusing to benchmark against ${server.host}: DATABASE_URL must name a local PostgreSQL server (the bench creates and drops a database there).`);
  }
  const name = `corridor_${label}_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  const admin = postgres(baseUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database "${name}"`);
  const drop = async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    // The bench runs as the server's own user, which owns what it migrates: the one-role setup.
    const handle = await openDb({ ...parsePostgresUrl(url.toString()), oneRole: true });
    try {
      await handle.migrate();
      if (options.scenario === "national") {
        // Subscribers sealed with a key of the run's own: the bench sends nothing.
        await seedNationalScenario(handle.db, { scale: "national", seed: 1, keys: subscriberKeys(crypto.randomBytes(32)) });
      } else {
        await seedScenario(handle.db);
      }
      if (options.admin) {
        await createUser(handle.db, null, { ...options.admin, role: "admin", name: "Bench" });
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  return { url: url.toString(), drop };
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited within 5 s (a bench must never leave a server behind). */
export function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 7000))]);
    clearTimeout(timer);
  };
}

/** Waits until a bench's server answers /api/health, failing with its last lines if it exits or takes too long. */
export async function waitForHealth(base: string, child: ChildProcess, tail: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${tail()}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server did not become healthy within ${timeoutMs / 1000} s:\n${tail()}`);
}
