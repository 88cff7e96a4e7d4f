import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, rowsOf, type Db, type DbHandle } from "../client";
import { parsePostgresUrl, type DbConfig } from "../config";
import { lockPathFor } from "../pglite-lock";
import { listPublicCorridorWindows } from "../public/corridor-windows";
import { listPublicIncidents } from "../public/incidents";
import { listActiveAreaNotices } from "../public/notices";
import { listPublicRouteStatuses } from "../public/route-statuses";
import { getPublicRouteView, getPublicTownView } from "../public/route-views";
import { listPublicRoutes } from "../public/routes";
import { listPublicStatusEvents } from "../public/status-events";
import { listPublicTowns } from "../public/towns";
import { auditLog } from "../schema/audit";
import { routes, routeStatusEvents } from "../schema/routes";
import { sessionRevocations, users } from "../schema/users";
import { DELIVERY_QUEUE, installJobQueue } from "../job-queue-schema";
import { seedScenario } from "../seed";
import { createTestDb } from "../testing/test-db";
import { backupDatabase, readDbState, restoreDatabase, type BackupResult, type DbState } from "./index";
import { inLanguage } from "@/lib/localized-text";

// Backups made and restored through the same code as npm run db:backup / db:restore: the demo
// scenario plus a few writes, backed up, restored into a fresh database (a new PostgreSQL database,
// or a new PGlite directory), and compared table by table and through the public read functions.

const SEEDED_AT = new Date("2026-11-21T15:00:00Z");
const NOW = new Date("2026-11-21T16:30:00Z"); // the fixed clock both sides are read at
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);
const serverUrl = process.env.DATABASE_URL?.trim();
const label = serverUrl ? "postgres" : "pglite";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "corridor-backup-"));
const cleanups: Array<() => Promise<void>> = [];

let source: DbConfig;
let target: DbConfig;
let sourceState: DbState;
let sourcePublic: string;
let backup: BackupResult;

function urlFor(database: string): string {
  const url = new URL(serverUrl!);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new, truly empty database on the local server (not even migrated), dropped after the file. */
async function createEmptyPostgresDb(): Promise<DbConfig> {
  const server = parsePostgresUrl(serverUrl!);
  if (!LOCAL_HOSTS.has(server.host)) throw new Error(`Refusing to run database tests against ${server.host}.`);
  const name = `corridor_restore_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl!, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database "${name}"`);
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
  return { ...parsePostgresUrl(urlFor(name)), oneRole: true };
}

async function stateOf(db: Db): Promise<DbState> {
  return db.transaction(async (tx) => readDbState(async (text) => rowsOf(await tx.execute(sql.raw(text)))));
}

/** sha256 of everything the public read functions return at NOW: what residents and the API see. */
async function publicChecksum(db: Db): Promise<string> {
  const towns = await listPublicTowns(db);
  const publicRoutes = await listPublicRouteStatuses(db, { now: NOW });
  expect(towns.length).toBeGreaterThan(5);
  expect(publicRoutes.length).toBeGreaterThan(5);
  const json = JSON.stringify({
    towns,
    routes: publicRoutes,
    board: await listPublicRoutes(db),
    statusEvents: await listPublicStatusEvents(db, { limit: 1000 }),
    windows: await listPublicCorridorWindows(db, { now: NOW }),
    incidents: await listPublicIncidents(db),
    notices: await listActiveAreaNotices(db, { now: NOW }),
    townViews: await Promise.all(towns.map((t) => getPublicTownView(db, { slug: t.slug, now: NOW }))),
    routeViews: await Promise.all(publicRoutes.map((r) => getPublicRouteView(db, { slug: r.route.slug, now: NOW }))),
  });
  return crypto.createHash("sha256").update(json).digest("hex");
}

/** Opens a database, runs fn, closes it (a PGlite directory must be closed before a backup or restore takes it). */
async function withDb<T>(config: DbConfig, fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openDb(config);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

async function someWrites(db: Db) {
  const [route] = await db.select().from(routes).where(eq(routes.slug, "kreminna-sloviansk"));
  const at = new Date("2026-11-21T16:00:00Z");
  await db.update(routes).set({ status: "caution", statusReason: inLanguage("en", "Backup test"), statusConfirmedAt: at, version: route!.version + 1 }).where(eq(routes.id, route!.id));
  await db.insert(routeStatusEvents).values({ routeId: route!.id, status: "caution", reason: inLanguage("en", "Backup test"), confirmedAt: at, routeVersion: route!.version + 1 });
  const [user] = await db.insert(users).values({ email: "backup-test@example.org", passwordHash: "x", role: "coordinator", name: "Ольга Backup" }).returning();
  await db.insert(sessionRevocations).values({ sessionId: crypto.randomUUID(), userId: user!.id });
  await db.insert(auditLog).values({ action: "route.status", entityType: "route", entityId: route!.id, after: { status: "caution", note: "ünïcödé ✓" } });
}

beforeAll(async () => {
  if (serverUrl) {
    const t = await createTestDb();
    const [row] = rowsOf<{ name: string }>(await t.db.execute(sql`select current_database() as name`));
    cleanups.push(() => t.drop());
    await seedScenario(t.db, { now: SEEDED_AT, demoUsers: false });
    await someWrites(t.db);
    // As the app leaves it: with the job queue's schema, whose partitioned tables a plain
    // pg_restore --clean could not replace (restore --force below).
    await installJobQueue(urlFor(row!.name));
    sourceState = await stateOf(t.db);
    sourcePublic = await publicChecksum(t.db);
    source = { ...parsePostgresUrl(urlFor(row!.name)), oneRole: true };
    target = await createEmptyPostgresDb();
  } else {
    source = { driver: "pglite", dir: path.join(tmp, "source", "pglite") };
    target = { driver: "pglite", dir: path.join(tmp, "target", "pglite") };
    await withDb(source, async (h) => {
      await h.migrate();
      await seedScenario(h.db, { now: SEEDED_AT, demoUsers: false });
      await someWrites(h.db);
      sourceState = await stateOf(h.db);
      sourcePublic = await publicChecksum(h.db);
    });
  }
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`backup and restore (${label})`, () => {
  it("backs up to a file under its final name, with the row counts and checksum of the source", async () => {
    const out = path.join(tmp, "backups", label === "postgres" ? "corridor.dump" : "corridor.tar.gz");
    backup = await backupDatabase(source, { out });
    expect(backup.path).toBe(out);
    expect(backup.bytes).toBe(fs.statSync(out).size);
    expect(fs.readdirSync(path.dirname(out))).toEqual([path.basename(out)]); // no temporary file left
    expect(backup.state).toEqual(sourceState);
    expect(backup.state.tables.find((t) => t.table === "users")?.rows).toBe(1);
    expect(backup.state.tables.find((t) => t.table === "audit_log")?.rows).toBeGreaterThanOrEqual(1);
    expect(backup.migrations.pending).toEqual([]);
  });

  it("never replaces an existing backup", async () => {
    await expect(backupDatabase(source, { out: backup.path })).rejects.toThrow(/already exists; choose another name/);
  });

  if (label === "postgres") {
    it("refuses to restore while another session is connected to an empty target", async () => {
      const other = postgres((target as Extract<DbConfig, { driver: "postgres" }>).url, { max: 1 });
      try {
        await other`select 1`;
        await expect(restoreDatabase(target, backup.path)).rejects.toThrow(/1 other session\(s\) are connected .*is Corridor running\?.*--force/);
      } finally {
        await other.end();
      }
    });
  }

  it("restores into a fresh database: same rows in every table, same public state", async () => {
    const restored = await restoreDatabase(target, backup.path);
    expect(restored.replaced).toBe(false);
    expect(restored.state).toEqual(sourceState);
    expect(restored.migrations.pending).toEqual([]);
    await withDb(target, async (h) => {
      expect((await stateOf(h.db)).checksum).toBe(sourceState.checksum);
      expect(await publicChecksum(h.db)).toBe(sourcePublic);
      // The sequences came along: the next audit row gets a new id, not one already used.
      const [row] = await h.db.insert(auditLog).values({ action: "test.after_restore", entityType: "test" }).returning();
      expect(row!.id).toBeGreaterThan(Math.max(...(await h.db.select({ id: auditLog.id }).from(auditLog)).filter((r) => r.id !== row!.id).map((r) => r.id)));
      // The restored database is current: migrating changes nothing.
      await h.migrate();
    });
  });

  it("refuses a target that already holds data, and a missing or foreign file", async () => {
    await expect(restoreDatabase(target, backup.path)).rejects.toThrow(label === "postgres" ? /is not empty; .*--force/ : /already holds an embedded database; pass --force/);
    await expect(restoreDatabase(target, path.join(tmp, "nope.dump"))).rejects.toThrow(/^No backup file at .*nope\.dump/);
    const foreign = path.join(tmp, label === "postgres" ? "other.tar.gz" : "other.dump");
    fs.writeFileSync(foreign, label === "postgres" ? Buffer.from([0x1f, 0x8b, 8, 0, 0]) : "PGDMP-not-really");
    await expect(restoreDatabase(target, foreign)).rejects.toThrow(label === "postgres" ? /is an embedded-database backup/ : /is a PostgreSQL \(pg_dump\) backup/);
    const junk = path.join(tmp, "junk.dump");
    fs.writeFileSync(junk, "hello");
    await expect(restoreDatabase(target, junk)).rejects.toThrow(/is not a Corridor backup/);
    // Nothing changed: the target still holds the restored data plus the row written after it.
    await withDb(target, async (h) => {
      expect((await stateOf(h.db)).tables.find((t) => t.table === "audit_log")?.rows).toBe(
        sourceState.tables.find((t) => t.table === "audit_log")!.rows + 1,
      );
    });
  });

  it("with --force replaces the target's contents with the backup's", async () => {
    const restored = await restoreDatabase(target, backup.path, { force: true, now: NOW });
    expect(restored.replaced).toBe(true);
    expect(restored.state).toEqual(sourceState);
    await withDb(target, async (h) => {
      expect(await publicChecksum(h.db)).toBe(sourcePublic);
      if (target.driver === "postgres") {
        // The job queue came back with the rest (its schema was replaced, not left half-dropped).
        const queues = rowsOf<{ name: string }>(await h.db.execute(sql`select name from pgboss.queue order by name`)).map((q) => q.name);
        expect(queues).toContain(DELIVERY_QUEUE);
      }
    });
    if (target.driver === "pglite") {
      // The replaced directory is kept beside it, never deleted.
      expect(restored.replacedDir).toBe(`${target.dir}.replaced-20261121T163000Z`);
      expect(fs.existsSync(path.join(restored.replacedDir!, "PG_VERSION"))).toBe(true);
    }
  });

  if (label === "pglite") {
    it("refuses while another process holds the embedded database, writing no file", async () => {
      const dir = (source as Extract<DbConfig, { driver: "pglite" }>).dir;
      fs.writeFileSync(lockPathFor(dir), String(process.ppid)); // a live process other than this one
      try {
        const out = path.join(tmp, "held", "corridor.tar.gz");
        await expect(backupDatabase(source, { out })).rejects.toThrow(new RegExp(`in use by process ${process.ppid}`));
        expect(fs.readdirSync(path.dirname(out))).toEqual([]);
        await expect(restoreDatabase(source, backup.path, { force: true })).rejects.toThrow(/in use by process/);
      } finally {
        fs.rmSync(lockPathFor(dir), { force: true });
      }
    });
  } else {
    it("refuses a pg_dump older than the server, writing no file", async () => {
      const bin = path.join(tmp, "old-bin");
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, "pg_dump"), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n', { mode: 0o755 });
      process.env.PG_BIN_DIR = bin;
      try {
        const out = path.join(tmp, "old", "corridor.dump");
        await expect(backupDatabase(source, { out })).rejects.toThrow(/^pg_dump 9 cannot dump PostgreSQL \d+; install pg_dump \d+ or newer/);
        expect(fs.readdirSync(path.dirname(out))).toEqual([]);
      } finally {
        delete process.env.PG_BIN_DIR;
      }
    });
  }

  it("the scripts answer one line and exit 1 on a missing file or a bad argument", () => {
    const { DATABASE_URL: _ignored, ...base } = process.env;
    const env = { ...base, ...(target.driver === "postgres" ? { DATABASE_URL: target.url } : { PGLITE_DIR: target.dir }) };
    const run = (script: string, args: string[]) => {
      const r = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", `scripts/${script}`, ...args], { env, encoding: "utf8", timeout: 30_000 });
      return { status: r.status, errorLines: r.stderr.split("\n").filter((l) => l.trim() && !l.includes("nodedir")) };
    };
    const missing = run("db-restore.ts", [path.join(tmp, "missing.dump")]);
    expect(missing.status).toBe(1);
    expect(missing.errorLines).toEqual([expect.stringMatching(/^corridor: No backup file at .*missing\.dump/)]);
    const none = run("db-restore.ts", []);
    expect(none.status).toBe(1);
    expect(none.errorLines).toEqual([expect.stringMatching(/^corridor: Give one backup file/)]);
  });
});
