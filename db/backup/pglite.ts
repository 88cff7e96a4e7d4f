import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { ConfigError } from "@/lib/config-error";
import { acquirePgliteLock } from "../pglite-lock";
import { readDbState, readMigrationState, type DbState, type MigrationState, type Query } from "./state";

const queryOn = (pg: PGlite | { query: PGlite["query"] }): Query => async (text) =>
  (await pg.query<Record<string, unknown>>(text)).rows;

async function readAll(pg: PGlite): Promise<{ state: DbState; migrations: MigrationState }> {
  return pg.transaction(async (tx) => {
    const query = queryOn(tx);
    return { state: await readDbState(query), migrations: await readMigrationState(query) };
  });
}

function isNonEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type PgliteBackup = { state: DbState; migrations: MigrationState };

/**
 * The embedded database's data directory as a gzipped tarball (PGlite's dumpDataDir), after a
 * CHECKPOINT so the tarball needs no recovery. Takes the directory's lock: PGlite cannot share a
 * directory between processes, so this refuses while the server (or any script) holds it.
 */
export async function dumpPglite(dir: string, writeTo: (data: Uint8Array) => Promise<void>): Promise<PgliteBackup> {
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    throw new ConfigError(`There is no embedded database in ${dir}; set PGLITE_DIR to the directory the server uses (or DATABASE_URL for PostgreSQL).`);
  }
  const release = acquirePgliteLock(dir);
  try {
    let pg: PGlite;
    try {
      pg = await PGlite.create(dir);
    } catch (error) {
      throw new ConfigError(`Cannot open the embedded database in ${dir} (${reasonOf(error)}).`);
    }
    try {
      await pg.exec("checkpoint");
      const read = await readAll(pg);
      const blob = await pg.dumpDataDir("gzip");
      await writeTo(new Uint8Array(await blob.arrayBuffer()));
      return read;
    } finally {
      await pg.close();
    }
  } finally {
    release();
  }
}

export type PgliteRestore = { state: DbState; migrations: MigrationState; replacedDir: string | null };

/**
 * Unpacks a tarball made by dumpPglite into `dir`. It is unpacked into a new directory beside `dir`
 * and opened there first; only a database that opens is moved into place. An existing non-empty
 * `dir` is refused unless `force`, and then kept, renamed to `<dir>.replaced-<time>`, never deleted.
 * Holds `dir`'s lock throughout, so it refuses while the server runs and no server starts meanwhile.
 */
export async function restorePglite(dir: string, file: string, options: { force: boolean; now?: Date }): Promise<PgliteRestore> {
  const occupied = isNonEmptyDir(dir);
  if (occupied && !options.force) {
    throw new ConfigError(`${dir} already holds an embedded database; pass --force to replace it (it is kept as ${dir}.replaced-<time>), or set PGLITE_DIR to a new directory.`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true }); // PGlite does not create parents
  const release = acquirePgliteLock(dir);
  const staging = `${dir}.restoring-${process.pid}`;
  try {
    fs.rmSync(staging, { recursive: true, force: true });
    const blob = new Blob([fs.readFileSync(file)]);
    let pg: PGlite;
    try {
      pg = await PGlite.create({ dataDir: staging, loadDataDir: blob });
    } catch (error) {
      throw new ConfigError(`${file} could not be opened as an embedded database (${reasonOf(error)}); nothing was changed.`);
    }
    let read: { state: DbState; migrations: MigrationState };
    try {
      read = await readAll(pg);
      await pg.exec("checkpoint");
    } finally {
      await pg.close();
    }
    let replacedDir: string | null = null;
    if (occupied) {
      const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
      replacedDir = `${dir}.replaced-${stamp}`;
      fs.renameSync(dir, replacedDir);
    } else {
      fs.rmSync(dir, { recursive: true, force: true }); // an empty directory
    }
    fs.renameSync(staging, dir);
    return { ...read, replacedDir };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    release();
  }
}
