import "server-only";
import fs from "node:fs";
import { ConfigError } from "@/lib/config-error";
import { describeDb, type DbConfig } from "../config";
import { backupKindOf, defaultBackupPath, formatBytes, sha256OfFile, writeAtomically } from "./files";
import { dumpPglite, restorePglite } from "./pglite";
import { dumpPostgres, restorePostgres } from "./postgres";
import { describeMigrations, type DbState, type MigrationState } from "./state";

export { defaultBackupPath } from "./files";
export { readDbState, readMigrationState, type DbState, type MigrationState, type Query } from "./state";

export type BackupResult = {
  path: string;
  bytes: number;
  /** sha256 of the file, to check a copy kept elsewhere. */
  fileSha256: string;
  state: DbState;
  migrations: MigrationState;
  source: string;
};

/**
 * Backs up the configured database to `out` (default backups/corridor-<UTC time>.dump or .tar.gz):
 * pg_dump on PostgreSQL, PGlite's data directory tarball on the embedded database. The file
 * appears under its final name only when complete.
 */
export async function backupDatabase(config: DbConfig, options: { out?: string; now?: Date } = {}): Promise<BackupResult> {
  if (config.driver === "pglite" && config.dir === ":memory:") throw new ConfigError("An in-memory database cannot be backed up.");
  const out = options.out ?? defaultBackupPath(config.driver, options.now);
  let read: { state: DbState; migrations: MigrationState } | undefined;
  await writeAtomically(out, async (temp) => {
    read =
      config.driver === "postgres"
        ? await dumpPostgres(config, temp)
        : await dumpPglite(config.dir, (data) => fs.promises.writeFile(temp, data));
  });
  if (!read) throw new Error("the backup wrote nothing");
  return {
    path: out,
    bytes: fs.statSync(out).size,
    fileSha256: await sha256OfFile(out),
    ...read,
    source: describeDb(config),
  };
}

export type RestoreResult = {
  state: DbState;
  migrations: MigrationState;
  target: string;
  /** True when existing contents were replaced (only with force). */
  replaced: boolean;
  /** Embedded only: where the replaced directory was kept. */
  replacedDir: string | null;
};

/**
 * Restores a backup file into the configured database. The file's kind (pg_dump archive or PGlite
 * tarball) must match the driver. A database or directory that already holds data is refused
 * unless `force`.
 */
export async function restoreDatabase(config: DbConfig, file: string, options: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  const kind = backupKindOf(file);
  const force = options.force ?? false;
  if (kind !== config.driver) {
    throw new ConfigError(
      kind === "postgres"
        ? `${file} is a PostgreSQL (pg_dump) backup; set DATABASE_URL to the PostgreSQL database to restore it into.`
        : `${file} is an embedded-database backup; unset DATABASE_URL (and set PGLITE_DIR) to restore it into an embedded database.`,
    );
  }
  const target = describeDb(config);
  if (config.driver === "postgres") {
    const r = await restorePostgres(config, file, { force });
    return { state: r.state, migrations: r.migrations, target, replaced: r.replacedExisting, replacedDir: null };
  }
  if (config.dir === ":memory:") throw new ConfigError("Cannot restore into an in-memory database; set PGLITE_DIR to a directory.");
  const r = await restorePglite(config.dir, file, { force, now: options.now });
  return { state: r.state, migrations: r.migrations, target, replaced: r.replacedDir !== null, replacedDir: r.replacedDir };
}

/** The lines a script prints about a database's contents: totals, checksum, migrations, then each table. */
export function describeState(state: DbState, migrations: MigrationState): string[] {
  const rows = state.tables.reduce((sum, t) => sum + t.rows, 0);
  const width = Math.max(...state.tables.map((t) => t.table.length), 0);
  return [
    `${state.tables.length} tables, ${rows} rows; contents checksum ${state.checksum}; ${describeMigrations(migrations)}.`,
    ...state.tables.map((t) => `  ${t.table.padEnd(width)}  ${String(t.rows).padStart(8)}`),
  ];
}

export function describeBackup(r: BackupResult): string[] {
  return [
    `backed up ${r.source} to ${r.path} (${formatBytes(r.bytes)}, sha256 ${r.fileSha256}).`,
    ...describeState(r.state, r.migrations),
  ];
}

export function describeRestore(file: string, r: RestoreResult): string[] {
  return [
    `restored ${file} into ${r.target}${r.replaced ? " (its previous contents were replaced)" : ""}.`,
    ...(r.replacedDir ? [`the previous embedded database was kept in ${r.replacedDir}.`] : []),
    ...describeState(r.state, r.migrations),
  ];
}
