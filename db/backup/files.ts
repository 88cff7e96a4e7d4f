import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "@/lib/config-error";

export type BackupKind = "postgres" | "pglite";

export const BACKUP_DIR = "backups";
const EXTENSIONS: Record<BackupKind, string> = { postgres: ".dump", pglite: ".tar.gz" };

/** backups/corridor-20261121T231500Z.dump (PostgreSQL) or .tar.gz (embedded), relative to the working directory. */
export function defaultBackupPath(kind: BackupKind, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return path.join(BACKUP_DIR, `corridor-${stamp}${EXTENSIONS[kind]}`);
}

/**
 * Writes a backup under a temporary name beside its final one and renames it into place only once
 * it is complete, so a file with the final name is never half-written. Refuses to replace a file.
 * `write` receives the temporary path and must leave the whole backup there.
 */
export async function writeAtomically(finalPath: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  if (fs.existsSync(finalPath)) throw new ConfigError(`${finalPath} already exists; choose another name (backups are never overwritten).`);
  fs.mkdirSync(path.dirname(path.resolve(finalPath)), { recursive: true });
  const tempPath = `${finalPath}.partial-${process.pid}`;
  try {
    await write(tempPath);
    const fd = fs.openSync(tempPath, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // link() fails if the final name appeared meanwhile, where rename() would replace it.
    fs.linkSync(tempPath, finalPath);
  } finally {
    fs.rmSync(tempPath, { force: true });
  }
}

export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash("sha256");
    fs.createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });
}

/** Which kind of backup a file is, from its first bytes (not its name). Throws ConfigError if unreadable or neither. */
export function backupKindOf(file: string): BackupKind {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, "r");
    try {
      head = Buffer.alloc(5);
      fs.readSync(fd, head, 0, 5, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ConfigError(`No backup file at ${file}; give the path of a file made by npm run db:backup.`);
    if (code === "EISDIR") throw new ConfigError(`${file} is a directory; give the path of a file made by npm run db:backup.`);
    throw new ConfigError(`Cannot read ${file} (${code ?? String(error)}).`);
  }
  if (head.toString("latin1") === "PGDMP") return "postgres";
  if (head[0] === 0x1f && head[1] === 0x8b) return "pglite";
  throw new ConfigError(`${file} is not a Corridor backup (neither a pg_dump custom-format archive nor an embedded database .tar.gz).`);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
